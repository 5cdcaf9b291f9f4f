package iecbot;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * A command's {@code maxTimeMS}, which mongo-java-server ignores: a command that has waited for a worker thread at
 * least that long is answered with MongoDB's own error instead of being run ({@link QueuedCommands}). Its client has
 * stopped waiting for it (the app's person read gives what its request deadline leaves, src/access/people.ts), so
 * running it would only hold a worker thread, and a collection, for an answer nobody reads.
 *
 * <p>Only an OP_MSG command (every command a current driver sends after its handshake) with a positive
 * {@code maxTimeMS} can expire; a command without one always runs, so a write that did not ask for a limit is never
 * dropped. {@code getMore} is left out: its {@code maxTimeMS} is how long a tailable cursor waits for new documents,
 * not a limit. A command that has started is not stopped (the library cannot be interrupted): the check is made once,
 * when a worker takes the command.
 */
final class MaxTime {
    static final int CODE = 50;
    static final String CODE_NAME = "MaxTimeMSExpired";
    static final String MESSAGE = "operation exceeded time limit";
    private static final long NONE = -1;

    private MaxTime() {
    }

    /** The command's {@code maxTimeMS} in milliseconds, or -1 when it has none that can expire. */
    static long limitMillis(ClientRequest request) {
        if (!(request instanceof MongoMessage message) || message.getDocument() == null) {
            return NONE;
        }
        Document command = message.getDocument();
        Iterator<String> keys = command.keySet().iterator();
        if (!keys.hasNext() || "getMore".equals(keys.next())) {
            return NONE;
        }
        if (!(command.get("maxTimeMS") instanceof Number limit)) {
            return NONE;
        }
        long millis = limit.longValue();
        return millis > 0 ? millis : NONE; // 0: no limit, as in MongoDB; a negative one is the library's to refuse
    }

    /** True when the command, received at {@code receivedNanos} ({@link System#nanoTime}), has used up its maxTimeMS by {@code nowNanos}. */
    static boolean expired(ClientRequest request, long receivedNanos, long nowNanos) {
        long limit = limitMillis(request);
        return limit != NONE && nowNanos - receivedNanos >= TimeUnit.MILLISECONDS.toNanos(limit);
    }

    /** MongoDB's answer to a command past its maxTimeMS, to {@code request} (an OP_MSG, as {@link #limitMillis} requires). */
    static MongoMessage expiredReply(ClientRequest request, int replyId) {
        Document error = new Document();
        error.put("ok", Integer.valueOf(0)); // as the library's own error answers
        error.put("errmsg", MESSAGE);
        error.put("code", Integer.valueOf(CODE));
        error.put("codeName", CODE_NAME);
        return new MongoMessage(request.getChannel(), new MessageHeader(replyId, request.getHeader().getRequestID()), error);
    }
}
