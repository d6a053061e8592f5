package net.ntsbox.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.ntsbox.interop.TestPki.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * NTPsec 1.2.2 as NTS client of {@code ntsbox serve}. ntpd binds UDP 123 even as a client, so
 * it runs in a private network namespace (G9), and the server must be reachable on that
 * namespace's loopback: {@code ntsbox serve} runs as a child JVM under {@code ip netns exec}
 * (which execs, so SIGTERM by PID reaches the JVM and its shutdown hook). NTP is on 11123,
 * not 123, so ntpsec must take the port from the NTS-KE Port record (G8).
 */
class ServeNtpsecInteropTest {
    @TempDir
    Path state;

    @Test
    @Timeout(90)
    void ntpsecAuthenticatesAgainstServeInANamespace() throws Exception {
        try (var ns = NetNamespace.create();
                var serve = ServeProcess.start(ns, Duration.ofSeconds(30), "--state-dir", state.toString(),
                        "--ke-listen", "127.0.0.1:4460", "--ntp-listen", "127.0.0.1:11123", "--ntp-listen", "[::1]:11123",
                        "--cert", TestPki.get().serverChainPem(KeyType.EC).toString(),
                        "--key", TestPki.get().serverKeyPem(KeyType.EC).toString(),
                        "--require-sync", "false", "--threads", "1")) {
            assertTrue(serve.running(), serve.output());
            if (net.ntsbox.tls.nativecrypto.NativeCrypto.probe().x25519()) {
                // default nts_ke.crypto = "auto": this handshake runs through the native provider
                assertTrue(serve.output().contains("public-key crypto: X25519 by libhogweed"), serve.output());
            }
            try (var client = NtpsecClientPeer.builder(ns, "127.0.0.1", 4460).start()) {
                NtpsecNtsCounters nts = client.awaitAuthenticatedResponses(3, Duration.ofSeconds(40));
                String diag = client.diagnostics() + "\nserve:\n" + serve.output();
                NtpsecKeResult ke = client.keResult().orElseThrow();
                assertEquals(8, ke.cookies(), diag);
                assertEquals(100, ke.cookieLength(), diag);
                assertEquals(15, ke.aead(), diag);
                assertEquals(11123, ke.ntpPort(), "ntpsec used the Port record\n" + diag);
                assertEquals(1, nts.keClientProbesGood(), diag);
                assertEquals(0, nts.clientRecvsBad(), diag);
                Map<String, String> pv = client.peerVariables();
                assertEquals("11123", pv.get("srcport"), diag);
                assertEquals("1", pv.get("stratum"), diag);
                assertTrue(Integer.parseInt(pv.getOrDefault("ntscookies", "0")) >= 7, "cookies replenished\n" + diag);
            }
            serve.terminate();
            assertTrue(serve.output().contains("ntsbox serve: stopping"), serve.output());
        }
    }
}
