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
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;

import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server's {@link MongoServer#bind} with the same pipeline and the library's own handlers, but the
 * commands run on a shared pool of worker threads instead of the netty event loop their connection belongs to.
 *
 * <p>The library runs every command on the event-loop thread of its connection, and a collection serves one
 * command at a time (its methods are {@code synchronized}). A thread whose command waits for a collection, or scans
 * one, holds every other connection on that event loop, among them the driver's server-monitor connections: their
 * heartbeats time out (after the app's connectTimeoutMS, 5 s), the driver marks the server unknown and clears its
 * pool, and the app answers "database unavailable" (issue #16). Here the event loops only read, decode, encode and
 * write, and answer the monitor's own commands ({@link MonitoringCommands}); everything else goes to the library's
 * {@link MongoDatabaseHandler}, one connection's commands one after another, on whichever thread of
 * {@link #commandPool} is free ({@link QueuedCommands}), and a command that has waited past its {@code maxTimeMS} is
 * answered with MongoDB's error instead of being run ({@link MaxTime}).
 */
final class WireServer {
    /**
     * Worker threads for commands, shared by every connection: a command takes any free one, and waits only when all
     * are busy. A thread blocked on a collection another command holds costs its stack and no documents, so the pool
     * is sized for the commands that can be outstanding at once (the app's driver opens up to 100 connections), not
     * for the cores: a person's read of another collection then finds a free thread instead of waiting behind
     * commands for a locked one. Only one command at a time runs in a collection, so more threads do not make more
     * commands hold what they gathered at once. Threads start on demand and end after a minute idle. The monitor's
     * commands never wait for these threads.
     */
    static final int DEFAULT_COMMAND_THREADS = 128;

    private static final long IDLE_THREAD_SECONDS = 60;

    private final MongoBackend backend;
    private final int commandThreads;
    private EventLoopGroup bossGroup;
    private EventLoopGroup eventLoops;
    private ThreadPoolExecutor commandPool;
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
        commandPool = new ThreadPoolExecutor(commandThreads, commandThreads, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), new DefaultThreadFactory("mongo-server-command"));
        commandPool.allowCoreThreadTimeOut(true);
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
                            .addLast("commands", new QueuedCommands(backend, channelGroup, commandPool))
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
        EventExecutorGroup[] groups = {bossGroup, eventLoops};
        for (EventExecutorGroup group : groups) {
            if (group != null) {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            }
        }
        if (commandPool != null) {
            commandPool.shutdown(); // what is queued still runs
        }
        for (EventExecutorGroup group : groups) {
            if (group != null) {
                group.terminationFuture().syncUninterruptibly();
            }
        }
        if (commandPool != null) {
            try {
                commandPool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
