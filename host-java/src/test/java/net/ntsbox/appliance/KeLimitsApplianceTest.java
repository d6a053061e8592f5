package net.ntsbox.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.interop.TestPki;
import net.ntsbox.interop.TestPki.KeyType;
import net.ntsbox.ke.KeRecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NTS-KE connection cap and per-source rate limit of a running appliance, configured
 * small (3 open connections; 6 connections per source, refilled at 0.001/s). These limits
 * would refuse chrony in {@link BadInputTest}, so they get their own appliance. A valid
 * client from another loopback source (127.0.0.2) is served while 127.0.0.1 is rate limited.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeLimitsApplianceTest {
    static final InetAddress OTHER_SOURCE = loopback(127, 0, 0, 2);

    @TempDir
    Path dir;

    @Test
    void connectionCapAndRateLimitRefuseAtAcceptAndCountEachRefusal() throws Exception {
        TestPki pki = TestPki.get();
        String toml = """
                state_dir = "%s"
                [nts_ke]
                listen = ["127.0.0.1:0"]
                cert = "%s"
                key = "%s"
                deadline_ms = 5000
                max_connections = 3
                rate_per_second = 0.001
                rate_burst = 6
                [ntp]
                listen = ["127.0.0.1:0"]
                threads = 1
                [clock]
                require_sync = false
                """.formatted(dir, pki.serverChainPem(KeyType.EC), pki.serverKeyPem(KeyType.EC));
        SSLContext tls;
        try (InputStream in = Files.newInputStream(pki.caCert())) {
            tls = NtsTestClient.trusting((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (var a = SoftwareAppliance.start(ConfigReader.parse(toml, "limits.toml", dir, ConfigOverrides.none()))) {
            InetSocketAddress ke = a.keAddresses().getFirst();
            var c = a.keCounters();

            // 1. three silent connections hold the cap (3 of 127.0.0.1's 6 tokens)
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(new Socket(ke.getAddress(), ke.getPort()));
                    long n = i + 1;
                    eventually("accepted " + n, () -> c.accepted() == n);
                }
                Map<String, Long> before = c.snapshot();
                assertEquals(0, bytesFromNewConnection(null, ke), "4th connection: closed at accept");
                assertEquals(0, bytesFromNewConnection(OTHER_SOURCE, ke), "the cap is global: 127.0.0.2 refused too");
                eventually("2 conn_cap", () -> c.snapshot().get("refused_conn_cap") - before.get("refused_conn_cap") == 2);
                assertDelta(before, c.snapshot(), Map.of("accepted", 2L, "refused_conn_cap", 2L));
            } finally {
                for (Socket s : held) s.close();
            }
            eventually("3 client_closed", () -> c.snapshot().get("refused_client_closed") == 3);

            // 2. cap free again: a valid client is served (token 4)
            assertEquals(8, validKe(tls, null, ke), "served once the cap is free");
            // tokens 5 and 6
            for (int i = 0; i < 2; i++) {
                new Socket(ke.getAddress(), ke.getPort()).close();
            }
            eventually("5 client_closed", () -> c.snapshot().get("refused_client_closed") == 5);

            // 3. 127.0.0.1 is out of tokens: refused at accept, valid or not; 127.0.0.2 has its own bucket
            Map<String, Long> before = c.snapshot();
            assertEquals(0, bytesFromNewConnection(null, ke));
            assertEquals(-1, validKe(tls, null, ke), "a valid client from the limited source is refused too");
            assertEquals(8, validKe(tls, OTHER_SOURCE, ke), "another source is served");
            eventually("2 rate_limited", () -> c.snapshot().get("refused_rate_limited") - before.get("refused_rate_limited") == 2);
            eventually("reply_ok +1", () -> c.snapshot().get("reply_ok") - before.get("reply_ok") == 1);
            assertDelta(before, c.snapshot(), Map.of("accepted", 3L, "refused_rate_limited", 2L, "reply_ok", 1L,
                    "cookies_issued", 8L));
            assertEquals(2, c.snapshot().get("reply_ok"));
        }
    }

    /** Connects (from {@code source} if given) and counts the bytes received before the server closes. */
    private static int bytesFromNewConnection(InetAddress source, InetSocketAddress to) throws IOException {
        try (Socket s = source == null ? new Socket(to.getAddress(), to.getPort())
                : new Socket(to.getAddress(), to.getPort(), source, 0)) {
            s.setSoTimeout(5000);
            return KeProbe.drain(s.getInputStream()).length;
        }
    }

    /** A valid NTS-KE: the number of cookies received, or -1 when the connection was refused. */
    private static int validKe(SSLContext tls, InetAddress source, InetSocketAddress to) {
        try (SSLSocket s = source == null ? KeProbe.tls(tls, to, new String[] {"TLSv1.3"}, "ntske/1")
                : KeProbe.tlsFrom(tls, source, to)) {
            s.startHandshake();
            s.getOutputStream().write(KeProbe.validRequest());
            return (int) KeProbe.count(KeProbe.drain(s.getInputStream()), KeRecordType.NEW_COOKIE);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void assertDelta(Map<String, Long> before, Map<String, Long> after, Map<String, Long> delta) {
        for (String k : after.keySet()) {
            assertEquals(delta.getOrDefault(k, 0L), after.get(k) - before.get(k), "counter " + k + " in " + after);
        }
    }

    private static void eventually(String what, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not reached within 5 s: " + what);
            Thread.sleep(5);
        }
    }

    private static InetAddress loopback(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
