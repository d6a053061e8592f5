package net.ntsbox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    static final Path BASE = Path.of("/etc/ntsbox");

    static ApplianceConfig parse(String toml) throws ConfigException {
        return ConfigReader.parse(toml, "ntsbox.toml", BASE, ConfigOverrides.none());
    }

    @Test
    void noFileMeansLoopbackDefaults() throws Exception {
        ApplianceConfig c = ConfigReader.load(null, ConfigOverrides.none());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 4460), new InetSocketAddress("::1", 4460)), c.ntsKe().listen());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 123), new InetSocketAddress("::1", 123)), c.ntp().listen());
        assertEquals(8, c.ntsKe().cookies());
        assertEquals(Duration.ofMillis(2000), c.ntsKe().deadline());
        assertEquals(1024, c.ntsKe().maxConnections());
        assertEquals(List.of(15, 17, 30), c.ntsKe().aeads());
        assertTrue(c.ntsKe().cert().isEmpty() && c.ntsKe().ntpPort().isEmpty() && c.ntsKe().ntpServer().isEmpty());
        assertEquals(1, c.clock().stratum());
        assertEquals(0x47505300, c.clock().referenceId());
        assertEquals(-20, c.clock().precision());
        assertTrue(c.clock().requireSync());
        assertEquals(c.stateDir().resolve("keys.state"), c.keys().stateFile());
        assertEquals(c.stateDir().resolve("cluster.seed"), c.keys().seedFile());
        assertEquals(86400, c.keys().policy().periodSeconds());
        assertEquals(1024, c.keys().policy().clientPollSeconds());
        assertEquals(0, c.keys().epochSeconds());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.ntp().threads());
        assertEquals(net.ntsbox.server.udp.UdpIo.AUTO, c.ntp().io());
        assertEquals(net.ntsbox.server.StepCryptoMode.AUTO, c.ntp().crypto());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ApplianceConfig c = parse("""
                state_dir = "/var/lib/x"
                [nts_ke]
                listen = ["0.0.0.0:4460", "[::]:4460"]
                cert = "tls/chain.pem"
                key = "/secret/key.pem"
                cookies = 4
                deadline_ms = 500
                max_connections = 10
                rate_per_second = 2.5
                rate_burst = 5
                aeads = [30, 15]
                ntp_server = "time.example.net"
                ntp_port = 4123
                [ntp]
                listen = ["192.0.2.1:123"]
                alternate_port = 4123
                threads = 3
                io = "simple"
                crypto = "java"
                [clock]
                stratum = 2
                reference_id = "192.0.2.7"
                precision = -24
                root_delay_ms = 1.5
                root_dispersion_ms = 2
                require_sync = false
                [keys]
                seed_file = "seed.hex"
                epoch = 1700000000
                rotation_period_s = 3600
                client_poll_s = 64
                import_chrony = "/var/lib/chrony/ntskeys"
                """);
        assertEquals(Path.of("/var/lib/x"), c.stateDir());
        assertEquals(Optional.of(BASE.resolve("tls/chain.pem")), c.ntsKe().cert(), "relative to the file's directory");
        assertEquals(Optional.of(Path.of("/secret/key.pem")), c.ntsKe().key());
        assertEquals(4, c.ntsKe().cookies());
        assertEquals(2.5, c.ntsKe().ratePerSecond());
        assertEquals(List.of(30, 15), c.ntsKe().aeads());
        assertEquals(4123, c.ntsKe().ntpPort().getAsInt());
        assertEquals(List.of(new InetSocketAddress("192.0.2.1", 123), new InetSocketAddress("192.0.2.1", 4123)),
                c.ntp().allAddresses());
        assertEquals(net.ntsbox.server.udp.UdpIo.SIMPLE, c.ntp().io());
        assertEquals(net.ntsbox.server.StepCryptoMode.JAVA, c.ntp().crypto());
        assertEquals(0xC0000207, c.clock().referenceId());
        assertEquals(1.5, c.clock().rootDelayMs());
        assertEquals(Path.of("/var/lib/x/keys.state"), c.keys().stateFile());
        assertEquals(BASE.resolve("seed.hex"), c.keys().seedFile());
        assertEquals(3600, c.keys().policy().periodSeconds());
        assertEquals(1700000000L, c.keys().epochSeconds());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[ntp]\\nlisten = [\"127.0.0.1\"]                     | ntp.listen",
        "[ntp]\\nlisten = [\"::1:123\"]                       | ntp.listen",
        "[ntp]\\nlisten = [\"localhost:123\"]                 | ntp.listen",
        "[ntp]\\nlisten = [\"127.0.0.1:70000\"]               | ntp.listen",
        "[ntp]\\nlisten = []                                  | ntp.listen",
        "[ntp]\\nlisten = 5                                   | ntp.listen",
        "[ntp]\\nthreads = 0                                  | ntp.threads",
        "[ntp]\\nio = \"fast\"                                | ntp.io",
        "[ntp]\\nio = 1                                       | ntp.io",
        "[ntp]\\ncrypto = \"openssl\"                         | ntp.crypto",
        "[ntp]\\ncrypto = true                                | ntp.crypto",
        "[ntp]\\nlisten = [\"127.0.0.1:123\"]\\nalternate_port = 123 | ntp.alternate_port",
        "[ntp]\\nlisten_on = [\"127.0.0.1:123\"]              | ntp.listen_on",
        "[nts_ke]\\ncookies = 9                               | nts_ke.cookies",
        "[nts_ke]\\ncookies = \"8\"                           | nts_ke.cookies",
        "[nts_ke]\\naeads = [16]                              | nts_ke.aeads",
        "[nts_ke]\\naeads = []                                | nts_ke.aeads",
        "[nts_ke]\\naeads = [15, 15]                          | nts_ke.aeads",
        "[nts_ke]\\ncert = \"a.pem\"                          | nts_ke.key",
        "[nts_ke]\\nkey = \"a.key\"                           | nts_ke.cert",
        "[nts_ke]\\nntp_server = \"a b\"                      | nts_ke.ntp_server",
        "[nts_ke]\\nntp_port = 0                              | nts_ke.ntp_port",
        "[nts_ke]\\ndeadline_ms = -1                          | nts_ke.deadline_ms",
        "[nts_ke]\\nrate_per_second = 0                       | nts_ke.rate_per_second",
        "[clock]\\nstratum = 16                               | clock.stratum",
        "[clock]\\nreference_id = \"TOOLONG\"                 | clock.reference_id",
        "[clock]\\nstratum = 2\\nreference_id = \"GPS\"       | clock.reference_id",
        "[clock]\\nstratum = 2                                | clock.reference_id",
        "[clock]\\nrequire_sync = \"yes\"                     | clock.require_sync",
        "[clock]\\nroot_delay_ms = -1                         | clock.root_delay_ms",
        "[keys]\\nrotation_period_s = 3600                    | keys.rotation_period_s",
        "[keys]\\nclient_poll_s = 0                           | keys.client_poll_s",
        "[keys]\\nepoch = -5                                  | keys.epoch",
        "[keyz]\\nepoch = 1                                   | keyz",
        "stat_dir = \"/x\"                                    | stat_dir",
        "ntp = 5                                              | ntp",
    })
    void errorsNameTheKey(String toml, String key) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(toml.replace("\\n", "\n")));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith("ntsbox.toml: " + key + ": "), e.getMessage());
    }

    @Test
    void ntpCryptoAesNiIsAcceptedWhereItLoadsAndAClearErrorElsewhere() throws Exception {
        if (net.ntsbox.server.StepCryptoMode.aesniAvailable()) {
            assertEquals(net.ntsbox.server.StepCryptoMode.AESNI, parse("[ntp]\ncrypto = \"aesni\"\n").ntp().crypto());
            assertEquals(net.ntsbox.server.StepCryptoMode.AESNI, net.ntsbox.server.StepCryptoMode.AUTO.resolve());
        } else {
            ConfigException e = assertThrows(ConfigException.class, () -> parse("[ntp]\ncrypto = \"aesni\"\n"));
            assertTrue(e.getMessage().contains("ntp.crypto") && e.getMessage().contains("libntssiv"), e.getMessage());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> parse("[ntp]\ncrypto = \"aes-ni\"\n"));
        assertTrue(e.getMessage().contains("\"aesni\""), e.getMessage());
    }

    @Test
    void ntsKeCryptoIsAutoJdkOrNative() throws Exception {
        assertEquals(net.ntsbox.tls.nativecrypto.KeCryptoMode.AUTO, parse("").ntsKe().crypto());
        assertEquals(net.ntsbox.tls.nativecrypto.KeCryptoMode.JDK, parse("[nts_ke]\ncrypto = \"jdk\"\n").ntsKe().crypto());
        assertEquals(net.ntsbox.tls.nativecrypto.KeCryptoMode.NATIVE,
                parse("[nts_ke]\ncrypto = \"native\"\n").ntsKe().crypto());
        ConfigException e = assertThrows(ConfigException.class, () -> parse("[nts_ke]\ncrypto = \"openssl\"\n"));
        assertTrue(e.getMessage().contains("nts_ke.crypto") && e.getMessage().contains("\"native\""), e.getMessage());
        assertThrows(ConfigException.class, () -> parse("[nts_ke]\ncrypto = 1\n"));
    }

    @Test
    void syntaxErrorsCarryTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("[ntp]\nthreads = 2\nlisten = = 3\n"));
        assertTrue(e.getMessage().startsWith("ntsbox.toml line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("TOML syntax error"), e.getMessage());
    }

    @Test
    void rotationBelow4096sNeedsALowerClientPoll() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("[keys]\nrotation_period_s = 10\n"));
        assertTrue(e.getMessage().contains("client_poll_s"), e.getMessage());
        assertEquals(10, parse("[keys]\nrotation_period_s = 10\nclient_poll_s = 1\n").keys().policy().periodSeconds());
    }

    @Test
    void commandLineOverridesReplaceKeysAndMoveDerivedPaths() throws Exception {
        ConfigOverrides o = ConfigOverrides.none()
                .set("state_dir", "rel/state", "--state-dir")
                .set("ntp.listen", List.of("[::1]:1123", "127.0.0.1:1123"), "--ntp-listen")
                .set("nts_ke.listen", List.of(), "--ke-listen") // empty: not given
                .set("keys.rotation_period_s", 10L, "--rotation-period")
                .set("keys.client_poll_s", 1, "--client-poll");
        ApplianceConfig c = ConfigReader.parse("[ntp]\nlisten = [\"127.0.0.1:123\"]\n", "f", BASE, o);
        assertEquals(Path.of("rel/state"), c.stateDir(), "a command-line path stays relative to the working dir");
        assertEquals(Path.of("rel/state/keys.state"), c.keys().stateFile());
        assertEquals(List.of(new InetSocketAddress("::1", 1123), new InetSocketAddress("127.0.0.1", 1123)), c.ntp().listen());
        assertEquals(4460, c.ntsKe().listen().getFirst().getPort());
        assertEquals(10, c.keys().policy().periodSeconds());

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse("", "f", BASE,
                ConfigOverrides.none().set("ntp.listen", List.of("[127.0.0.1]:5"), "--ntp-listen")));
        assertTrue(e.getMessage().startsWith("f: ntp.listen (from --ntp-listen): "), e.getMessage());
    }

    @Test
    void hostPortRoundTrips() {
        for (String s : List.of("127.0.0.1:123", "[::1]:4460", "0.0.0.0:0", "[2001:db8::1]:123")) {
            InetSocketAddress a = HostPort.parse(s);
            assertEquals(a, HostPort.parse(HostPort.format(a)), s);
        }
        assertEquals("[::1]:123", HostPort.format(new InetSocketAddress("::1", 123)));
        assertEquals("[::]:123", HostPort.format(new InetSocketAddress("::", 123)));
        assertEquals("[2001:db8::1:0:0:1]:1", HostPort.format(HostPort.parse("[2001:db8:0:0:1:0:0:1]:1")));
    }
}
