package net.ntsbox.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import net.ntsbox.ke.KeExchange;
import net.ntsbox.ke.KeOutcome;
import net.ntsbox.ke.KeReply;
import net.ntsbox.server.ke.KeServerConfig;
import net.ntsbox.server.ke.KeTlsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CertificateReloadTest {
    static final byte[] END = {(byte) 0x80, 0, 0, 0};
    static final byte[] REPLY = "reply-from-core".getBytes(StandardCharsets.US_ASCII);
    /** Replies once the request ends with End of Message; exporter unused. */
    static final KeExchange CORE = (bytes, exporter) -> bytes.length >= 4
            && Arrays.equals(Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length), END)
            ? Optional.of(new KeReply(REPLY, KeOutcome.OK, 0)) : Optional.empty();

    @TempDir
    static Path pki;
    static PemKeyMaterial a;
    static PemKeyMaterial b;
    static PemKeyMaterial c;
    static SSLContext client;

    @TempDir
    Path dir;
    KeTlsServer server;
    CertificateWatcher watcher;

    @BeforeAll
    static void makePki() throws Exception {
        a = pair("a", 30);
        b = pair("b", 60);
        c = pair("c", 90);
        client = TestPki.clientTrusting(List.of(a.chain().getFirst(), b.chain().getFirst(), c.chain().getFirst()));
    }

    /** {@code name.key} (P-256) and a self-signed {@code name.pem} (CN=name) valid {@code days}. */
    static PemKeyMaterial pair(String name, int days) throws Exception {
        TestPki.openssl(pki, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        TestPki.openssl(pki, "req", "-x509", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-days",
                Integer.toString(days), "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-out", name + ".pem");
        return PemKeyMaterial.load(pki.resolve(name + ".pem"), pki.resolve(name + ".key"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (watcher != null) {
            watcher.close();
        }
    }

    /** Like certbot and most deploy hooks: write a temporary file beside the target, rename it over. */
    static void replace(Path target, byte[] content) throws Exception {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void install(Path live, String name) throws Exception {
        replace(live.resolve("key.pem"), Files.readAllBytes(pki.resolve(name + ".key")));
        replace(live.resolve("cert.pem"), Files.readAllBytes(pki.resolve(name + ".pem")));
    }

    private void startServer(Duration poll) throws Exception {
        Path live = Files.createDirectories(dir.resolve("live"));
        install(live, "a");
        watcher = CertificateWatcher.open(live.resolve("cert.pem"), live.resolve("key.pem"), poll);
        KeServerConfig config = KeServerConfig.defaults(List.of(new InetSocketAddress("127.0.0.1", 0)))
                .withEventLoops(1).withDeadline(Duration.ofSeconds(20));
        server = KeTlsServer.start(config, watcher.keyManagerFactory(), CORE, Duration.ofSeconds(10));
    }

    private SSLSocket connect() throws Exception {
        InetSocketAddress to = server.boundAddresses().getFirst();
        SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(to.getAddress(), to.getPort());
        s.setSoTimeout(5000);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        p.setApplicationProtocols(new String[] {"ntske/1"});
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    static X509Certificate served(SSLSocket s) throws Exception {
        return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }

    /** Sends End of Message and reads the whole reply up to close_notify. */
    static void exchange(SSLSocket s) throws Exception {
        s.getOutputStream().write(END);
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        assertArrayEquals(REPLY, in.readAllBytes());
    }

    private String served() throws Exception {
        try (SSLSocket s = connect()) {
            String cn = served(s).getSubjectX500Principal().getName();
            exchange(s);
            return cn;
        }
    }

    @Test
    void newHandshakesGetTheNewPairOpenConnectionsStayUsable() throws Exception {
        startServer(Duration.ZERO);
        Path live = dir.resolve("live");
        assertEquals("CN=a", served());
        SSLSocket open = connect();
        assertEquals(a.chain().getFirst(), served(open));

        install(live, "b");
        assertEquals(CertificateWatcher.CheckResult.RELOADED, watcher.checkNow());
        assertEquals("CN=b", served());
        exchange(open); // handshake done under A, request and reply after the swap
        open.close();

        CertificateStatus st = watcher.status();
        assertEquals("CN=b", st.subject());
        assertEquals(2, st.generation());
        assertEquals(1, st.reloads());
        assertEquals(0, st.reloadFailures());
        assertTrue(st.lastAttemptOk());
        assertNull(st.lastError());
        assertEquals(CertificateWatcher.CheckResult.UNCHANGED, watcher.checkNow());
    }

    @Test
    void brokenReplacementsAreReportedAndTheOldPairKept() throws Exception {
        startServer(Duration.ZERO);
        Path live = dir.resolve("live");
        install(live, "b");
        assertEquals(CertificateWatcher.CheckResult.RELOADED, watcher.checkNow());

        // Half-written certificate: the first half of B's PEM.
        byte[] pemB = Files.readAllBytes(pki.resolve("b.pem"));
        replace(live.resolve("cert.pem"), Arrays.copyOf(pemB, pemB.length / 2));
        assertEquals(CertificateWatcher.CheckResult.FAILED, watcher.checkNow());
        CertificateStatus st = watcher.status();
        assertEquals("CN=b", st.subject());
        assertEquals(1, st.reloadFailures());
        assertFalse(st.lastAttemptOk());
        assertTrue(st.lastError().contains("cert.pem"), st.lastError());
        assertEquals("CN=b", served());
        // Not retried (nor counted again) until a file changes.
        assertEquals(CertificateWatcher.CheckResult.UNCHANGED, watcher.checkNow());
        assertEquals(1, watcher.status().reloadFailures());

        // Renewal half done: certificate C next to key B.
        replace(live.resolve("cert.pem"), Files.readAllBytes(pki.resolve("c.pem")));
        assertEquals(CertificateWatcher.CheckResult.FAILED, watcher.checkNow());
        assertTrue(watcher.status().lastError().contains("does not match"), watcher.status().lastError());
        assertEquals("CN=b", served());

        // The key arrives: retried on that change and taken.
        replace(live.resolve("key.pem"), Files.readAllBytes(pki.resolve("c.key")));
        assertEquals(CertificateWatcher.CheckResult.RELOADED, watcher.checkNow());
        assertEquals("CN=c", served());
        st = watcher.status();
        assertEquals(2, st.reloadFailures());
        assertEquals(2, st.reloads());
        assertTrue(st.lastAttemptOk());
        assertNull(st.lastError());

        // A removed file is a failure too, and the pair in use stays.
        Files.delete(live.resolve("key.pem"));
        assertEquals(CertificateWatcher.CheckResult.FAILED, watcher.checkNow());
        assertTrue(watcher.status().lastError().contains("not found"), watcher.status().lastError());
        assertEquals(CertificateWatcher.CheckResult.UNCHANGED, watcher.checkNow());
        assertEquals("CN=c", served());
    }

    @Test
    void pollingFollowsCertbotStyleSymlinkSwaps() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Path live = Files.createDirectories(dir.resolve("live"));
        for (String n : new String[] {"a", "b"}) {
            Files.copy(pki.resolve(n + ".pem"), archive.resolve("cert-" + n + ".pem"));
            Files.copy(pki.resolve(n + ".key"), archive.resolve("key-" + n + ".pem"));
        }
        Files.createSymbolicLink(live.resolve("cert.pem"), Path.of("../archive/cert-a.pem"));
        Files.createSymbolicLink(live.resolve("key.pem"), Path.of("../archive/key-a.pem"));
        watcher = CertificateWatcher.open(live.resolve("cert.pem"), live.resolve("key.pem"), Duration.ofMillis(50));
        server = KeTlsServer.start(KeServerConfig.defaults(List.of(new InetSocketAddress("127.0.0.1", 0)))
                .withEventLoops(1), watcher.keyManagerFactory(), CORE, Duration.ofSeconds(10));
        assertEquals("CN=a", served());

        for (String f : new String[] {"key", "cert"}) {
            Path tmpLink = live.resolve("." + f + ".new");
            Files.createSymbolicLink(tmpLink, Path.of("../archive/" + f + "-b.pem"));
            Files.move(tmpLink, live.resolve(f + ".pem"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!watcher.status().subject().equals("CN=b")) {
            assertTrue(System.nanoTime() < end, "poller did not reload within 10 s: " + watcher.status());
            Thread.sleep(20);
        }
        assertEquals("CN=b", served());
    }

    @Test
    void expiryIsTheLeafNotAfter() throws Exception {
        startServer(Duration.ZERO);
        assertEquals(opensslNotAfter(pki.resolve("a.pem")), watcher.status().notAfter());
        Instant in30Days = Instant.now().plus(Duration.ofDays(30));
        assertTrue(Duration.between(watcher.status().notAfter(), in30Days).abs().compareTo(Duration.ofMinutes(5)) < 0);
        install(dir.resolve("live"), "c");
        watcher.checkNow();
        assertEquals(opensslNotAfter(pki.resolve("c.pem")), watcher.status().notAfter());
    }

    @Test
    void startingWithABrokenPairFails() throws Exception {
        Path live = Files.createDirectories(dir.resolve("live"));
        Files.copy(pki.resolve("a.pem"), live.resolve("cert.pem"));
        Files.copy(pki.resolve("b.key"), live.resolve("key.pem"));
        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> CertificateWatcher.open(live.resolve("cert.pem"), live.resolve("key.pem"), Duration.ZERO));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    /** notAfter as the openssl CLI prints it ("notAfter=Mar  5 12:00:00 2026 GMT"). */
    static Instant opensslNotAfter(Path pem) throws Exception {
        Process p = new ProcessBuilder("openssl", "x509", "-noout", "-enddate", "-in", pem.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        String date = out.substring(out.indexOf('=') + 1).replaceAll(" +", " ");
        return ZonedDateTime.parse(date, DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy z", Locale.ENGLISH))
                .withZoneSameInstant(ZoneOffset.UTC).toInstant();
    }
}
