package iecbot;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;

import java.util.Iterator;

/**
 * Answers the commands a driver's server monitor sends ({@code ismaster}/{@code isMaster} as the handshake of every
 * new connection and as the heartbeat, {@code hello} on {@code admin}, {@code ping}) on the connection's event-loop
 * thread, before they could queue behind the commands running on the worker pool ({@link WireServer}) or wait for a
 * collection's lock. Every other request passes on, untouched, to the library's {@link MongoDatabaseHandler} on the
 * worker pool.
 *
 * <p>The answers are the library's own: this is its {@link MongoDatabaseHandler}, given only the messages that
 * {@link #acceptInboundMessage} picks. The backend answers these commands before it resolves a database, from its
 * version and clock alone (no collection, no lock); {@code hello} is taken only on {@code admin}, where the backend
 * answers it (with its "no such command" error: the Node driver sends {@code ismaster} unless the server's answer
 * says {@code helloOk}). The channel's registration and its close are left to the pipeline's other handler, which
 * owns them.
 *
 * <p>The driver sends one request at a time on a connection and waits for its answer (no pipelining; monitors use
 * connections of their own), so answering these on another thread than the connection's other commands cannot
 * change the order of the answers it waits for.
 */
final class MonitoringCommands extends MongoDatabaseHandler {
    MonitoringCommands(MongoBackend backend, ChannelGroup channelGroup) {
        super(backend, channelGroup);
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        if (msg instanceof MongoMessage message) {
            return isMonitoring(firstKey(message.getDocument()), message.getDatabaseName());
        }
        if (msg instanceof MongoQuery query && "$cmd".equals(query.getCollectionName())) {
            Document command = query.getQuery();
            String name = firstKey(command);
            if ("$query".equals(name) && command.get("$query") instanceof Document wrapped) {
                name = firstKey(wrapped);
            }
            return isMonitoring(name, query.getDatabaseName());
        }
        return false;
    }

    static boolean isMonitoring(String command, String database) {
        if (command == null) {
            return false;
        }
        return command.equalsIgnoreCase("ismaster")
            || command.equalsIgnoreCase("ping")
            || (command.equals("hello") && "admin".equals(database));
    }

    private static String firstKey(Document document) {
        if (document == null) {
            return null;
        }
        Iterator<String> keys = document.keySet().iterator();
        return keys.hasNext() ? keys.next() : null;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ctx.fireChannelInactive();
    }
}
