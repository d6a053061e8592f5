package net.ntsbox.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import net.ntsbox.interop.TestPki.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real chrony NTS client against a real chrony NTS server on loopback: proves the harness
 * before it is pointed at our own server. Each case starts and stops its own peers.
 */
class ChronyHarnessTest {
    private static final Duration RESPONSES_TIMEOUT = Duration.ofSeconds(20);
    private static final int AEAD_AES_SIV_CMAC_256 = 15;

    @ParameterizedTest(name = "{0} with {1} certificate")
    @CsvSource({"127.0.0.1, EC", "::1, EC", "127.0.0.1, RSA"})
    @Timeout(40)
    void ntsKeThenAuthenticatedResponses(String host, KeyType keyType) {
        try (var server = ChronyServerPeer.builder().keyType(keyType).start();
                var client = ChronyClientPeer.of(server, host).start()) {
            ChronyNtpData ntp = client.awaitAuthenticatedResponses(4, RESPONSES_TIMEOUT);
            String diag = client.diagnostics() + server.diagnostics();

            ChronyAuthData auth = awaitAuthdata(client, a -> a.cookies() == 8, Duration.ofSeconds(3), diag);
            assertEquals("NTS", auth.mode(), diag);
            assertEquals(AEAD_AES_SIV_CMAC_256, auth.aead(), diag);
            assertEquals(256, auth.keyLength(), diag);
            assertEquals(100, auth.cookieLength(), "chrony's cookies are 100 bytes\n" + diag);
            assertEquals(0, auth.naks(), diag);
            assertEquals(host, ntp.remoteAddress().equals("::1") ? "::1" : ntp.remoteAddress(), diag);
            assertEquals(server.ntpPort(), ntp.remotePort(), "NTP port (negotiated by the Port record)\n" + diag);
            assertTrue(ntp.totalValidRx() >= 4 && ntp.totalRx() >= ntp.totalValidRx(), diag);
            assertTrue(client.sources().stream().anyMatch(s -> s.name().equals(host) && s.reach() > 0), diag);

            ChronyServerStats stats = server.serverStats();
            assertEquals(1, stats.ntsKeAccepted(), "exactly one NTS-KE session\n" + diag);
            assertTrue(stats.authenticatedNtpPackets() >= 4, "server counted authenticated requests\n" + diag);
        }
    }

    @Test
    @Timeout(40)
    void restartedClientReusingItsDumpDirDoesNoSecondNtsKe() throws Exception {
        try (var server = ChronyServerPeer.builder().start(); var client = ChronyClientPeer.of(server, "127.0.0.1").start()) {
            client.awaitAuthenticatedResponses(2, RESPONSES_TIMEOUT);
            assertEquals(1, server.serverStats().ntsKeAccepted(), server.diagnostics());

            client.stop();
            Path saved = client.dumpDir().resolve("127.0.0.1.nts");
            assertTrue(Files.isRegularFile(saved), "chronyd saved its cookies on exit: " + saved + "\n" + client.diagnostics());
            client.start(); // same config and dump dir (chronyd consumes the saved file at start-up)
            ChronyNtpData after = client.awaitAuthenticatedResponses(4, RESPONSES_TIMEOUT);

            String diag = client.diagnostics() + server.diagnostics();
            assertTrue(after.totalValidRx() >= 4, diag);
            assertEquals(1, server.serverStats().ntsKeAccepted(), "the restarted client resumed with saved cookies\n" + diag);
            ChronyAuthData auth = client.authdata().orElseThrow();
            assertTrue(auth.ntsKeyEstablished(), diag);
            assertEquals(0, auth.attempts(), "no NTS-KE attempt after the restart\n" + diag);
        }
    }

    @Test
    @Timeout(40)
    void restartedServerReloadsItsCookieKeysFromTheStateDir() throws Exception {
        try (var server = ChronyServerPeer.builder().start(); var client = ChronyClientPeer.of(server, "127.0.0.1").poll(-2, -2).start()) {
            client.awaitAuthenticatedResponses(2, RESPONSES_TIMEOUT);
            // Client down first, so it cannot use up its cookies on a server that is away; it
            // saves them, and after both restarts it presents cookies made under the old keys.
            client.stop();
            server.stop();
            assertTrue(Files.size(server.ntsKeysFile()) > 0, "chronyd wrote " + server.ntsKeysFile() + " on exit\n" + server.diagnostics());
            List<String> keyIds = keyIds(server.ntsKeysFile());
            server.start();
            client.start();
            client.awaitAuthenticatedResponses(4, RESPONSES_TIMEOUT);

            String diag = client.diagnostics() + server.diagnostics();
            assertEquals(keyIds, keyIds(server.ntsKeysFile()), "the restarted server kept its cookie key ids\n" + diag);
            assertEquals(0, server.serverStats().ntsKeAccepted(), "old cookies still valid: no new NTS-KE\n" + diag);
            assertEquals(0, client.authdata().orElseThrow().naks(), "no NTS NAK after the server restart\n" + diag);
        }
    }

