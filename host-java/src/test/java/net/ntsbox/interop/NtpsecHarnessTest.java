package net.ntsbox.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real NTPsec NTS client against a real chrony NTS server, both inside one private network
 * namespace (ntpd needs UDP 123). chrony's NTP port is not 123, so it sends the Port record
 * and ntpsec must use it.
 */
class NtpsecHarnessTest {
    @Test
    @Timeout(40)
    void ntsKeThenAuthenticatedResponsesInANamespace() {
        try (var ns = NetNamespace.create();
                var server = ChronyServerPeer.builder().netns(ns).start();
                var client = NtpsecClientPeer.builder(ns, "127.0.0.1", server.kePort()).start()) {
            NtpsecNtsCounters nts = client.awaitAuthenticatedResponses(3, Duration.ofSeconds(30));
            String diag = client.diagnostics() + server.diagnostics();

            NtpsecKeResult ke = client.keResult().orElseThrow();
            assertEquals(8, ke.cookies(), diag);
            assertEquals(100, ke.cookieLength(), diag);
            assertEquals(15, ke.aead(), diag);
            assertEquals(server.ntpPort(), ke.ntpPort(), "ntpsec used the port from chrony's Port record\n" + diag);
            assertEquals(1, nts.keClientProbesGood(), diag);
            assertEquals(0, nts.clientRecvsBad(), diag);

            Map<String, String> pv = client.peerVariables();
            assertEquals(Integer.toString(server.ntpPort()), pv.get("srcport"), diag);
            assertEquals("1", pv.get("stratum"), diag);
            assertTrue(Integer.parseInt(pv.getOrDefault("ntscookies", "0")) >= 7, "cookies replenished\n" + diag);

            ChronyServerStats stats = server.serverStats();
            assertEquals(1, stats.ntsKeAccepted(), diag);
            assertTrue(stats.authenticatedNtpPackets() >= 3, diag);
        }
    }

    /** The harness must be able to fail: with a CA that did not sign the server, NTS-KE fails and the log says why. */
    @Test
    @Timeout(40)
    void ntsKeFailsWithAnUntrustedCa() {
        try (var ns = NetNamespace.create();
                var server = ChronyServerPeer.builder().netns(ns).start();
                var client = NtpsecClientPeer.builder(ns, "127.0.0.1", server.kePort()).trustedCa(TestPki.get().unrelatedCaCert()).start()) {
            boolean logged = Ports.await(Duration.ofSeconds(15), client::isRunning, () -> client.logText().contains("NTSc: certificate invalid"));
            String diag = client.diagnostics() + server.diagnostics();
            assertTrue(logged, "expected 'NTSc: certificate invalid' in the ntpd log\n" + diag);
            assertTrue(client.keResult().isEmpty(), diag);
            assertEquals(0, client.ntsCounters().clientRecvsGood(), diag);
        }
    }
}
