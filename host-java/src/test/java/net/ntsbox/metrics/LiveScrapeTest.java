package net.ntsbox.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import net.ntsbox.ke.KeExchange;
import net.ntsbox.ke.KeOutcome;
import net.ntsbox.ke.KeReply;
import net.ntsbox.server.ke.KeServerConfig;
import net.ntsbox.server.ke.KeTlsServer;
import net.ntsbox.server.udp.UdpConfig;
import net.ntsbox.server.udp.UdpDatapath;
import net.ntsbox.tls.PemKeyMaterial;
import net.ntsbox.tls.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Scrapes reflect what real servers on loopback counted, without any bookkeeping of their own. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LiveScrapeTest {
    static final byte[] REPLY = "ok".getBytes(StandardCharsets.US_ASCII);
    /** Any request byte completes the request; the reply claims 8 cookies. */
    static final KeExchange CORE = (bytes, exporter) -> Optional.of(new KeReply(REPLY, KeOutcome.OK, 8));

    @TempDir
    Path dir;

    static void eventually(String what, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not reached within 5 s: " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void keServerCountersAndHandshakeLatency() throws Exception {
        PemKeyMaterial keys = TestPki.ecServer(dir);
        SSLContext client = TestPki.clientTrusting(keys.chain());
        try (KeTlsServer server = KeTlsServer.start(KeServerConfig.defaults(List.of(new InetSocketAddress("127.0.0.1", 0)))
                .withEventLoops(1), keys.keyManagerFactory(), CORE, Duration.ofSeconds(10))) {
            MetricRegistry registry = new MetricRegistry().register(new KeServerMetrics(server.counters(), server::openConnections));
            String before = registry.scrape();
            assertTrue(before.contains("ntsbox_nts_ke_handshakes_total{outcome=\"ok\"} 0\n"), before);
            assertTrue(before.contains("ntsbox_nts_ke_tls_handshake_duration_seconds_count 0\n"), before);

            InetSocketAddress to = server.boundAddresses().getFirst();
            for (int i = 0; i < 2; i++) {
                try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(to.getAddress(), to.getPort())) {
                    s.setSoTimeout(5000);
                    SSLParameters p = s.getSSLParameters();
                    p.setApplicationProtocols(new String[] {"ntske/1"});
                    s.setSSLParameters(p);
                    s.getOutputStream().write(1);
                    assertArrayEquals(REPLY, s.getInputStream().readAllBytes());
                }
            }
            // Not TLS at all: one refusal.
            try (java.net.Socket raw = new java.net.Socket(to.getAddress(), to.getPort())) {
                raw.setSoTimeout(5000);
                raw.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                raw.getInputStream().readAllBytes();
            }
            eventually("counted", () -> server.counters().refusals(net.ntsbox.server.ke.KeRefusal.NON_TLS_BYTES) == 1
                    && server.counters().replies(KeOutcome.OK) == 2 && server.openConnections() == 0);
            String after = registry.scrape();
            for (String line : List.of("ntsbox_nts_ke_connections_total 3", "ntsbox_nts_ke_handshakes_total{outcome=\"ok\"} 2",
                    "ntsbox_nts_ke_handshakes_total{outcome=\"non_tls\"} 1",
                    "ntsbox_nts_ke_handshakes_total{outcome=\"tls_failure\"} 0", "ntsbox_nts_ke_cookies_issued_total 16",
                    "ntsbox_nts_ke_open_connections 0", "ntsbox_nts_ke_tls_handshake_duration_seconds_count 2",
                    "ntsbox_nts_ke_tls_handshake_duration_seconds_bucket{le=\"+Inf\"} 2")) {
                assertTrue(after.contains(line + "\n"), line + " in\n" + after);
            }
        }
    }

    @Test
    void udpCounters() throws Exception {
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), 1, 2048, 0),
                () -> (in, len, t, out) -> in[0] == 0 ? -3 : 48, System::nanoTime);
                DatagramChannel c = DatagramChannel.open()) {
            MetricRegistry registry = new MetricRegistry()
                    .register(new UdpMetrics(d.counters(), code -> code == -3 ? "short_uid" : "code_" + -code));
            c.connect(d.boundAddresses().getFirst());
            c.write(ByteBuffer.wrap(new byte[48]));
            c.write(ByteBuffer.wrap(new byte[48]));
            byte[] answered = new byte[48];
            answered[0] = 0x23;
            c.write(ByteBuffer.wrap(answered));
            eventually("counted", () -> d.counters().received() == 3 && d.counters().sent() == 1);
            String text = registry.scrape();
            for (String line : List.of("ntsbox_udp_datagrams_received_total 3", "ntsbox_udp_datagrams_sent_total 1",
                    "ntsbox_udp_handler_drops_total{reason=\"short_uid\"} 2", "ntsbox_udp_handler_drops_total{reason=\"other\"} 0",
                    "ntsbox_udp_handler_errors_total 0")) {
                assertTrue(text.contains(line + "\n"), line + " in\n" + text);
            }
        }
    }
}
