package iecbot;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server's {@link MongoServer#bind} with the same pipeline and the library's own handlers, but the
 * commands run on a pool of worker threads instead of the netty event loop their connection belongs to.
 *
 * <p>The library runs every command on the event-loop thread of its connection, and a collection serves one
 * command at a time (its methods are {@code synchronized}). A thread whose command waits for a collection, or scans
 * one, holds every other connection on that event loop, among them the driver's server-monitor connections: their
 * heartbeats time out (after the app's connectTimeoutMS, 5 s), the driver marks the server unknown and clears its
 * pool, and the app answers "database unavailable" (issue #16). Here the event loops only read, decode, encode and
 * write, and answer the monitor's own commands ({@link MonitoringCommands}); everything else goes to
 * {@link MongoDatabaseHandler} on {@link #commandExecutors}. Each connection keeps one worker thread (netty pins a
 * channel's handler to one executor of the group), so its commands still run one after another, in order.
 */
final class WireServer {
    /**
     * Worker threads for commands. Connections are spread over them in turn, and a connection whose command waits for
     * a collection holds the others of its thread (before, 4 event-loop threads held every connection). More threads
     * do not make a collection serve more than one command at once, and each running command may hold the documents
     * it gathers: 16 keeps that bounded under the launcher's heap (launcher.ts, DEFAULT_MAX_HEAP). The monitor's
     * commands never wait for these threads. A thread starts on its first command.
     */
    static final int DEFAULT_COMMAND_THREADS = 16;

    private final MongoBackend backend;
    private final int commandThreads;
    private EventLoopGroup bossGroup;
    private EventLoopGroup eventLoops;
    private EventExecutorGroup commandExecutors;
    private Channel channel;

    WireServer(MongoBackend backend, int commandThreads) {
        this.backend = backend;
        this.commandThreads = commandThreads;
    }

    /** Listens on host:port; throws (unchecked, as netty does) when it cannot, with every thread it started stopped. */
    InetSocketAddress bind(String host, int port) {
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mongo-server-boss"), NioIoHandler.newFactory());
        // 0: netty's default, twice the cores, as the library's bind(host, port)
        eventLoops = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("mongo-server-worker"), NioIoHandler.newFactory());
        commandExecutors = new DefaultEventExecutorGroup(commandThreads, new DefaultThreadFactory("mongo-server-command"));
        ChannelGroup channelGroup = new DefaultChannelGroup("mongodb-channels", eventLoops.next());
        try {
            channel = new ServerBootstrap()
                .group(bossGroup, eventLoops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 100)
                .localAddress(new InetSocketAddress(host, port))
                .childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                            .addLast(new MongoWireReplyEncoder())
                            .addLast(new MongoWireMessageEncoder())
                            .addLast(new MongoWireProtocolHandler())
                            .addLast(new MonitoringCommands(backend, channelGroup))
                            .addLast(commandExecutors, "commands", new MongoDatabaseHandler(backend, channelGroup))
                            .addLast(new MongoExceptionHandler());
                    }
                })
                .bind()
                .syncUninterruptibly()
                .channel();
        } catch (RuntimeException e) {
            stopThreads();
            throw e;
        }
        return (InetSocketAddress) channel.localAddress();
    }

    /** As the library's shutdown: stop listening, let the threads finish what they run, then close the backend. */
    void shutdown() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        stopThreads();
        backend.close();
    }

    private void stopThreads() {
        for (EventExecutorGroup group : new EventExecutorGroup[] {bossGroup, eventLoops, commandExecutors}) {
            if (group != null) {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            }
        }
        for (EventExecutorGroup group : new EventExecutorGroup[] {bossGroup, eventLoops, commandExecutors}) {
            if (group != null) {
                group.terminationFuture().syncUninterruptibly();
            }
        }
    }
}