    @Test
    @Timeout(40)
    void freshClientAfterAnotherAlwaysDoesNtsKe() {
        try (var server = ChronyServerPeer.builder().start()) {
            for (int i = 1; i <= 2; i++) {
                try (var client = ChronyClientPeer.of(server, "127.0.0.1").poll(-2, -2).start()) {
                    client.awaitAuthenticatedResponses(2, RESPONSES_TIMEOUT);
                }
                assertEquals(i, server.serverStats().ntsKeAccepted(), server.diagnostics());
            }
        }
    }

    @Test
    @Timeout(40)
    void clientAndServerInsideANamespace() {
        try (var ns = NetNamespace.create();
                var server = ChronyServerPeer.builder().netns(ns).start();
                var client = ChronyClientPeer.of(server, "::1").netns(ns).start()) {
            client.awaitAuthenticatedResponses(4, RESPONSES_TIMEOUT);
            assertEquals(1, server.serverStats().ntsKeAccepted(), client.diagnostics() + server.diagnostics());
            var onHost = ns.exec(Duration.ofSeconds(5), "ip", "-o", "link");
            assertTrue(onHost.ok() && onHost.output().strip().lines().count() == 1 && onHost.output().contains("lo:"),
                    "only lo in the namespace: " + onHost.describe());
        }
    }

    /** The harness must be able to fail: each defect makes NTS-KE fail, with chrony's reason in the log. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"untrusted CA, certificate is NOT trusted", "wrong name, name in the certificate does not match",
            "expired, expired"})
    @Timeout(40)
    void ntsKeFailsForABadCertificate(String defect, String expectedLogText) {
        var pki = TestPki.get();
        var sb = ChronyServerPeer.builder();
        switch (defect) {
            case "wrong name" -> sb.certificate(pki.wrongNameChainPem(), pki.wrongNameKeyPem());
            case "expired" -> sb.certificate(pki.expiredChainPem(), pki.expiredKeyPem());
            default -> sb.keyType(KeyType.EC);
        }
        try (var server = sb.start();
                var client = ChronyClientPeer.of(server, "127.0.0.1")
                        .trustedCa(defect.equals("untrusted CA") ? pki.unrelatedCaCert() : pki.caCert())
                        .start()) {
            boolean logged = Ports.await(Duration.ofSeconds(10), client::isRunning,
                    () -> client.logText().contains(expectedLogText));
            String diag = client.diagnostics() + server.diagnostics();
            assertTrue(logged, "expected '" + expectedLogText + "' in the client log\n" + diag);
            Optional<ChronyAuthData> auth = client.authdata();
            assertTrue(auth.isPresent() && !auth.get().ntsKeyEstablished() && auth.get().cookies() == 0, diag);
            assertEquals(0, client.ntpdata().map(ChronyNtpData::totalValidRx).orElse(0L), diag);
        }
    }

    /** Key ids of chronyd's ntskeys file ("NKS0", "AEAD age", then "KEYID KEY" lines); the keys themselves stay out of messages. */
    private static List<String> keyIds(Path ntskeys) throws java.io.IOException {
        List<String> lines = Files.readAllLines(ntskeys);
        assertTrue(lines.size() >= 3 && lines.get(0).startsWith("NKS"), "unexpected ntskeys format (" + lines.size() + " lines)");
        return lines.subList(2, lines.size()).stream().map(l -> l.split("\\s+")[0]).toList();
    }

    private static ChronyAuthData awaitAuthdata(ChronyClientPeer client, Predicate<ChronyAuthData> cond, Duration timeout, String diag) {
        long end = System.nanoTime() + timeout.toNanos();
        ChronyAuthData last = null;
        while (System.nanoTime() < end) {
            last = client.authdata().orElse(null);
            if (last != null && cond.test(last)) {
                return last;
            }
            Daemon.sleep(Duration.ofMillis(20));
        }
        return fail("authdata condition not met, last " + last + "\n" + diag);
    }
}
