package net.ntsbox.time.gpsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TCP adapter against a loopback server that replays recorded gpsd lines. */
@Timeout(20)
class GpsdClientTest {
    /** What the replay server does on its n-th accepted connection. */
    interface Script {
        void run(Socket s, int connection) throws IOException, InterruptedException;
    }

    static final class ReplayServer implements AutoCloseable {
        final ServerSocket server;
        final List<String> commands = new CopyOnWriteArrayList<>();
        final Thread thread;

        ReplayServer(Script script) throws IOException {
            server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            thread = Thread.ofPlatform().daemon().start(() -> {
                int n = 0;
                while (!server.isClosed()) {
                    Socket accepted;
                    try {
                        accepted = server.accept();
                    } catch (IOException e) {
                        return; // server closed
                    }
                    int connection = n++;
                    Thread.ofPlatform().daemon().start(() -> {
                        try (Socket s = accepted) {
                            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                            commands.add(in.readLine());
                            script.run(s, connection);
                        } catch (IOException | InterruptedException e) {
                            // the client went away
                        }
                    });
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static void send(Socket s, String... lines) throws IOException {
        OutputStream out = s.getOutputStream();
        for (String l : lines) {
            out.write((l + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    static GpsdClient.Settings fast(int port, Duration readTimeout) {
        return new GpsdClient.Settings("127.0.0.1", port, Duration.ofSeconds(1), readTimeout, Duration.ofMillis(20),
                Duration.ofMillis(200), 4096);
    }

    @Test
    void watchesThenStreamsAndReconnectsAfterClose() throws Exception {
        try (ReplayServer srv = new ReplayServer((s, n) -> {
            send(s, GpsdJsonParserTest.RECORDED.toArray(String[]::new));
            // connection closes here: the client must come back
        })) {
            BlockingQueue<GpsdMessage> got = new LinkedBlockingQueue<>();
            try (GpsdClient c = new GpsdClient(fast(srv.port(), Duration.ofSeconds(5)), got::add)) {
                c.start();
                for (int round = 0; round < 2; round++) {
                    for (String l : GpsdJsonParserTest.RECORDED) {
                        GpsdMessage m = got.poll(5, TimeUnit.SECONDS);
                        assertEquals(GpsdJsonParser.parse(l).message(), m, "round " + round);
                    }
                }
                assertTrue(c.connections() >= 2);
                assertEquals(GpsdClient.WATCH, srv.commands.getFirst());
            }
        }
    }

    @Test
    void overlongAndBadLinesAreCountedNotFatal() throws Exception {
        String tpv = GpsdJsonParserTest.RECORDED.get(4);
        try (ReplayServer srv = new ReplayServer((s, n) -> {
            send(s, "{\"class\":\"SKY\",\"x\":\"" + "y".repeat(10_000) + "\"}", "not json", tpv);
            Thread.sleep(10_000);
        })) {
            BlockingQueue<GpsdMessage> got = new LinkedBlockingQueue<>();
            try (GpsdClient c = new GpsdClient(fast(srv.port(), Duration.ofSeconds(5)), got::add)) {
                c.start();
                assertEquals(GpsdJsonParser.parse(tpv).message(), got.poll(5, TimeUnit.SECONDS));
                assertEquals(1, c.overlongLines());
                assertEquals(1L, c.drops().get(GpsdJsonParser.Drop.NOT_JSON));
                assertEquals(1, c.connections());
            }
        }
    }

    @Test
    void quietConnectionTimesOutAndReconnects() throws Exception {
        try (ReplayServer srv = new ReplayServer((s, n) -> {
            if (n == 0) {
                Thread.sleep(5_000); // accepts, says nothing
            } else {
                send(s, GpsdJsonParserTest.RECORDED.get(0));
                Thread.sleep(5_000);
            }
        })) {
            BlockingQueue<GpsdMessage> got = new LinkedBlockingQueue<>();
            long t0 = System.nanoTime();
            try (GpsdClient c = new GpsdClient(fast(srv.port(), Duration.ofMillis(300)), got::add)) {
                c.start();
                GpsdMessage m = got.poll(5, TimeUnit.SECONDS);
                assertTrue(m instanceof GpsdMessage.Version, String.valueOf(m));
                assertTrue(System.nanoTime() - t0 >= 300_000_000L, "came back only after the read timeout");
                assertTrue(c.failures() >= 1);
                assertEquals(2, c.connections());
            }
        }
    }

    @Test
    void refusedConnectionBacksOffAndCloseStops() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        GpsdClient c = new GpsdClient(fast(port, Duration.ofSeconds(1)), m -> { });
        c.start();
        Thread.sleep(700);
        long failures = c.failures();
        // 20, 40, 80, 160, 200, 200 ms ...: a handful in 700 ms, not a busy loop.
        assertTrue(failures >= 3 && failures <= 10, "failures " + failures);
        long t0 = System.nanoTime();
        c.close();
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        assertEquals(0, c.connections());
    }

    @Test
    void backoffDoublesToTheMaximumAndResets() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertEquals(List.of(1L, 2L, 4L, 5L, 5L), java.util.stream.Stream.generate(b::next).limit(5).map(Duration::toSeconds).toList());
        b.reset();
        assertEquals(Duration.ofSeconds(1), b.next());
    }
}
