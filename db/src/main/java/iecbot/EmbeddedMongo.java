package iecbot;

import de.bwaldvogel.mongo.MongoBackend;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;

/**
 * Starts a MongoDB-wire-compatible server (mongo-java-server) for tests and local runs.
 *
 * <pre>
 *   java -jar iec-embedded-mongo.jar [--port N] [--host H] (--memory | --data-dir DIR) [--exit-on-stdin-eof]
 *                                    [--command-threads N]
 * </pre>
 *
 * Prints exactly one line {@code READY mongodb://HOST:PORT} on stdout once it accepts connections.
 * With {@code --exit-on-stdin-eof} it shuts down when its standard input closes, so a parent process
 * that dies (even by SIGKILL) never leaves the server behind.
 *
 * <p>The backends are mongo-java-server's own, with one change to their query planning ({@link IdLookup}): a
 * filter with an {@code _id} condition beside others is answered from the {@code _id} index. The server is
 * mongo-java-server's pipeline with its own handlers, bootstrapped here ({@link WireServer}) so that commands run on
 * {@code --command-threads} worker threads shared by every connection (default
 * {@value WireServer#DEFAULT_COMMAND_THREADS}; {@link QueuedCommands}), a command that waited for one past its
 * {@code maxTimeMS} is answered with MongoDB's MaxTimeMSExpired instead of being run ({@link MaxTime}), and the
 * driver's monitoring commands are answered on the event loop without waiting behind them ({@link MonitoringCommands}).
 */
public final class EmbeddedMongo {
    private EmbeddedMongo() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        String host = "127.0.0.1";
        String dataDir = null;
        boolean memory = false;
        boolean exitOnStdinEof = false;
        int commandThreads = WireServer.DEFAULT_COMMAND_THREADS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = parsePort(valueAfter(args, i++));
                case "--host" -> host = valueAfter(args, i++);
                case "--data-dir" -> dataDir = valueAfter(args, i++);
                case "--memory" -> memory = true;
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                case "--command-threads" -> commandThreads = parseThreads(valueAfter(args, i++));
                default -> fail("unknown option " + args[i]);
            }
        }
        if (!memory && dataDir == null) {
            fail("give --memory or --data-dir DIR");
        }

        MongoBackend backend;
        if (memory) {
            backend = new IdFirstMemoryBackend();
        } else {
            File dir = new File(dataDir);
            if (!dir.isDirectory() && !dir.mkdirs()) {
                fail("cannot create data directory " + dir.getAbsolutePath());
            }
            backend = new IdFirstH2Backend(new File(dir, "iec-bot.mv").getAbsolutePath());
        }

        WireServer server = new WireServer(backend, commandThreads);
        InetSocketAddress address = null;
        try {
            address = server.bind(host, port);
        } catch (Exception e) { // netty rethrows checked exceptions such as BindException unchecked
            backend.close();
            fail("cannot listen on " + host + ":" + port + " (" + rootMessage(e) + ")");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "embedded-mongo-shutdown"));
        System.out.println("READY mongodb://" + host + ":" + address.getPort());
        System.out.flush();

        if (exitOnStdinEof) {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // keep reading until the parent closes our stdin
                }
            } catch (IOException ignored) {
                // treated like EOF
            }
            System.exit(0);
        } else {
            Thread.currentThread().join();
        }
    }

    private static String valueAfter(String[] args, int i) {
        if (i + 1 >= args.length) {
            fail(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                fail("--port must be 0..65535, got " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            fail("--port must be a number, got " + value);
            return -1;
        }
    }

    private static int parseThreads(String value) {
        try {
            int threads = Integer.parseInt(value);
            if (threads < 1) {
                fail("--command-threads must be at least 1, got " + value);
            }
            return threads;
        } catch (NumberFormatException e) {
            fail("--command-threads must be a number, got " + value);
            return -1;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void fail(String message) {
        System.err.println("embedded-mongo: " + message);
        System.exit(2);
    }
}
