package net.ntsbox.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import net.ntsbox.appliance.SeedFile;
import net.ntsbox.appliance.SoftwareAppliance;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.interop.TestPki.KeyType;
import net.ntsbox.ke.KeOutcome;
import net.ntsbox.server.StepOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-appliance cluster with chronyd 4.3 as client: A serves NTS-KE only and sends clients
 * (Server and Port records) to B, which serves NTP only. Both hold the same provisioned seed
 * and epoch, so B opens the cookies A minted. The appliances run with require_sync = false
 * (this machine's kernel clock is unsynchronised; see ServeChronyInteropTest).
 */
class ClusterChronyInteropTest {
    private static final String SEED = "c1057e2".repeat(9) + "5eed5";

    @TempDir
    Path dir;

    private ApplianceConfig member(String name, String toml) throws Exception {
        Path state = dir.resolve(name);
        SeedFile.replace(state.resolve("cluster.seed"), HexFormat.of().parseHex(SEED));
        String full = """
                state_dir = "%s"
                %s
                [clock]
                require_sync = false
                [keys]
                epoch = 1700000000
                """.formatted(state, toml);
        return ConfigReader.parse(full, name + ".toml", state, ConfigOverrides.none());
    }

    @Test
    @Timeout(60)
    void chronyDoesNtsKeWithAAndGetsAuthenticatedResponsesFromB() throws Exception {
        try (var b = SoftwareAppliance.start(member("b", """
                    [nts_ke]
                    enabled = false
                    [ntp]
                    listen = ["127.0.0.1:0"]
                    threads = 2
                    """));
                var a = SoftwareAppliance.start(member("a", """
                    [nts_ke]
                    listen = ["127.0.0.1:0"]
                    cert = "%s"
                    key = "%s"
                    ntp_server = "127.0.0.1"
                    ntp_port = %d
                    [ntp]
                    enabled = false
                    """.formatted(TestPki.get().serverChainPem(KeyType.EC), TestPki.get().serverKeyPem(KeyType.EC),
                        b.ntpAddresses().getFirst().getPort())));
                // chrony is told A's NTS-KE port and, on purpose, a wrong NTP port: only the records lead it to B
                var client = ChronyClientPeer.builder("127.0.0.1", 1, a.keAddresses().getFirst().getPort()).start()) {
            int bPort = b.ntpAddresses().getFirst().getPort();
            assertTrue(a.ntpAddresses().isEmpty() && b.keAddresses().isEmpty(), "A is KE-only, B NTP-only");
            ChronyNtpData ntp = client.awaitAuthenticatedResponses(4, Duration.ofSeconds(20));
            String diag = client.diagnostics() + "\nA: " + a.datapathCounters() + " " + a.keCounters()
                    + "\nB: " + b.datapathCounters() + " " + b.keCounters();
            assertEquals(bPort, ntp.remotePort(), "NTP went to B's port from the Port record\n" + diag);
            assertEquals(1, a.keCounters().replies(KeOutcome.OK), "one NTS-KE, with A\n" + diag);
            assertEquals(0, b.keCounters().accepted(), diag);
            assertTrue(b.datapathCounters().outcome(StepOutcome.NTS_RESPONSE) >= 4, "B answered with NTS\n" + diag);
            assertEquals(0, b.datapathCounters().outcome(StepOutcome.NAK_BAD_COOKIE)
                    + b.datapathCounters().outcome(StepOutcome.NAK_UNKNOWN_KEY), diag);
            assertEquals(0L, a.datapathCounters().snapshot().values().stream().mapToLong(Long::longValue).sum(), "A served no NTP\n" + diag);
            ChronyAuthData auth = client.authdata().orElseThrow();
            assertEquals("NTS", auth.mode(), diag);
            assertEquals(0, auth.naks(), diag);
            assertEquals(8, auth.cookies(), "B replenishes cookies\n" + diag);
            assertTrue(ntp.authenticated(), diag);
        }
    }
}
