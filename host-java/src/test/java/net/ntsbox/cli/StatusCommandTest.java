package net.ntsbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import net.ntsbox.appliance.ApplianceEnvironment;
import net.ntsbox.appliance.SoftwareAppliance;
import net.ntsbox.appliance.TimexReading;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.interop.TestPki;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.server.udp.RealtimeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ntsbox status} in-process against a running {@link SoftwareAppliance} on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatusCommandTest {
    static final TimexReading SYNCED = new TimexReading(0, 0x2001, 50_000, 1_000);
    static final TimexReading UNSYNCED = new TimexReading(5, TimexReading.STA_UNSYNC, 16_000_000, 16_000_000);
    static final String TOKEN = "s3cret-token-0123456789abcdef";

    @TempDir
    Path dir;

    private Path token() throws Exception {
        return LoopbackApplianceConfig.tokenFile(dir, TOKEN);
    }

    /** A configuration file: loopback listeners, the management API on {@code mgmtPort} with the token. */
    private Path configFile(int mgmtPort, String extra) throws Exception {
        return LoopbackApplianceConfig.write(dir, TOKEN, mgmtPort, extra, "");
    }

    private static SoftwareAppliance start(Path config, TimexReading kernel) throws Exception {
        return SoftwareAppliance.start(ConfigReader.load(config, ConfigOverrides.none()),
                new ApplianceEnvironment(RealtimeClock::unixNanos, () -> kernel, Duration.ofMillis(200)));
    }

    private static String url(SoftwareAppliance a) {
        return "http://127.0.0.1:" + a.management().boundAddress().getPort();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void assertNoSecrets(SoftwareAppliance a, CliRun r) {
        String all = (r.out() + r.err()).toLowerCase(java.util.Locale.ROOT);
        assertFalse(all.contains(TOKEN.toLowerCase(java.util.Locale.ROOT)), "token printed:\n" + r);
        for (MasterKey k : a.keys().ring().slots()) {
            if (k == null) continue;
            assertFalse(all.contains(HexFormat.of().formatHex(k.keyBytes())), "key material printed:\n" + r);
        }
    }

    @Test
    void healthyApplianceFromItsConfigurationShowsEveryFieldAndNoSecret() throws Exception {
        Path cfg = configFile(freePort(), "");
        try (var a = start(cfg, SYNCED)) {
            CliRun r = CliRun.of("status", "--config", cfg.toString());
            assertEquals(StatusCommand.OK, r.rc(), r.toString());
            for (String field : new String[] {"server:", "ntsbox ", "uptime:", "datapath:     software",
                "time source:  locked, stratum", "holdover none", "keys:", "certificate:  nts_ke: ", "CN=localhost",
                "days left", "no reload since start", "health:       OK"}) {
                assertTrue(r.out().contains(field), field + " missing:\n" + r);
            }
            for (MasterKey k : a.keys().ring().slots()) {
                if (k != null) assertTrue(r.out().contains(k.idHex()), "key " + k.idHex() + " listed:\n" + r);
            }
            assertTrue(r.out().contains("current"), r.toString());
            assertNoSecrets(a, r);
            assertEquals("", r.err(), r.toString());
        }
    }

    @Test
    void jsonIsTheDocumentAsServedAndParses() throws Exception {
        try (var a = start(configFile(0, ""), SYNCED)) {
            CliRun r = CliRun.of("status", "--url", url(a), "--token-file", token().toString(), "--json");
            assertEquals(StatusCommand.OK, r.rc(), r.toString());
            var doc = new ObjectMapper().readTree(r.out());
            assertEquals("software", doc.get("datapath").asText());
            assertEquals("locked", doc.get("time_source").get("state").asText());
            assertEquals(a.keys().ring().current().idHex(), doc.get("keys").get("current_id").asText());
            assertNoSecrets(a, r);
        }
    }

    @Test
    void aWrongOrMissingTokenIsExit3With401() throws Exception {
        try (var a = start(configFile(0, ""), SYNCED)) {
            Path wrong = dir.resolve("wrong.token");
            Files.writeString(wrong, "not-the-token-0123456789\n");
            CliRun r = CliRun.of("status", "--url", url(a), "--token-file", wrong.toString());
            assertEquals(StatusCommand.UNREACHABLE, r.rc(), r.toString());
            assertTrue(r.err().contains("401") && r.err().contains("refused"), r.toString());
            assertFalse(r.err().contains("not-the-token"), "the token is never echoed:\n" + r);
            assertEquals("", r.out());
            CliRun none = CliRun.of("status", "--url", url(a));
            assertEquals(StatusCommand.UNREACHABLE, none.rc(), none.toString());
            assertTrue(none.err().contains("401") && none.err().contains("no bearer token"), none.toString());
        }
    }

    @Test
    void nothingListeningIsExit3ConnectionRefused() throws Exception {
        int port = freePort();
        CliRun r = CliRun.of("status", "--url", "http://127.0.0.1:" + port, "--timeout", "2");
        assertEquals(StatusCommand.UNREACHABLE, r.rc(), r.toString());
        assertTrue(r.err().contains("connection refused"), r.toString());
        CliRun viaConfig = CliRun.of("status", "--config", configFile(port, "").toString(), "--timeout", "2");
        assertEquals(StatusCommand.UNREACHABLE, viaConfig.rc(), viaConfig.toString());
        assertTrue(viaConfig.err().contains("connection refused"), viaConfig.toString());
    }

    @Test
    void anUnsynchronisedClockIsDegradedExit1() throws Exception {
        try (var a = start(configFile(0, ""), UNSYNCED)) {
            CliRun r = CliRun.of("status", "--url", url(a), "--token-file", token().toString());
            assertEquals(StatusCommand.DEGRADED, r.rc(), r.toString());
            assertTrue(r.out().contains("time source:  unsynchronized, stratum 16"), r.toString());
            assertTrue(r.out().contains("health:       DEGRADED: clock unsynchronized"), r.toString());
            CliRun json = CliRun.of("status", "--url", url(a), "--token-file", token().toString(), "--json");
            assertEquals(StatusCommand.DEGRADED, json.rc(), "--json keeps the health exit status:\n" + json);
        }
    }

    @Test
    void withAConfiguredCertificateTheApiIsHttpsPinnedToItOrCheckedAgainstTheCa() throws Exception {
        TestPki pki = TestPki.get();
        Path cfg = configFile(freePort(), "cert = \"%s\"\nkey = \"%s\"".formatted(
                pki.serverChainPem(TestPki.KeyType.EC), pki.serverKeyPem(TestPki.KeyType.EC)));
        try (var a = start(cfg, SYNCED)) {
            int port = a.management().boundAddress().getPort();
            CliRun pinned = CliRun.of("status", "--config", cfg.toString());
            assertEquals(StatusCommand.OK, pinned.rc(), pinned.toString());
            assertTrue(pinned.out().contains("https://127.0.0.1:" + port), pinned.toString());
            assertTrue(pinned.out().contains("O=ntsbox-test"), pinned.toString());

            CliRun ca = CliRun.of("status", "--url", "https://127.0.0.1:" + port, "--token-file", token().toString(),
                    "--ca", pki.caCert().toString());
            assertEquals(StatusCommand.OK, ca.rc(), ca.toString());

            CliRun wrongCa = CliRun.of("status", "--url", "https://127.0.0.1:" + port, "--token-file",
                    token().toString(), "--ca", pki.unrelatedCaCert().toString());
            assertEquals(StatusCommand.UNREACHABLE, wrongCa.rc(), wrongCa.toString());
            assertTrue(wrongCa.err().contains("TLS failure"), wrongCa.toString());

            CliRun plain = CliRun.of("status", "--url", "http://127.0.0.1:" + port, "--token-file", token().toString());
            assertEquals(StatusCommand.UNREACHABLE, plain.rc(), plain.toString());
            assertTrue(plain.err().contains("try --url https://"), plain.toString());

            // A configuration naming another certificate than the one served: the pin refuses it.
            Path other = dir.resolve("other.toml");
            Files.writeString(other, Files.readString(cfg)
                    .replace(pki.serverChainPem(TestPki.KeyType.EC).toString(), pki.serverChainPem(TestPki.KeyType.RSA).toString())
                    .replace(pki.serverKeyPem(TestPki.KeyType.EC).toString(), pki.serverKeyPem(TestPki.KeyType.RSA).toString()));
            CliRun mismatch = CliRun.of("status", "--config", other.toString());
            assertEquals(StatusCommand.UNREACHABLE, mismatch.rc(), mismatch.toString());
            assertTrue(mismatch.err().contains("TLS failure") && mismatch.err().contains("not the one in"), mismatch.toString());
            assertNoSecrets(a, pinned);
        }
    }

    @Test
    void usageErrorsAreExit2() throws Exception {
        CliRun both = CliRun.of("status", "--config", "x.toml", "--url", "http://127.0.0.1:1");
        assertEquals(StatusCommand.USAGE, both.rc(), both.toString());
        CliRun noApi = CliRun.of("status", "--config", configFile(0, "").toString());
        assertEquals(StatusCommand.USAGE, noApi.rc(), noApi.toString());
        assertTrue(noApi.err().contains("port 0"), noApi.toString());
        Path off = dir.resolve("off.toml");
        Files.writeString(off, "state_dir = \"%s\"\n".formatted(dir));
        CliRun offApi = CliRun.of("status", "--config", off.toString());
        assertEquals(StatusCommand.USAGE, offApi.rc(), offApi.toString());
        assertTrue(offApi.err().contains("[management] listen"), offApi.toString());
        for (String[] bad : new String[][] {{"--url", "127.0.0.1:9460"}, {"--url", "http://127.0.0.1:9460/api"},
            {"--url", "http://127.0.0.1:1", "--timeout", "0"}, {"--url", "http://127.0.0.1:1", "--token-file",
                dir.resolve("missing").toString()}, {"--url", "https://127.0.0.1:1", "--client-cert", "c.pem"}}) {
            String[] argv = new String[bad.length + 1];
            argv[0] = "status";
            System.arraycopy(bad, 0, argv, 1, bad.length);
            CliRun r = CliRun.of(argv);
            assertEquals(StatusCommand.USAGE, r.rc(), String.join(" ", argv) + "\n" + r);
            assertFalse(r.err().isBlank(), r.toString());
        }
    }
}
