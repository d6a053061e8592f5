package net.ntsbox.appliance;

import static net.ntsbox.appliance.KeProbe.AEAD_15;
import static net.ntsbox.appliance.KeProbe.NEXT_PROTOCOL_NTPV4;
import static net.ntsbox.appliance.KeProbe.cat;
import static net.ntsbox.appliance.KeProbe.msg;
import static net.ntsbox.appliance.KeProbe.rec;
import static net.ntsbox.appliance.KeProbe.recOfLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.interop.ChronyAuthData;
import net.ntsbox.interop.ChronyClientPeer;
import net.ntsbox.interop.ChronyNtpData;
import net.ntsbox.interop.TestPki;
import net.ntsbox.interop.TestPki.KeyType;
import net.ntsbox.ke.KeOutcome;
import net.ntsbox.ke.KeRecordType;
import net.ntsbox.metrics.DatapathMetrics;
import net.ntsbox.metrics.KeServerMetrics;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.server.NtsServerStep;
import net.ntsbox.server.StepOutcome;
import net.ntsbox.server.ke.KeRefusal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against ONE running appliance (software datapath, loopback, ephemeral ports)
 * while chronyd 4.3 polls it over NTS every 0.25 s and a JDK NTS client polls it every 50 ms:
 * every RFC 8915 §4.1.3 Error case over TLS, slow, silent and slowloris clients, oversized
 * and split requests, non-TLS bytes and ALPN misuse on the KE port; every drop and NAK
 * reason of the server step and a seeded flood of garbage on the NTP port. Each case must
 * move exactly its own counter (in-process and on {@code /metrics}) and nothing else, and
 * both valid clients must stay authenticated before, during and after.
 *
 * <p>Connection-cap and rate-limit refusals need small limits that would refuse chrony too:
 * they run against their own appliance in {@link KeLimitsApplianceTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {
    static final String TOKEN = "bad-input-token-0123456789";
    static final long DEADLINE_MS = 1500;
    /** Counters that the valid clients move too: never asserted to stay put. */
    static final List<String> BACKGROUND = List.of("accepted", "cookies_issued", "reply_ok");
    static final long FLOOD_SEED = 0xBAD1_4E75L;
    /** Transmit timestamp of the crafted datagrams. */
    static final long TX = 0x1122_3344_5566_7788L;

    @TempDir
    static Path dir;

    SoftwareAppliance a;
    ChronyClientPeer chrony;
    ValidNtsClientLoop jdk;
    MetricsScrape metrics;
    SSLContext tls;
    InetSocketAddress ke;
    InetSocketAddress ntp;
    long startNanos;
    long chronyValid;
    long jdkAnswered;
    final List<String> table = new ArrayList<>();
    final List<String> timings = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        startNanos = System.nanoTime();
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        TestPki pki = TestPki.get();
        String toml = """
                state_dir = "%s"
                [nts_ke]
                listen = ["127.0.0.1:0"]
                cert = "%s"
                key = "%s"
                deadline_ms = %d
                rate_per_second = 100000
                rate_burst = 100000
                [ntp]
                listen = ["127.0.0.1:0"]
                threads = 2
                [clock]
                require_sync = false
                [management]
                listen = "127.0.0.1:0"
                token_file = "%s"
                """.formatted(dir, pki.serverChainPem(KeyType.EC), pki.serverKeyPem(KeyType.EC), DEADLINE_MS, token);
        ApplianceConfig cfg = ConfigReader.parse(toml, "bad-input.toml", dir, ConfigOverrides.none());
        a = SoftwareAppliance.start(cfg);
        ke = a.keAddresses().getFirst();
        ntp = a.ntpAddresses().getFirst();
        try (InputStream in = Files.newInputStream(pki.caCert())) {
            tls = NtsTestClient.trusting((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        metrics = new MetricsScrape(a, TOKEN, tls);
        chrony = ChronyClientPeer.builder("127.0.0.1", a.advertisedNtpPort(), ke.getPort()).poll(-2, -2).start();
        jdk = new ValidNtsClientLoop(tls, ke, Duration.ofMillis(50)).start();
        validClientsStillServed("before any bad input");
        timings.add("setup (appliance, chronyd first authenticated responses): " + ms(startNanos) + " ms");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (jdk != null) jdk.close();
            if (chrony != null) chrony.close();
        } finally {
            if (a != null) a.close();
        }
        System.out.println("BadInputTest cases (case | expected | result):");
        table.forEach(r -> System.out.println("  " + r));
        timings.forEach(t -> System.out.println("  timing: " + t));
        System.out.println("  total: " + ms(startNanos) + " ms");
    }

    // ---------------------------------------------------------------- NTS-KE over TLS: Error records

    record KeCase(String name, int expectedError, String counter, byte[]... chunks) {}

    static List<KeCase> errorCases() {
        int bad = KeRecordType.ERROR_BAD_REQUEST;
        String br = "reply_bad_request";
        return List.of(
                new KeCase("unrecognized critical record 0x4000", 0, "reply_unrecognized_critical",
                        msg(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(true, 0x4000, 1, 2))),
                new KeCase("unrecognized critical record 0x7fff first", 0, "reply_unrecognized_critical",
                        msg(rec(true, 0x7fff), NEXT_PROTOCOL_NTPV4, AEAD_15)),
                new KeCase("missing Next Protocol", bad, br, msg(AEAD_15)),
                new KeCase("duplicate Next Protocol", bad, br, msg(NEXT_PROTOCOL_NTPV4, NEXT_PROTOCOL_NTPV4, AEAD_15)),
                new KeCase("Next Protocol of odd length", bad, br, msg(rec(true, 1, 0, 0, 0), AEAD_15)),
                new KeCase("empty Next Protocol", bad, br, msg(rec(true, 1), AEAD_15)),
                new KeCase("missing AEAD with NTPv4", bad, br, msg(NEXT_PROTOCOL_NTPV4)),
                new KeCase("duplicate AEAD", bad, br, msg(NEXT_PROTOCOL_NTPV4, AEAD_15, AEAD_15)),
                new KeCase("AEAD of odd length", bad, br, msg(NEXT_PROTOCOL_NTPV4, rec(false, 4, 0, 15, 0))),
                new KeCase("empty AEAD", bad, br, msg(NEXT_PROTOCOL_NTPV4, rec(false, 4))),
                new KeCase("client sent Error", bad, br, msg(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(true, 2, 0, 1))),
                new KeCase("client sent Warning", bad, br, msg(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(true, 3, 0, 0))),
                new KeCase("client sent New Cookie", bad, br, msg(NEXT_PROTOCOL_NTPV4, AEAD_15, recOfLength(false, 5, 100))),
                new KeCase("critical Port of 3 bytes", bad, br, msg(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(true, 7, 0, 123, 0))),
                new KeCase("critical empty Port", bad, br, msg(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(true, 7))),
                new KeCase("critical Server with a space", bad, br,
                        msg(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(true, 6, 'a', ' ', 'b'))),
                new KeCase("critical empty Server", bad, br, msg(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(true, 6))),
                new KeCase("compliant-128GCM record with a body", bad, br,
                        msg(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(false, 1024, 0))),
                new KeCase("Next Protocol body of 258 bytes (> 256)", bad, br,
                        msg(recOfLength(true, 1, 258), AEAD_15)),
                new KeCase("AEAD body of 300 bytes (> 256)", bad, br, msg(NEXT_PROTOCOL_NTPV4, recOfLength(false, 4, 300))),
                new KeCase("End of Message with a body", bad, br, cat(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(true, 0, 0, 0))),
                new KeCase("End of Message without critical bit", bad, br, cat(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(false, 0))),
                new KeCase("records after End of Message (same TLS record)", bad, br,
                        cat(KeProbe.validRequest(), NEXT_PROTOCOL_NTPV4, AEAD_15)),
                new KeCase("one byte after End of Message", bad, br,
                        cat(KeProbe.validRequest(), new byte[] {1})),
                new KeCase("record length claiming 65535 bytes (> 16384 message cap)", bad, "reply_too_large",
                        new byte[] {0x20, 0, (byte) 0xff, (byte) 0xff}),
                new KeCase("record ending at byte 16385 (> 16384 message cap)", bad, "reply_too_large",
                        msg(NEXT_PROTOCOL_NTPV4, AEAD_15, recOfLength(false, 0x2000, 16369))));
    }

    @Test
    @Order(1)
    void everyErrorCaseOfRfc8915Section413GetsItsErrorRecordAndItsCounter() throws Exception {
        long t = System.nanoTime();
        Map<String, Double> httpBefore = metrics.scrape();
        Map<String, Long> expected = new java.util.HashMap<>();
        for (KeCase c : errorCases()) {
            Map<String, Long> before = a.keCounters().snapshot();
            byte[] reply = KeProbe.exchange(tls, ke, c.chunks());
            OptionalInt code = KeProbe.errorCode(reply);
            assertEquals(OptionalInt.of(c.expectedError()), code, c.name() + ": Error code in the reply");
            var records = KeProbe.records(reply);
            assertEquals(1, records.size(), c.name() + ": the Error record alone, then End of Message");
            assertTrue(records.getFirst().critical(), c.name() + ": Error is critical (§4.1.3)");
            expectKeDelta(c.name(), before, Map.of(c.counter(), 1L));
            expected.merge(c.counter(), 1L, Long::sum);
            table.add("KE " + c.name() + " | Error " + c.expectedError() + ", " + c.counter() + " +1 | Error "
                    + code.getAsInt() + ", counted");
        }
        Map<String, Double> httpAfter = metrics.scrape();
        for (var e : expected.entrySet()) {
            KeOutcome o = KeOutcome.valueOf(e.getKey().substring("reply_".length()).toUpperCase());
            String s = MetricsScrape.series("ntsbox_nts_ke_handshakes_total", "outcome", KeServerMetrics.outcomeLabel(o));
            assertEquals(e.getValue(), MetricsScrape.value(httpAfter, s) - MetricsScrape.value(httpBefore, s), s);
        }
        timings.add("KE Error cases (" + errorCases().size() + "): " + ms(t) + " ms");
        validClientsStillServed("after the KE Error cases");
    }

    // ---------------------------------------------------------------- NTS-KE: tolerated oddities (served)

    @Test
    @Order(2)
    void splitBoundaryAndIgnorableRequestsAreServedOrAnsweredWithoutCookies() throws Exception {
        byte[] valid = KeProbe.validRequest();
        // split over three TLS records, cutting inside a header and inside a body
        served("split request (3 TLS records: 3 + 9 + 4 bytes)", Arrays.copyOfRange(valid, 0, 3),
                Arrays.copyOfRange(valid, 3, 12), Arrays.copyOfRange(valid, 12, 16));
        served("unknown non-critical record 0x2000 ignored", msg(NEXT_PROTOCOL_NTPV4, rec(false, 0x2000, 1, 2, 3), AEAD_15));
        served("non-critical malformed Port and Server ignored",
                msg(NEXT_PROTOCOL_NTPV4, AEAD_15, rec(false, 7, 1, 2, 3), rec(false, 6, ' ')));
        served("message of exactly 16384 bytes", msg(NEXT_PROTOCOL_NTPV4, AEAD_15, recOfLength(false, 0x2000, 16364)));
        served("Next Protocol and AEAD with unknown ids first", msg(rec(true, 1, 0x7f, 0, 0, 0), rec(false, 4, 0, 99, 0, 15)));

        Map<String, Long> before = a.keCounters().snapshot();
        byte[] reply = KeProbe.exchange(tls, ke, msg(NEXT_PROTOCOL_NTPV4, rec(false, 4, 0, 99)));
        assertEquals(OptionalInt.empty(), KeProbe.errorCode(reply));
        assertTrue(KeProbe.records(reply).stream().anyMatch(r -> r.type() == KeRecordType.AEAD_ALGORITHM && r.bodyLength() == 0),
                "empty AEAD record: no AEAD in common (§4.1.5)");
        assertEquals(0, KeProbe.count(reply, KeRecordType.NEW_COOKIE));
        expectKeDelta("no common AEAD", before, Map.of("reply_no_common_algorithm", 1L));
        table.add("KE AEAD 99 only | empty AEAD record, no cookies, reply_no_common_algorithm +1 | as expected");

        before = a.keCounters().snapshot();
        reply = KeProbe.exchange(tls, ke, msg(rec(true, 1, 0x80, 0), AEAD_15));
        assertTrue(KeProbe.records(reply).stream().anyMatch(r -> r.type() == KeRecordType.NEXT_PROTOCOL && r.bodyLength() == 0),
                "empty Next Protocol record: no protocol in common (§4.1.2)");
        assertEquals(0, KeProbe.count(reply, KeRecordType.NEW_COOKIE));
        expectKeDelta("no NTPv4", before, Map.of("reply_no_common_algorithm", 1L));
        table.add("KE Next Protocol 0x8000 only | empty Next Protocol, no cookies, reply_no_common_algorithm +1 | as expected");

        before = a.keCounters().snapshot();
        try (SSLSocket s = KeProbe.tls(tls, ke, new String[] {"TLSv1.3"}, "h2", "ntske/1")) {
            s.startHandshake();
            assertEquals("ntske/1", s.getApplicationProtocol());
            s.getOutputStream().write(KeProbe.validRequest());
            assertEquals(8, KeProbe.count(KeProbe.drain(s.getInputStream()), KeRecordType.NEW_COOKIE));
        }
        expectKeDelta("ALPN h2 + ntske/1", before, Map.of());
        table.add("KE ALPN [h2, ntske/1] | ntske/1 selected, 8 cookies | as expected");
        keyUpdateInTheMiddleOfTheRequestKeepsTheExportedKeys();
        served("valid request, then TLS close_notify (half-close)", () -> {
            try (SSLSocket s = KeProbe.ntske(tls, ke)) {
                s.getOutputStream().write(KeProbe.validRequest());
                s.getOutputStream().flush();
                s.shutdownOutput();
                return KeProbe.drain(s.getInputStream());
            }
        });
        validClientsStillServed("after the tolerated KE requests");
    }

    /** A TLS 1.3 KeyUpdate between two halves of the request: served, and the exporter keys still fit the cookies. */
    private void keyUpdateInTheMiddleOfTheRequestKeepsTheExportedKeys() throws Exception {
        String name = "TLS 1.3 KeyUpdate between two halves of the request";
        Map<String, Long> before = a.keCounters().snapshot();
        byte[] valid = KeProbe.validRequest();
        NtsTestClient.Session session;
        try (SSLSocket s = KeProbe.ntske(tls, ke)) {
            s.getOutputStream().write(valid, 0, 7);
            s.getOutputStream().flush();
            s.startHandshake(); // on an established TLS 1.3 connection: a KeyUpdate
            s.getOutputStream().write(valid, 7, valid.length - 7);
            s.getOutputStream().flush();
            byte[] reply = KeProbe.drain(s.getInputStream());
            var ok = (net.ntsbox.ke.KeClientResult.Success) net.ntsbox.ke.KeClient.parseResponse(reply, reply.length,
                    List.of(15));
            var x = (javax.net.ssl.ExtendedSSLSession) s.getSession();
            var alg = net.ntsbox.crypto.AeadAlgorithm.AES_SIV_CMAC_256;
            var c2s = x.exportKeyingMaterialData(net.ntsbox.ke.KeyExporter.LABEL, net.ntsbox.crypto.NtsExporterContext.of(
                    net.ntsbox.crypto.NtsExporterContext.NTPV4, alg, net.ntsbox.crypto.NtsExporterContext.Direction.C2S), 32);
            var s2c = x.exportKeyingMaterialData(net.ntsbox.ke.KeyExporter.LABEL, net.ntsbox.crypto.NtsExporterContext.of(
                    net.ntsbox.crypto.NtsExporterContext.NTPV4, alg, net.ntsbox.crypto.NtsExporterContext.Direction.S2C), 32);
            session = new NtsTestClient.Session(alg, c2s, s2c, new ArrayList<>(ok.cookies()), ok);
        }
        byte[] uid = NtsTestClient.uid();
        long t = 0x0102_0304_0506_0708L;
        NtsTestClient.verify(session, NtsTestClient.exchange(ntp,
                NtsTestClient.ntsRequest(session, session.cookies().getFirst(), uid, t, 0)), uid, t);
        expectKeDelta(name, before, Map.of());
        table.add("KE " + name + " | 8 cookies; exporter keys unchanged, NTS request with them authenticates | as expected");
    }

    private void served(String name, byte[]... chunks) throws Exception {
        served(name, () -> KeProbe.exchange(tls, ke, chunks));
    }

    interface ReplyProbe {
        byte[] run() throws Exception;
    }

    private void served(String name, ReplyProbe probe) throws Exception {
        Map<String, Long> before = a.keCounters().snapshot();
        long ok = a.keCounters().replies(KeOutcome.OK);
        byte[] reply = probe.run();
        assertEquals(OptionalInt.empty(), KeProbe.errorCode(reply), name);
        assertEquals(8, KeProbe.count(reply, KeRecordType.NEW_COOKIE), name + ": 8 cookies");
        eventually(name + ": reply_ok counted", () -> a.keCounters().replies(KeOutcome.OK) > ok);
        expectKeDelta(name, before, Map.of());
        table.add("KE " + name + " | 8 cookies, reply_ok | served");
    }

    // ---------------------------------------------------------------- NTS-KE: transport abuse

    @Test
    @Order(3)
    void silentSlowAndSlowlorisClientsAreClosedAtTheDeadlineWhileASlowValidOneIsServed() throws Exception {
        Map<String, Long> before = a.keCounters().snapshot();
        long ok = a.keCounters().replies(KeOutcome.OK);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            long t0 = System.nanoTime();
            Future<Long> silentTcp = pool.submit(() -> {
                try (Socket s = new Socket(ke.getAddress(), ke.getPort())) {
                    s.setSoTimeout(5000);
                    byte[] raw = KeProbe.drain(s.getInputStream());
                    assertTrue(raw.length == 0 || raw[0] == 21, "only a TLS alert may reach a silent TCP client");
                    return ms(t0);
                }
            });
            Future<Long> partialHello = pool.submit(() -> {
                try (Socket s = new Socket(ke.getAddress(), ke.getPort())) {
                    s.setSoTimeout(5000);
                    s.getOutputStream().write(new byte[] {0x16, 3, 1, 0, (byte) 0xff, 1}); // ClientHello cut short
                    byte[] raw = KeProbe.drain(s.getInputStream());
                    assertTrue(raw.length == 0 || raw[0] == 21, "only a TLS alert may reach a half-hello client");
                    return ms(t0);
                }
            });
            Future<Long> silentTls = pool.submit(() -> {
                try (SSLSocket s = KeProbe.ntske(tls, ke)) {
                    assertEquals(0, KeProbe.drain(s.getInputStream()).length, "no reply bytes to a silent TLS client");
                    return ms(t0);
                }
            });
            Future<Long> slowloris = pool.submit(() -> {
                try (SSLSocket s = KeProbe.ntske(tls, ke)) {
                    OutputStream out = s.getOutputStream();
                    byte[] endless = recOfLength(false, 0x2000, 1000); // a record that never ends
                    long closedAt = -1;
                    for (int i = 0; i < 5 && closedAt < 0; i++) { // one byte per second, past the deadline
                        try {
                            out.write(endless[i]);
                            out.flush();
                        } catch (IOException e) {
                            closedAt = ms(t0);
                            break;
                        }
                        s.setSoTimeout(1000);
                        try {
                            if (s.getInputStream().read() < 0) closedAt = ms(t0);
                        } catch (java.net.SocketTimeoutException e) {
                            // still open: next byte
                        } catch (IOException e) {
                            closedAt = ms(t0);
                        }
                    }
                    return closedAt;
                }
            });
            Future<Long> slowValid = pool.submit(() -> {
                try (SSLSocket s = KeProbe.ntske(tls, ke)) {
                    OutputStream out = s.getOutputStream();
                    for (byte b : KeProbe.validRequest()) { // 16 bytes, 25 ms apart: 400 ms, inside the deadline
                        out.write(b);
                        out.flush();
                        Thread.sleep(25);
                    }
                    assertEquals(8, KeProbe.count(KeProbe.drain(s.getInputStream()), KeRecordType.NEW_COOKIE));
                    return ms(t0);
                }
            });
            long servedAt = slowValid.get(10, TimeUnit.SECONDS);
            assertTrue(servedAt < DEADLINE_MS, "slow valid client served at " + servedAt + " ms");
            for (var e : Map.of("silent TCP", silentTcp, "partial ClientHello", partialHello, "silent after TLS handshake",
                    silentTls, "slowloris (1 byte/s)", slowloris).entrySet()) {
                long at = e.getValue().get(10, TimeUnit.SECONDS);
                assertTrue(at >= DEADLINE_MS - 100 && at < DEADLINE_MS + 1500, e.getKey() + " closed at " + at + " ms");
                table.add("KE " + e.getKey() + " | closed at the " + DEADLINE_MS + " ms deadline, refused_deadline +1 | closed at "
                        + at + " ms");
                timings.add(e.getKey() + " closed after " + at + " ms (deadline " + DEADLINE_MS + ")");
            }
            table.add("KE slow valid client (1 byte / 25 ms) | served within the deadline | served at " + servedAt + " ms");
        } finally {
            pool.shutdownNow();
        }
        expectKeDelta("silent, half-hello, silent-TLS, slowloris", before, Map.of("refused_deadline", 4L));
        assertTrue(a.keCounters().replies(KeOutcome.OK) > ok, "slow valid client counted");
        validClientsStillServed("after the deadline cases");
    }

    @Test
    @Order(4)
    void oversizedTruncatedNonTlsAndAlpnMisuseAreRefusedAndCounted() throws Exception {
        // oversized: 20 000 bytes of empty non-critical records, never an End of Message
        refused("request of 20000 bytes (> 16384 cap, no End of Message)", "refused_too_large", () -> {
            try (SSLSocket s = KeProbe.ntske(tls, ke)) {
                byte[] big = new byte[20000];
                for (int i = 0; i < big.length; i += 4) big[i] = 0x20; // type 0x2000, length 0
                try {
                    s.getOutputStream().write(big);
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // closed while writing
                }
                return KeProbe.drain(s.getInputStream()).length;
            }
        });
        refused("request without End of Message, then TLS close_notify", "refused_client_closed", () -> {
            try (SSLSocket s = KeProbe.ntske(tls, ke)) {
                s.getOutputStream().write(cat(NEXT_PROTOCOL_NTPV4, AEAD_15));
                s.getOutputStream().flush();
                s.shutdownOutput();
                return KeProbe.drain(s.getInputStream()).length;
            }
        });
        refused("request without End of Message, then TCP close", "refused_client_closed", () -> {
            SSLSocket s = KeProbe.ntske(tls, ke);
            s.getOutputStream().write(cat(NEXT_PROTOCOL_NTPV4, AEAD_15));
            s.getOutputStream().flush();
            Thread.sleep(50);
            s.setSoLinger(true, 0); // RST, no close_notify
            s.close();
            return 0;
        });
        refused("TCP connect then close at once", "refused_client_closed", () -> {
            new Socket(ke.getAddress(), ke.getPort()).close();
            return 0;
        });
        refused("plain \"GET / HTTP/1.1\"", "refused_non_tls_bytes", () -> raw(
                "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        Random rnd = new Random(FLOOD_SEED);
        for (int i = 0; i < 3; i++) {
            byte[] junk = new byte[64 + rnd.nextInt(512)];
            rnd.nextBytes(junk);
            junk[0] = (byte) (0x30 + rnd.nextInt(0x40)); // not a TLS content type (20..24), no SSLv2 high bit
            junk[3] = 0x42; // and not an SSLv2/3 version byte where Netty looks for one
            junk[4] = 0x42;
            refused("random bytes #" + i + " (seeded, " + junk.length + " bytes)", "refused_non_tls_bytes", () -> raw(junk));
        }
        refused("TLS 1.2-only ClientHello", "refused_tls_failure", () -> {
            try (SSLSocket s = KeProbe.tls(tls, ke, new String[] {"TLSv1.2"}, "ntske/1")) {
                try {
                    s.startHandshake();
                    return -1; // must not succeed
                } catch (IOException e) {
                    return 0;
                }
            }
        });
        refused("TLS 1.3 without ALPN", "refused_alpn_refused", () -> {
            try (SSLSocket s = KeProbe.tls(tls, ke, new String[] {"TLSv1.3"})) {
                s.startHandshake(); // the JDK server lets it through; the appliance closes it
                try {
                    s.getOutputStream().write(KeProbe.validRequest());
                } catch (IOException e) {
                    // already closed
                }
                return KeProbe.drain(s.getInputStream()).length;
            }
        });
        refused("TLS 1.3 with ALPN h2 only", "refused_alpn_refused", () -> {
            try (SSLSocket s = KeProbe.tls(tls, ke, new String[] {"TLSv1.3"}, "h2")) {
                try {
                    s.startHandshake();
                    return -1;
                } catch (IOException e) {
                    return 0;
                }
            }
        });
        validClientsStillServed("after the refused KE connections");
    }

    interface Probe {
        int run() throws Exception;
    }

    /** Runs the probe (it returns the application bytes it got: must be 0) and expects exactly {@code counter} +1. */
    private void refused(String name, String counter, Probe probe) throws Exception {
        Map<String, Long> before = a.keCounters().snapshot();
        Map<String, Double> httpBefore = metrics.scrape();
        assertEquals(0, probe.run(), name + ": no reply bytes");
        expectKeDelta(name, before, Map.of(counter, 1L));
        KeRefusal r = KeRefusal.valueOf(counter.substring("refused_".length()).toUpperCase());
        String s = MetricsScrape.series("ntsbox_nts_ke_handshakes_total", "outcome", KeServerMetrics.outcomeLabel(r));
        assertEquals(1, MetricsScrape.value(metrics.scrape(), s) - MetricsScrape.value(httpBefore, s), name + ": " + s);
        table.add("KE " + name + " | no reply, " + counter + " +1 | as expected");
    }

    /** Plain TCP: sends the bytes, returns how many non-alert bytes came back. */
    private int raw(byte[] bytes) throws IOException {
        try (Socket s = new Socket(ke.getAddress(), ke.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(bytes);
            byte[] got = KeProbe.drain(s.getInputStream());
            return got.length == 0 || got[0] == 21 ? 0 : got.length; // a TLS alert is not a reply
        }
    }

    // ---------------------------------------------------------------- UDP: every drop and NAK reason

    record UdpCase(String name, byte[] datagram, StepOutcome expected) {}

    List<UdpCase> udpCases(NtsTestClient.Session s) {
        byte[] cookie = s.cookies().getFirst();
        byte[] uid = new byte[32];
        new Random(FLOOD_SEED + 1).nextBytes(uid);
        byte[] nonce = new byte[16];
        new Random(FLOOD_SEED + 2).nextBytes(nonce);
        long tx = TX;
        byte[] valid = CraftedNtp.client(tx).uid(uid).cookie(cookie).placeholder(cookie.length).seal(s, nonce).bytes();
        int cookieAt = NtpHeader.LENGTH + 36 + 4; // header, UID EF (36), cookie EF header
        int tagAt = valid.length - 16;
        int unknownKey = NtsTestClient.keyId(cookie) ^ 0x5A5A_0000;
        assertNull(a.keys().ring().lookup(unknownKey), "the altered key ID is not in the ring");
        byte[] unknownKeyCookie = cookie.clone();
        unknownKeyCookie[0] ^= 0x5A;
        unknownKeyCookie[1] ^= 0x5A;
        byte[] badTagCookie = CraftedNtp.flip(cookie, cookie.length - 1, 0x01);
        byte[] wrongLengthCookie = Arrays.copyOf(cookie, 64); // no session AEAD has 64-byte cookies
        List<UdpCase> c = new ArrayList<>();
        // framing
        c.add(new UdpCase("empty datagram", new byte[0], StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("47 bytes", Arrays.copyOf(NtsTestClient.plainRequest(tx), 47), StepOutcome.DROP_MALFORMED_PACKET));
        for (int v : new int[] {0, 5, 7}) {
            c.add(new UdpCase("version " + v, CraftedNtp.header(v, 3, tx).bytes(), StepOutcome.DROP_MALFORMED_PACKET));
        }
        c.add(new UdpCase("NTPv3 with an extension field", CraftedNtp.header(3, 3, tx).ef(0x2000, new byte[24]).bytes(),
                StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("20 bytes after the header (legacy MD5 MAC)", CraftedNtp.client(tx).zeros(20).bytes(),
                StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("24 bytes after the header (legacy SHA-1 MAC)", CraftedNtp.client(tx).zeros(24).bytes(),
                StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("2-byte trailing fragment", CraftedNtp.client(tx).raw(0, 1).bytes(), StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("EF length 30 (not a multiple of 4)", CraftedNtp.client(tx).raw(0x20, 0, 0, 30).zeros(28).bytes(),
                StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("EF length 12 (< 16)", CraftedNtp.client(tx).raw(0x20, 0, 0, 12).zeros(28).bytes(),
                StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("EF overrunning the datagram", CraftedNtp.client(tx).raw(0x20, 0, 0, 64).zeros(28).bytes(),
                StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("last EF of 16 bytes (< 28)", CraftedNtp.client(tx).ef(0x2000, new byte[12]).bytes(),
                StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("NTS request truncated by 4 bytes", Arrays.copyOf(valid, valid.length - 4),
                StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("NTS request truncated inside the cookie", Arrays.copyOf(valid, cookieAt + 50),
                StepOutcome.DROP_MALFORMED_PACKET));
        c.add(new UdpCase("NTS request with its UID EF length 37", CraftedNtp.flip(valid, NtpHeader.LENGTH + 3, 0x01),
                StepOutcome.DROP_MALFORMED_PACKET));
        byte[] huge = Arrays.copyOf(CraftedNtp.client(tx).bytes(), 4000); // cut to the 2048-byte buffer: an overrunning EF
        huge[NtpHeader.LENGTH] = 0x20;
        huge[NtpHeader.LENGTH + 2] = (byte) 0x0f;
        huge[NtpHeader.LENGTH + 3] = (byte) 0xa0;
        c.add(new UdpCase("4000-byte datagram (> 2048 receive buffer)", huge, StepOutcome.DROP_MALFORMED_PACKET));
        // modes
        for (int m : new int[] {0, 1, 2, 4, 5, 6, 7}) {
            c.add(new UdpCase("mode " + m + " (plain)", CraftedNtp.header(4, m, tx).bytes(), StepOutcome.DROP_NOT_CLIENT_MODE));
        }
        byte[] serverModeNts = valid.clone();
        serverModeNts[0] = (byte) ((serverModeNts[0] & ~7) | 4);
        c.add(new UdpCase("mode 4 with NTS fields", serverModeNts, StepOutcome.DROP_NOT_CLIENT_MODE));
        // plain NTP is answered plainly
        c.add(new UdpCase("plain NTPv4", NtsTestClient.plainRequest(tx), StepOutcome.PLAIN_RESPONSE));
        c.add(new UdpCase("plain NTPv3", CraftedNtp.header(3, 3, tx).bytes(), StepOutcome.PLAIN_RESPONSE));
        c.add(new UdpCase("plain NTPv1", CraftedNtp.header(1, 3, tx).bytes(), StepOutcome.PLAIN_RESPONSE));
        c.add(new UdpCase("NTPv4 with an unknown 28-byte EF only", CraftedNtp.client(tx).ef(0x2000, new byte[24]).bytes(),
                StepOutcome.PLAIN_RESPONSE));
        // NTS fields
        c.add(new UdpCase("no UID", CraftedNtp.client(tx).cookie(cookie).seal(s, nonce).bytes(), StepOutcome.DROP_MISSING_UID));
        c.add(new UdpCase("placeholder only", CraftedNtp.client(tx).placeholder(100).bytes(), StepOutcome.DROP_MISSING_UID));
        c.add(new UdpCase("two UIDs", CraftedNtp.client(tx).uid(uid).uid(uid).cookie(cookie).seal(s, nonce).bytes(),
                StepOutcome.DROP_DUPLICATE_UID));
        c.add(new UdpCase("UID of 28 bytes (< 32)", CraftedNtp.client(tx).uid(new byte[28]).cookie(cookie).seal(s, nonce).bytes(),
                StepOutcome.DROP_SHORT_UID));
        c.add(new UdpCase("no cookie", CraftedNtp.client(tx).uid(uid).seal(s, nonce).bytes(), StepOutcome.DROP_MISSING_COOKIE));
        c.add(new UdpCase("UID and placeholder, no cookie", CraftedNtp.client(tx).uid(uid).placeholder(100).seal(s, nonce).bytes(),
                StepOutcome.DROP_MISSING_COOKIE));
        c.add(new UdpCase("two cookies", CraftedNtp.client(tx).uid(uid).cookie(cookie).cookie(cookie).seal(s, nonce).bytes(),
                StepOutcome.DROP_DUPLICATE_COOKIE));
        c.add(new UdpCase("no authenticator", CraftedNtp.client(tx).uid(uid).cookie(cookie).bytes(),
                StepOutcome.DROP_MISSING_AUTHENTICATOR));
        c.add(new UdpCase("NTS request cut before its authenticator", Arrays.copyOf(valid, valid.length - 40),
                StepOutcome.DROP_MISSING_AUTHENTICATOR));
        c.add(new UdpCase("authenticator with nonce length 0",
                CraftedNtp.client(tx).uid(uid).cookie(cookie).rawAuthenticator(CraftedNtp.authBody(0, 16, 32)).bytes(),
                StepOutcome.DROP_MALFORMED_AUTHENTICATOR));
        c.add(new UdpCase("authenticator lengths overrunning the EF",
                CraftedNtp.client(tx).uid(uid).cookie(cookie).rawAuthenticator(CraftedNtp.authBody(16, 100, 32)).bytes(),
                StepOutcome.DROP_MALFORMED_AUTHENTICATOR));
        c.add(new UdpCase("authenticator with an 8-byte nonce and no padding (< 16)",
                CraftedNtp.client(tx).uid(uid).cookie(cookie).rawAuthenticator(CraftedNtp.authBody(8, 16, 24)).bytes(),
                StepOutcome.DROP_MALFORMED_AUTHENTICATOR));
        // cookies and tags: NAKs
        c.add(new UdpCase("cookie with an unknown key ID",
                CraftedNtp.client(tx).uid(uid).cookie(unknownKeyCookie).seal(s, nonce).bytes(), StepOutcome.NAK_UNKNOWN_KEY));
        c.add(new UdpCase("tampered cookie (last byte)",
                CraftedNtp.client(tx).uid(uid).cookie(badTagCookie).seal(s, nonce).bytes(), StepOutcome.NAK_BAD_COOKIE));
        c.add(new UdpCase("tampered cookie (in the request, byte 30)", CraftedNtp.flip(valid, cookieAt + 30, 0x80),
                StepOutcome.NAK_BAD_COOKIE));
        c.add(new UdpCase("cookie of 64 bytes (no AEAD has that length)",
                CraftedNtp.client(tx).uid(uid).cookie(wrongLengthCookie).seal(s, nonce).bytes(), StepOutcome.NAK_BAD_COOKIE));
        c.add(new UdpCase("bad tag (last byte flipped)", CraftedNtp.flip(valid, valid.length - 1, 0x01),
                StepOutcome.NAK_BAD_AUTHENTICATOR));
        c.add(new UdpCase("bad tag (first tag byte flipped)", CraftedNtp.flip(valid, tagAt, 0x10), StepOutcome.NAK_BAD_AUTHENTICATOR));
        c.add(new UdpCase("header changed after sealing (poll)", CraftedNtp.flip(valid, 2, 0x01), StepOutcome.NAK_BAD_AUTHENTICATOR));
        c.add(new UdpCase("nonce changed after sealing", CraftedNtp.flip(valid, tagAt - 1, 0x01), StepOutcome.NAK_BAD_AUTHENTICATOR));
        c.add(new UdpCase("sealed with the S2C key", CraftedNtp.client(tx).uid(uid).cookie(cookie).seal(s, s.s2c(), nonce).bytes(),
                StepOutcome.NAK_BAD_AUTHENTICATOR));
        // fields after the authenticator are unauthenticated: ignored (RFC 8915 §5.7), the request is served
        c.add(new UdpCase("second UID after the authenticator",
                CraftedNtp.client(tx).uid(uid).cookie(cookie).seal(s, nonce).uid(new byte[32]).bytes(), StepOutcome.NTS_RESPONSE));
        c.add(new UdpCase("second cookie and unknown EF after the authenticator",
                CraftedNtp.client(tx).uid(uid).cookie(cookie).seal(s, nonce).cookie(badTagCookie).ef(0x2000, new byte[24]).bytes(),
                StepOutcome.NTS_RESPONSE));
        c.add(new UdpCase("unknown EF inside the authenticated part",
                CraftedNtp.client(tx).uid(uid).ef(0x2000, new byte[24]).cookie(cookie).seal(s, nonce).bytes(),
                StepOutcome.NTS_RESPONSE));
        return c;
    }

    @Test
    @Order(5)
    void everyDropAndNakReasonIsProducedAnsweredAsItShouldAndCountedExactly() throws Exception {
        long t = System.nanoTime();
        NtsTestClient.Session s = NtsTestClient.keyExchange(tls, ke, List.of(15));
        List<UdpCase> cases = udpCases(s);
        NtsServerStep model = new NtsServerStep();
        Map<StepOutcome, Long> expected = new EnumMap<>(StepOutcome.class);
        for (UdpCase c : cases) {
            assertEquals(c.expected(), modelOutcome(model, c.datagram()), c.name() + ": the golden model agrees with the label");
            expected.merge(c.expected(), 1L, Long::sum);
        }
        for (StepOutcome o : StepOutcome.values()) {
            if (o != StepOutcome.DROP_OUTPUT_TOO_SMALL) {
                assertTrue(expected.getOrDefault(o, 0L) > 0, "a case for " + o);
            }
        }
        Map<StepOutcome, Long> before = a.datapathCounters().snapshot();
        Map<String, Double> httpBefore = metrics.scrape();
        long[] udpBefore = udpHealth();
        // send(), not a connected write(): the JDK sends nothing for an empty buffer on a connected channel
        try (DatagramChannel drops = DatagramChannel.open()) {
            for (UdpCase c : cases) {
                if (!c.expected().answers()) {
                    assertEquals(c.datagram().length, drops.send(ByteBuffer.wrap(c.datagram()), ntp), c.name());
                    continue;
                }
                byte[] answer = NtsTestClient.exchange(ntp, c.datagram());
                checkAnswer(c, s, answer);
            }
            awaitDatapath(before, expected);
            drops.configureBlocking(false);
            Thread.sleep(200);
            assertNull(drops.receive(ByteBuffer.allocate(2048)), "no answer to any dropped datagram");
        }
        assertDatapathDelta("crafted datagrams", before, httpBefore, expected);
        assertArrayEquals0(udpBefore, udpHealth(), "no handler error, send failure or unnamed drop");
        for (UdpCase c : cases) {
            table.add("UDP " + c.name() + " | " + c.expected().name().toLowerCase() + " +1 | counted"
                    + (c.expected().answers() ? ", answer checked" : ", no answer"));
        }
        timings.add("UDP crafted cases (" + cases.size() + "): " + ms(t) + " ms");
        validClientsStillServed("after the crafted datagrams");
    }

    private static void checkAnswer(UdpCase c, NtsTestClient.Session s, byte[] answer) {
        NtpHeader h = NtpHeader.read(answer, 0);
        assertEquals(NtpHeader.MODE_SERVER, h.mode(), c.name());
        switch (c.expected().kind()) {
            case NAK -> {
                assertEquals(NtpHeader.REFID_NTSN, h.referenceId(), c.name() + ": NTSN kiss");
                assertEquals(0, h.stratum(), c.name());
                assertEquals(NtpHeader.LENGTH + 36, answer.length, c.name() + ": header and the UID only");
            }
            case RESPONSE -> {
                if (c.expected() == StepOutcome.PLAIN_RESPONSE) {
                    assertEquals(NtpHeader.LENGTH, answer.length, c.name());
                } else {
                    byte[] uid = new byte[32];
                    new Random(FLOOD_SEED + 1).nextBytes(uid);
                    NtsTestClient.verify(s, answer, uid, TX); // UID echoed, authenticates under S2C
                    assertTrue(answer.length <= c.datagram().length, c.name() + ": no amplification");
                }
            }
            case DROP -> throw new AssertionError("a drop was answered: " + c.name());
        }
    }

    // ---------------------------------------------------------------- UDP: seeded flood

    @Test
    @Order(6)
    void aSeededFloodOfGarbageIsCountedDatagramByDatagram() throws Exception {
        long t = System.nanoTime();
        NtsTestClient.Session s = NtsTestClient.keyExchange(tls, ke, List.of(15));
        Random rnd = new Random(FLOOD_SEED);
        byte[] uid = new byte[32];
        byte[] nonce = new byte[16];
        rnd.nextBytes(uid);
        rnd.nextBytes(nonce);
        byte[] valid = CraftedNtp.client(rnd.nextLong()).uid(uid).cookie(s.cookies().get(1)).placeholder(100)
                .seal(s, nonce).bytes();
        NtsServerStep model = new NtsServerStep();
        int n = 4000;
        int batch = 100;
        Map<StepOutcome, Long> expected = new EnumMap<>(StepOutcome.class);
        Map<StepOutcome, Long> before = a.datapathCounters().snapshot();
        Map<String, Double> httpBefore = metrics.scrape();
        long[] udpBefore = udpHealth();
        try (DatagramChannel ch = DatagramChannel.open()) {
            for (int i = 0; i < n; i++) {
                byte[] d = floodDatagram(rnd, i, valid);
                expected.merge(modelOutcome(model, d), 1L, Long::sum);
                assertEquals(d.length, ch.send(ByteBuffer.wrap(d), ntp)); // send(): empty datagrams too
                if ((i + 1) % batch == 0) {
                    awaitDatapath(before, expected); // paced: a full socket buffer would lose datagrams, not a bug
                }
            }
        }
        awaitDatapath(before, expected);
        assertDatapathDelta("flood (seed " + Long.toHexString(FLOOD_SEED) + ")", before, httpBefore, expected);
        assertArrayEquals0(udpBefore, udpHealth(), "no handler error, send failure or unnamed drop in the flood");
        long kinds = expected.keySet().stream().filter(o -> o.kind() != StepOutcome.Kind.RESPONSE).count();
        assertTrue(kinds >= 8, "the flood reaches many drop/NAK reasons: " + expected);
        table.add("UDP flood: " + n + " seeded datagrams (random, random v4 client, mutated and truncated NTS) | "
                + "each outcome +its model count | " + expected);
        timings.add("UDP flood (" + n + " datagrams): " + ms(t) + " ms");
        validClientsStillServed("after the flood");
    }

    /** Four kinds in turn: random bytes; a random v4 client header and tail; a valid request mutated; one truncated. */
    private static byte[] floodDatagram(Random rnd, int i, byte[] valid) {
        switch (i % 4) {
            case 0 -> {
                byte[] d = new byte[rnd.nextInt(600)];
                rnd.nextBytes(d);
                return d;
            }
            case 1 -> {
                byte[] d = new byte[48 + 4 * rnd.nextInt(100)];
                rnd.nextBytes(d);
                d[0] = 0x23; // LI 0, v4, client
                if (d.length > 48) { // an EF header that may or may not frame
                    d[48] = (byte) (rnd.nextBoolean() ? 1 : 2);
                    d[49] = 4;
                    d[50] = 0;
                    d[51] = (byte) (4 * rnd.nextInt(16));
                }
                return d;
            }
            case 2 -> {
                byte[] d = valid.clone();
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    d[rnd.nextInt(d.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return d;
            }
            default -> {
                return Arrays.copyOf(valid, rnd.nextInt(valid.length));
            }
        }
    }

    private StepOutcome modelOutcome(NtsServerStep model, byte[] d) {
        int len = Math.min(d.length, 2048); // what the 2048-byte receive buffer keeps
        return model.respond(Arrays.copyOf(d, len), 0, len, 0, 0, a.keys().ring(), (out, off, l) -> { },
                a.header().current(), new byte[2048]);
    }

    // ---------------------------------------------------------------- the end: counters agree, clients served

    @Test
    @Order(7)
    void metricsOverHttpAgreeWithTheCountersAndValidClientsWereServedThroughout() throws Exception {
        Map<String, Double> m = metrics.scrape();
        for (StepOutcome o : StepOutcome.values()) {
            if (o == StepOutcome.NTS_RESPONSE) continue; // still moving: chrony and the JDK client
            String series = switch (o.kind()) {
                case RESPONSE -> MetricsScrape.series("ntsbox_ntp_responses_total", "kind", DatapathMetrics.reasonLabel(o));
                case NAK -> MetricsScrape.series("ntsbox_nts_naks_total", "reason", DatapathMetrics.reasonLabel(o));
                case DROP -> MetricsScrape.series("ntsbox_ntp_drops_total", "reason", DatapathMetrics.reasonLabel(o));
            };
            assertEquals(a.datapathCounters().outcome(o), MetricsScrape.value(m, series), series);
            if (!o.answers()) {
                assertEquals(a.datapathCounters().outcome(o), MetricsScrape.value(m,
                        MetricsScrape.series("ntsbox_udp_handler_drops_total", "reason", o.name().toLowerCase())), o + " (udp)");
            }
        }
        assertEquals(0, a.datapathCounters().outcome(StepOutcome.DROP_OUTPUT_TOO_SMALL), "never from network input");
        for (KeOutcome o : KeOutcome.values()) {
            if (o == KeOutcome.OK) continue;
            assertEquals(a.keCounters().replies(o), MetricsScrape.value(m,
                    MetricsScrape.series("ntsbox_nts_ke_handshakes_total", "outcome", KeServerMetrics.outcomeLabel(o))), o.name());
        }
        for (KeRefusal r : KeRefusal.values()) {
            assertEquals(a.keCounters().refusals(r), MetricsScrape.value(m,
                    MetricsScrape.series("ntsbox_nts_ke_handshakes_total", "outcome", KeServerMetrics.outcomeLabel(r))), r.name());
        }
        assertEquals(0, a.keCounters().refusals(KeRefusal.INTERNAL_ERROR), "no internal error");
        assertEquals(0, a.keCounters().refusals(KeRefusal.WRITE_FAILED), "no write failure");
        assertEquals(0, a.keCounters().refusals(KeRefusal.CONN_CAP) + a.keCounters().refusals(KeRefusal.RATE_LIMITED),
                "no limit was hit on this appliance");
        validClientsStillServed("at the end");
        ChronyAuthData auth = chrony.authdata().orElseThrow();
        assertEquals(0, auth.attempts(), "chrony needed no second NTS-KE\n" + chrony.diagnostics());
        table.add("chronyd 4.3 throughout | authdata NAK 0, valid RX growing at every checkpoint, no 2nd NTS-KE | "
                + "NAK " + auth.naks() + ", valid RX " + chronyValid);
        table.add("JDK NTS client throughout | authenticated, 0 NAK, 0 timeouts | " + jdk);
        table.add("/metrics over HTTP | equals the in-process counters for every bad-input series | equal");
    }

    // ---------------------------------------------------------------- helpers

    /** chronyd: no NAK, valid responses still growing; the JDK client: more authenticated answers, no NAK or timeout. */
    private void validClientsStillServed(String phase) throws InterruptedException {
        ChronyNtpData d = chrony.awaitAuthenticatedResponses((int) chronyValid + 1, Duration.ofSeconds(10));
        ChronyAuthData auth = chrony.authdata().orElseThrow();
        String diag = phase + "\n" + chrony.diagnostics() + "\nappliance: " + a.datapathCounters() + " " + a.keCounters();
        assertEquals(0, auth.naks(), "chrony NAKs " + diag);
        assertTrue(d.authenticated(), diag);
        assertTrue(d.totalValidRx() > chronyValid, diag);
        chronyValid = d.totalValidRx();
        long prev = jdkAnswered;
        eventually(phase + ": JDK client answered again (" + jdk + ")", () -> jdk.answered() > prev || jdk.failure() != null);
        assertNull(jdk.failure(), phase + ": " + jdk);
        assertEquals(0, jdk.naks(), phase + ": " + jdk);
        assertEquals(0, jdk.timeouts(), phase + ": " + jdk);
        jdkAnswered = jdk.answered();
    }

    /** Waits until every counter in {@code delta} moved by it, then checks nothing else (outside the background) moved. */
    private void expectKeDelta(String name, Map<String, Long> before, Map<String, Long> delta) throws InterruptedException {
        eventually(name + ": " + delta + " in " + a.keCounters(), () -> {
            Map<String, Long> now = a.keCounters().snapshot();
            return delta.entrySet().stream().allMatch(e -> now.get(e.getKey()) - before.get(e.getKey()) >= e.getValue());
        });
        Thread.sleep(20); // a second count for the same connection would land now
        Map<String, Long> now = a.keCounters().snapshot();
        for (String k : now.keySet()) {
            if (BACKGROUND.contains(k)) continue;
            assertEquals(delta.getOrDefault(k, 0L), now.get(k) - before.get(k), name + ": counter " + k);
        }
    }

    private void awaitDatapath(Map<StepOutcome, Long> before, Map<StepOutcome, Long> expected) throws InterruptedException {
        try {
            awaitDatapathUnchecked(before, expected);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nnow: " + a.datapathCounters(), e);
        }
    }

    private void awaitDatapathUnchecked(Map<StepOutcome, Long> before, Map<StepOutcome, Long> expected)
            throws InterruptedException {
        eventually("datapath counters " + expected + " over " + before, () -> {
            Map<StepOutcome, Long> now = a.datapathCounters().snapshot();
            for (StepOutcome o : StepOutcome.values()) {
                if (o == StepOutcome.NTS_RESPONSE) continue;
                if (now.get(o) - before.get(o) < expected.getOrDefault(o, 0L)) return false;
            }
            return true;
        });
    }

    /** Exactly the expected deltas, in-process and on /metrics (NTS responses: at least, the valid clients add to them). */
    private void assertDatapathDelta(String what, Map<StepOutcome, Long> before, Map<String, Double> httpBefore,
            Map<StepOutcome, Long> expected) throws Exception {
        Map<StepOutcome, Long> now = a.datapathCounters().snapshot();
        Map<String, Double> http = metrics.scrape();
        for (StepOutcome o : StepOutcome.values()) {
            long want = expected.getOrDefault(o, 0L);
            long got = now.get(o) - before.get(o);
            String series = switch (o.kind()) {
                case RESPONSE -> MetricsScrape.series("ntsbox_ntp_responses_total", "kind", DatapathMetrics.reasonLabel(o));
                case NAK -> MetricsScrape.series("ntsbox_nts_naks_total", "reason", DatapathMetrics.reasonLabel(o));
                case DROP -> MetricsScrape.series("ntsbox_ntp_drops_total", "reason", DatapathMetrics.reasonLabel(o));
            };
            long gotHttp = MetricsScrape.value(http, series) - MetricsScrape.value(httpBefore, series);
            if (o == StepOutcome.NTS_RESPONSE) {
                assertTrue(got >= want && gotHttp >= want, what + ": " + o + " " + got + "/" + gotHttp + " >= " + want);
            } else {
                assertEquals(want, got, what + ": " + o);
                assertEquals(want, gotHttp, what + ": " + series);
            }
        }
    }

    /** Handler errors, send failures and drops outside the named codes, summed over the listeners. */
    private long[] udpHealth() throws Exception {
        Map<String, Double> m = metrics.scrape();
        return new long[] {MetricsScrape.value(m, "ntsbox_udp_handler_errors_total"),
                MetricsScrape.value(m, "ntsbox_udp_send_failures_total"),
                MetricsScrape.value(m, MetricsScrape.series("ntsbox_udp_handler_drops_total", "reason", "other"))};
    }

    private static void assertArrayEquals0(long[] before, long[] after, String what) {
        assertEquals(Arrays.toString(before), Arrays.toString(after), what + " (errors, send failures, other drops)");
    }

    private static void eventually(String what, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not reached within 5 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    private static long ms(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }
}
