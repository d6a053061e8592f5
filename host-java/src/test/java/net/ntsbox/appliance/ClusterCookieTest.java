package net.ntsbox.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtpParse;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.ntp.ParsedPacket;
import net.ntsbox.server.StepOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appliances provisioned with the same seed and epoch open each other's cookies; one with
 * another seed does not (it answers an NTS NAK). A hands out cookies, B and C only answer NTP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterCookieTest {
    static final String SEED = "5eed".repeat(16);
    static final String OTHER_SEED = "0fee".repeat(16);

    @TempDir
    Path dir;

    private ApplianceConfig config(String name, String seedHex, String toml) throws Exception {
        Path state = dir.resolve(name);
        SeedFile.replace(state.resolve("cluster.seed"), HexFormat.of().parseHex(seedHex));
        return ConfigReader.parse("state_dir = \"" + state + "\"\n" + toml, name + ".toml", state, ConfigOverrides.none());
    }

    private static final String NTP_ONLY = """
            [nts_ke]
            enabled = false
            [ntp]
            listen = ["127.0.0.1:0"]
            threads = 1
            """;

    @Test
    void aCookieMintedByAOpensOnBWithTheSameSeedAndNotOnCWithAnother() throws Exception {
        try (var b = SoftwareAppliance.start(config("b", SEED, NTP_ONLY), SoftwareApplianceTest.env(SoftwareApplianceTest.SYNCED));
                var c = SoftwareAppliance.start(config("c", OTHER_SEED, NTP_ONLY),
                        SoftwareApplianceTest.env(SoftwareApplianceTest.SYNCED));
                var a = SoftwareAppliance.start(config("a", SEED, """
                        [nts_ke]
                        listen = ["127.0.0.1:0"]
                        ntp_server = "127.0.0.1"
                        ntp_port = %d
                        [ntp]
                        listen = ["127.0.0.1:0"]
                        threads = 1
                        """.formatted(b.ntpAddresses().getFirst().getPort())),
                        SoftwareApplianceTest.env(SoftwareApplianceTest.SYNCED))) {
            assertTrue(b.keAddresses().isEmpty() && c.keAddresses().isEmpty(), "B and C run no NTS-KE");
            var s = NtsTestClient.keyExchange(SoftwareApplianceTest.trustingOwnCert(a), a.keAddresses().getFirst(), List.of(15));
            assertEquals(b.ntpAddresses().getFirst().getPort(), s.ke().port().getAsInt(), "Port record: B's port");
            assertEquals("127.0.0.1", s.ke().server().orElseThrow(), "Server record");

            long t = SoftwareApplianceTest.now();
            byte[] uid = NtsTestClient.uid();
            var onB = NtsTestClient.verify(s, NtsTestClient.exchange(b.ntpAddresses().getFirst(),
                    NtsTestClient.ntsRequest(s, s.cookies().get(0), uid, t, 0)), uid, t);
            assertEquals(1, onB.cookies().size(), "B sends a fresh cookie");
            assertEquals(1, b.datapathCounters().outcome(StepOutcome.NTS_RESPONSE));

            // the cookie B minted opens on A too (same keys both ways)
            byte[] uid2 = NtsTestClient.uid();
            NtsTestClient.verify(s, NtsTestClient.exchange(a.ntpAddresses().getFirst(),
                    NtsTestClient.ntsRequest(s, onB.cookies().getFirst(), uid2, t + 1, 0)), uid2, t + 1);

            byte[] uid3 = NtsTestClient.uid();
            byte[] fromC = NtsTestClient.exchange(c.ntpAddresses().getFirst(),
                    NtsTestClient.ntsRequest(s, s.cookies().get(1), uid3, t + 2, 0));
            ParsedPacket p = (ParsedPacket) NtpParse.parse(fromC, 0, fromC.length);
            assertEquals(NtpHeader.MODE_SERVER, p.header().mode());
            assertTrue(p.indexOf(NtsExtensionType.NTS_AUTHENTICATOR, 0) < 0, "C cannot authenticate: NAK");
            assertEquals(0, p.header().stratum(), "a NAK is a kiss-o'-death packet (stratum 0)");
            assertEquals(0x4e54534e, p.header().referenceId(), "kiss code NTSN");
            assertEquals(1, c.datapathCounters().outcome(StepOutcome.NAK_BAD_COOKIE),
                    "same key ID (same period), other key: bad tag " + c.datapathCounters());
            assertEquals(0, c.datapathCounters().outcome(StepOutcome.NTS_RESPONSE));
            assertFalse(a.keys().ring().current().sameAs(c.keys().ring().current()));
            assertTrue(a.keys().ring().current().sameAs(b.keys().ring().current()));
        }
    }
}
