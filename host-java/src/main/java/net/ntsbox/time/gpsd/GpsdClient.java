package net.ntsbox.time.gpsd;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import net.ntsbox.time.source.BoundedLineReader;

/**
 * Thin adapter: a TCP client of gpsd (default port 2947). On connect it sends
 * {@value #WATCH} and hands every parsed report to the sink; lines over the length bound are
 * discarded and counted, bad reports are counted by drop reason. A connection that is refused,
 * fails, ends, or goes quiet for longer than the read timeout (gpsd sends a TPV every epoch
 * while a device is active) is closed and retried after a backoff (doubling to a maximum,
 * reset once a connection delivered a report).
 *
 * <p>The sink runs on the client's thread; a {@link net.ntsbox.time.ClockDiscipline} is
 * single-threaded, so hand messages over to the discipline's thread (a queue), stamped there.
 */
public final class GpsdClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GpsdClient.class.getName());

    /** Start streaming JSON reports including PPS/TOFF (gpsd_json(5) WATCH). */
    public static final String WATCH = "?WATCH={\"enable\":true,\"json\":true,\"pps\":true};";

    /**
     * @param readTimeout no bytes for this long means the connection is dead
     * @param maxLineLength longer lines are discarded (at most {@link GpsdJsonParser#MAX_LENGTH})
     */
    public record Settings(String host, int port, Duration connectTimeout, Duration readTimeout,
                           Duration initialBackoff, Duration maxBackoff, int maxLineLength) {
        public Settings {
            if (port < 1 || port > 65_535 || maxLineLength < 80 || maxLineLength > GpsdJsonParser.MAX_LENGTH
                    || connectTimeout.toMillis() < 1 || readTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("invalid gpsd client settings");
            }
        }

        /** 2 s connect, 5 s read timeout, reconnect after 1 s doubling to 60 s, 16 KiB lines. */
        public static Settings defaults(String host, int port) {
            return new Settings(host, port, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1),
                    Duration.ofSeconds(60), GpsdJsonParser.MAX_LENGTH);
        }
    }

    private final Settings settings;
    private final Consumer<GpsdMessage> sink;
    private final Backoff backoff;
    private final Map<GpsdJsonParser.Drop, Long> drops = new EnumMap<>(GpsdJsonParser.Drop.class);
    private volatile boolean closed;
    private volatile Consumer<String> failureListener;
    private volatile Socket socket;
    private Thread thread;
    private long connections;
    private long failures;
    private long overlong;
    private long reports;

    public GpsdClient(Settings settings, Consumer<GpsdMessage> sink) {
        this.settings = settings;
        this.sink = sink;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
    }

    /**
     * Failures (refused, lost, silent connections) go to {@code listener} instead of the log, so
     * a caller that reports outages once does not get one WARNING per retry. Set before {@link #start}.
     */
    public void onFailure(Consumer<String> listener) {
        this.failureListener = listener;
    }

    /** Starts the connect/read/reconnect loop on a daemon thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = Thread.ofPlatform().daemon().name("gpsd-client").start(this::loop);
    }

    public synchronized long connections() { return connections; }
    public synchronized long failures() { return failures; }
    public synchronized long overlongLines() { return overlong; }
    public synchronized long reports() { return reports; }

    public synchronized Map<GpsdJsonParser.Drop, Long> drops() {
        return Map.copyOf(drops);
    }

    private void loop() {
        while (!closed) {
            try {
                session();
            } catch (IOException e) {
                synchronized (this) {
                    failures++;
                }
                if (!closed) {
                    String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                    Consumer<String> l = failureListener;
                    if (l != null) {
                        l.accept(why);
                    } else {
                        LOG.log(System.Logger.Level.WARNING, "gpsd {0}:{1}: {2}", settings.host(),
                                String.valueOf(settings.port()), why);
                    }
                }
            }
            if (closed) {
                return;
            }
            try {
                Thread.sleep(backoff.next());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One connection: connect, WATCH, read until the stream ends or times out. */
    void session() throws IOException {
        boolean gotReport = false;
        try (Socket s = new Socket()) {
            socket = s;
            if (closed) {
                return;
            }
            s.connect(new InetSocketAddress(settings.host(), settings.port()), (int) settings.connectTimeout().toMillis());
            s.setSoTimeout((int) settings.readTimeout().toMillis());
            s.setTcpNoDelay(true);
            synchronized (this) {
                connections++;
            }
            OutputStream out = s.getOutputStream();
            out.write((WATCH + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BoundedLineReader reader = new BoundedLineReader(new BufferedInputStream(s.getInputStream()),
                    settings.maxLineLength());
            long seenOverlong = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                if (reader.overlongLines() != seenOverlong) {
                    synchronized (this) {
                        overlong += reader.overlongLines() - seenOverlong;
                    }
                    seenOverlong = reader.overlongLines();
                }
                GpsdJsonParser.Result r = GpsdJsonParser.parse(line);
                if (!r.ok()) {
                    synchronized (this) {
                        drops.merge(r.drop(), 1L, Long::sum);
                    }
                    continue;
                }
                if (r.message() instanceof GpsdMessage.Error e) {
                    LOG.log(System.Logger.Level.WARNING, "gpsd error: {0}", e.message());
                }
                synchronized (this) {
                    reports++;
                }
                if (!gotReport) {
                    gotReport = true;
                    backoff.reset(); // this connection works: the next failure retries quickly
                }
                sink.accept(r.message());
            }
            if (reader.overlongLines() != seenOverlong) {
                synchronized (this) {
                    overlong += reader.overlongLines() - seenOverlong;
                }
            }
            if (!closed) {
                throw new IOException("connection closed by gpsd");
            }
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no data for " + settings.readTimeout().toMillis() + " ms");
        } catch (IOException e) {
            if (closed) {
                return;
            }
            throw e;
        } finally {
            socket = null;
        }
    }

    /** Stops the loop and closes the connection; waits up to 2 s for the thread. */
    @Override
    public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing to unblock the reader; nothing else to do
            }
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
