package iecbot;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection's commands, run by the library's own {@link MongoDatabaseHandler} on the server's shared pool of
 * worker threads ({@link WireServer}), one after another in the order they arrived, and a command that has waited
 * past its {@code maxTimeMS} answered with MongoDB's error instead ({@link MaxTime}).
 *
 * <p>Before, netty pinned each connection to one thread of a group of 16, so a connection whose thread was blocked on
 * a busy collection waited even when other threads were idle: a person's one-document read of the people index sat
 * behind another connection's commitments scan. Here any free thread takes a connection's next command; a connection
 * is never on two threads at once, and its next command starts only after the one before it has answered, so the
 * answers leave in order (a driver sends one request on a connection and waits for its answer; the wire protocol
 * lets a client send more, and those keep their order too). The channel's close runs after its last command, as
 * before (the backend then closes the connection's cursors). An instance serves one connection.
 *
 * <p>A command with a {@code maxTimeMS} is answered with MaxTimeMSExpired when a thread takes it past that time, and
 * also when that time passes while it still waits for a thread with no command of its connection before it
 * unanswered: when every thread is held by commands waiting for a collection, its client hears at its limit instead of
 * at its socket timeout, and the thread that later takes it only drops it. That answer is handed to the event loop
 * behind the answers of the connection's earlier commands, so the order holds there too.
 */
final class QueuedCommands extends MongoDatabaseHandler {
    private final Executor pool;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    /** True while one of this connection's commands is running or handed to the pool. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** True while one of this connection's commands runs on a worker thread. */
    private volatile boolean running;
    private final AtomicInteger replyIds = new AtomicInteger();

    QueuedCommands(MongoBackend backend, ChannelGroup channelGroup, Executor pool) {
        super(backend, channelGroup);
        this.pool = pool;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientRequest request) {
        long received = System.nanoTime();
        long limit = MaxTime.limitMillis(request);
        if (limit < 0) {
            enqueue(ctx, () -> run(ctx, request));
            return;
        }
        AtomicBoolean taken = new AtomicBoolean();
        AtomicReference<Future<?>> timer = new AtomicReference<>();
        Runnable command = () -> {
            if (!taken.compareAndSet(false, true)) {
                return; // answered already, past its maxTimeMS, while it waited for a thread
            }
            Future<?> pending = timer.get();
            if (pending != null) {
                pending.cancel(false);
            }
            if (MaxTime.expired(request, received, System.nanoTime())) {
                ctx.channel().writeAndFlush(MaxTime.expiredReply(request, replyIds.incrementAndGet()));
            } else {
                run(ctx, request);
            }
        };
        enqueue(ctx, command);
        // when its time is up while it still waits for a thread, and no command of the connection before it is
        // unanswered, it is answered then rather than when a thread is free (all of them may be held for long); handed
        // to the event loop once more, so that it goes behind the answers of the commands before it
        timer.set(ctx.executor().schedule(() -> ctx.executor().execute(() -> {
            if (waiting.peek() == command && !running && taken.compareAndSet(false, true)) {
                ctx.channel().writeAndFlush(MaxTime.expiredReply(request, replyIds.incrementAndGet()));
            }
        }), limit, TimeUnit.MILLISECONDS));
    }

    private void run(ChannelHandlerContext ctx, ClientRequest request) {
        try {
            super.channelRead0(ctx, request);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e); // to the pipeline's MongoExceptionHandler, as when the library ran it
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        enqueue(ctx, () -> {
            try {
                super.channelInactive(ctx);
            } catch (Exception e) {
                ctx.fireExceptionCaught(e);
            }
        });
    }

    private void enqueue(ChannelHandlerContext ctx, Runnable task) {
        waiting.add(task);
        schedule(ctx);
    }

    /** Hands the connection's next command to the pool unless one of its commands is there or running already. */
    private void schedule(ChannelHandlerContext ctx) {
        if (waiting.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            pool.execute(() -> runNext(ctx));
        } catch (RejectedExecutionException e) { // the server is stopping: the client sees its connection closed
            waiting.clear();
            ctx.channel().close();
        }
    }

    private void runNext(ChannelHandlerContext ctx) {
        running = true; // before the poll: a command at the head of the queue has none of its connection running before it
        Runnable task = waiting.poll();
        try {
            if (task != null) {
                task.run();
            }
        } finally {
            running = false; // after the command's answer was handed to the event loop
            scheduled.set(false);
            schedule(ctx); // one command a turn, so a connection with many waiting does not keep its thread
        }
    }
}
