package net.ntsbox.interop;

import net.ntsbox.testsupport.LabModelLibrary;
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
 * NTPsec 1.2.2 as NTS client of {@code ntsbox lab}, in a private network namespace (ntpd binds
 * UDP 123): {@code ntsbox lab} runs as a child JVM under {@code ip netns exec}, as
 * {@link ServeNtpsecInteropTest} does for serve, and every NTS exchange is answered by the
 * Verilated RTL behind the bridge.
 */
class LabNtpsecInteropTest {
    @TempDir
    Path state;

    @Test
    @Timeout(120)
    void ntpsecAuthenticatesAgainstLabInANamespace() throws Exception {
        var jvm = LabModelLibrary.childJvmArgs();
        try (var ns = NetNamespace.create();
                var lab = ServeProcess.start(ns, Duration.ofSeconds(60), "lab", jvm, "--state-dir", state.toString(),
                        "--ke-listen", "127.0.0.1:4460", "--ntp-listen", "127.0.0.1:11123",
                        "--cert", TestPki.get().serverChainPem(KeyType.EC).toString(),
                        "--key", TestPki.get().serverKeyPem(KeyType.EC).toString(),
                        "--require-sync", "false")) {
            assertTrue(lab.running(), lab.output());
            try (var client = NtpsecClientPeer.builder(ns, "127.0.0.1", 4460).start()) {
                NtpsecNtsCounters nts = client.awaitAuthenticatedResponses(3, Duration.ofSeconds(50));
                String diag = client.diagnostics() + "\nlab:\n" + lab.output();
                NtpsecKeResult ke = client.keResult().orElseThrow();
                assertEquals(8, ke.cookies(), diag);
                assertEquals(15, ke.aead(), diag);
                assertEquals(11123, ke.ntpPort(), diag);
                assertEquals(0, nts.clientRecvsBad(), diag);
                Map<String, String> pv = client.peerVariables();
                assertEquals("1", pv.get("stratum"), diag);
                assertTrue(Integer.parseInt(pv.getOrDefault("ntscookies", "0")) >= 7, "cookies replenished\n" + diag);
                System.out.println("lab clock through ntpsec: offset " + pv.get("offset") + " ms, delay " + pv.get("delay") + " ms");
            }
            lab.terminate();
            assertTrue(lab.output().contains("ntsbox lab: stopping"), lab.output());
        }
    }
}
