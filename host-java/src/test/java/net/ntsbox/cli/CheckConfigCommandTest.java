package net.ntsbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import net.ntsbox.interop.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckConfigCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String toml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "state_dir = \"" + dir.resolve("state") + "\"\n" + toml);
        return f;
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        return Files.exists(p.resolve("board")) ? p : p.getParent();
    }

    @Test
    void aGoodFileIsOkWithASummaryOfListenersDatapathKeysAndCertificate() throws Exception {
        TestPki pki = TestPki.get();
        Path f = write("good.toml", """
                [nts_ke]
                listen = ["127.0.0.1:4460", "[::1]:4460"]
                cert = "%s"
                key = "%s"
                ntp_server = "ntp1.example.net"
                ntp_port = 4123
                [ntp]
                listen = ["0.0.0.0:123"]
                alternate_port = 4123
                threads = 3
                [keys]
                rotation_period_s = 43200
                epoch = 1700000000
                """.formatted(pki.serverChainPem(TestPki.KeyType.EC), pki.serverKeyPem(TestPki.KeyType.EC)));
        CliRun r = CliRun.of("check-config", f.toString());
        assertEquals(0, r.rc(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(f + ": OK", lines[0], r.toString());
        String s = lines[1];
        for (String want : new String[] {"NTS-KE on tcp 127.0.0.1:4460, [::1]:4460", "AEADs 15, 17, 30", "8 cookies",
            "server ntp1.example.net NTP port 4123", "NTP/NTS on udp 0.0.0.0:123, 0.0.0.0:4123",
            "software datapath with 3 threads", "every 43200 s (12 h) from epoch 1700000000", "2 past keys",
            "Certificate: " + pki.serverChainPem(TestPki.KeyType.EC)}) {
            assertTrue(s.contains(want), "summary has '" + want + "':\n" + r);
        }
        assertEquals("", r.err(), r.toString());
        assertTrue(Files.notExists(dir.resolve("state")), "check-config writes nothing");
    }

    @Test
    void noCertificateMeansSelfSignedInTheStateDir() throws Exception {
        CliRun r = CliRun.of("check-config", write("self.toml", "").toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("Certificate: self-signed"), r.toString());
    }

    /** The example files shipped in board/examples are what the reader accepts. */
    @ParameterizedTest
    @ValueSource(strings = {"software.toml", "board.toml", "lab.toml"})
    void theShippedExamplesAreValid(String name) {
        Path f = repoRoot().resolve("board/examples").resolve(name);
        CliRun r = CliRun.of("check-config", "--no-files", f.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().startsWith(f + ": OK"), r.toString());
    }

    @Test
    void clusterRolesAreSummarised() throws Exception {
        CliRun ke = CliRun.of("check-config", write("ke.toml", """
                [nts_ke]
                ntp_server = "10.0.0.2"
                ntp_port = 123
                [ntp]
                enabled = false
                """).toString());
        assertEquals(0, ke.rc(), ke.toString());
        assertTrue(ke.out().contains("NTP disabled") && ke.out().contains("server 10.0.0.2 NTP port 123"), ke.toString());
        CliRun ntp = CliRun.of("check-config", write("ntp.toml", "[nts_ke]\nenabled = false\n").toString());
        assertEquals(0, ntp.rc(), ntp.toString());
        assertTrue(ntp.out().contains("NTS-KE disabled") && ntp.out().contains("Certificate: none"), ntp.toString());
    }

    @Test
    void theBoardExampleIsSummarisedAsBoardMode() {
        Path f = repoRoot().resolve("board/examples/board.toml");
        CliRun r = CliRun.of("check-config", "--no-files", f.toString());
        assertEquals(0, r.rc(), r.toString());
        for (String want : new String[] {"Board mode: NTP/NTS answered by the FPGA on uio:ntsbox", "no UDP listener",
            "AEADs 15,", "NTP port 123", "PPS fpga, disciplining the FPGA clock"}) {
            assertTrue(r.out().contains(want), "summary has '" + want + "':\n" + r);
        }
    }

    /** Each kind of error: exit 1, nothing on stdout, the message names the file and the key (or the line). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key        | [ntp]\\nlisten_on = \"x\"                      | ntp.listen_on: unknown key in [ntp]",
        "unknown section    | [fgpa]\\nx = 1                                 | fgpa: unknown section",
        "board with ntp     | [ntp]\\nlisten = [\"0.0.0.0:123\"]\\n[fpga]\\ndevice = \"uio:ntsbox\"\\nmac = \"02:00:5e:10:00:01\"\\nipv4 = \"192.0.2.1\" | ntp.listen: not with [fpga]",
        "board, bad device  | [fpga]\\ndevice = \"/dev/uio0\"\\nmac = \"02:00:5e:10:00:01\"\\nipv4 = \"192.0.2.1\" | fpga.device: '/dev/uio0' is not a datapath device",
        "wrong type         | [ntp]\\nthreads = \"two\"                      | ntp.threads: must be an integer",
        "out of range       | [nts_ke]\\ncookies = 9                         | nts_ke.cookies: 9 is out of range 1..8",
        "bad address        | [nts_ke]\\nlisten = [\"localhost:4460\"]       | nts_ke.listen: 'localhost' is not an IP address literal",
        "cert without key   | [nts_ke]\\ncert = \"c.pem\"                    | nts_ke.key: cert and key go together",
        "period too short   | [keys]\\nrotation_period_s = 600               | keys.rotation_period_s: rotation period 600 s is too short",
        "bad AEAD           | [nts_ke]\\naeads = [16]                        | nts_ke.aeads: AEAD 16 is not served",
        "nothing to serve   | [nts_ke]\\nenabled = false\\n[ntp]\\nenabled = false | ntp.enabled: nts_ke.enabled and ntp.enabled are both false",
        "KE-only, no port   | [ntp]\\nenabled = false                        | nts_ke.ntp_port: required when ntp.enabled = false",
        "syntax             | [ntp\\nthreads = 2                             | line 2 column",
    })
    void badFilesNameTheKey(String kind, String toml, String expected) throws Exception {
        Path f = write("bad.toml", toml.replace("\\n", "\n"));
        CliRun r = CliRun.of("check-config", f.toString());
        assertEquals(1, r.rc(), kind + ": " + r);
        assertEquals("", r.out(), r.toString());
        assertTrue(r.err().startsWith(f.toString()), "names the file: " + r);
        assertTrue(r.err().contains(expected), kind + " -> '" + expected + "': " + r);
    }

    @Test
    void filesTheConfigurationNamesAreReadAsTheServerWould() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not PEM\n");
        Path f = write("cert.toml", "[nts_ke]\ncert = \"%s\"\nkey = \"%s\"\n".formatted(garbage, garbage));
        CliRun r = CliRun.of("check-config", f.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("nts_ke.cert: cannot use " + garbage), r.toString());
        assertEquals(0, CliRun.of("check-config", "--no-files", f.toString()).rc(), "--no-files skips the files");

        Path chrony = dir.resolve("ntskeys");
        Files.writeString(chrony, "NKS9\n");
        r = CliRun.of("check-config", write("chrony.toml", "[keys]\nimport_chrony = \"%s\"\n".formatted(chrony)).toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("keys.import_chrony: " + chrony) && r.err().contains("line 1"), r.toString());

        Path seed = dir.resolve("short.seed");
        Files.writeString(seed, "abcd\n");
        r = CliRun.of("check-config", write("seed.toml", "[keys]\nseed_file = \"%s\"\n".formatted(seed)).toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("keys.seed_file: " + seed + ": the cluster seed must be at least 32 bytes"), r.toString());
        assertTrue(!r.err().contains("abcd"), "never shows the seed: " + r);

        Path state = dir.resolve("keys.state");
        Files.writeString(state, "ntsbox-keyring 1\nbroken\n");
        r = CliRun.of("check-config", write("state.toml", "[keys]\nstate_file = \"%s\"\n".formatted(state)).toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("keys.state_file: " + state), r.toString());
    }

    @Test
    void aMissingFileIsAnError() {
        CliRun r = CliRun.of("check-config", dir.resolve("nope.toml").toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("cannot read config " + dir.resolve("nope.toml")), r.toString());
    }
}
