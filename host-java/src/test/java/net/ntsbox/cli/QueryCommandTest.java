package net.ntsbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.ntsbox.tls.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ntsbox query} in-process against our own NTS-KE + NTP server on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueryCommandTest {
    @TempDir
    static Path dir;
    static InProcessNtsServer server;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        server = new InProcessNtsServer(dir, List.of(15, 17, 30));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static Run query(String... args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "query";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void queriesOverIpv4AndIpv6WithEveryAead() {
        for (String aead : new String[] {"15", "17", "30", "30,15"}) {
            for (String target : new String[] {"127.0.0.1:" + server.kePort(0), "[::1]:" + server.kePort(1)}) {
                Run r = query(target, "--ca", server.caPem.toString(), "--count", "3", "--interval", "0",
                        "--aead", aead);
                assertEquals(0, r.exit(), target + " aead " + aead + "\n" + r.out() + r.err());
                assertTrue(r.out().contains("3 of 3 authenticated, 0 failed"), r.out());
                assertTrue(r.out().contains("cookies held 8"), r.out());
                assertTrue(r.out().contains("refid TEST"), r.out());
                assertTrue(r.out().contains("NTP " + (target.startsWith("[") ? "[0:0:0:0:0:0:0:1]" : "127.0.0.1")
                        + ":" + server.ntpPort()), r.out());
            }
        }
    }

    @Test
    void jsonOutputCarriesTheSamples() {
        Run r = query("127.0.0.1:" + server.kePort(0), "--ca", server.caPem.toString(), "--count", "2",
                "--interval", "0", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        String j = r.out().strip();
        assertTrue(j.startsWith("{") && j.endsWith("}") && j.lines().count() == 1, j);
        assertTrue(j.contains("\"aead\":15") && j.contains("\"cookies_held\":8") && j.contains("\"exit\":0"), j);
        assertEquals(2, j.split("\"offset_s\"", -1).length - 1, j);
    }

    @Test
    void wrongCaFailsBeforeAnyNtp() throws Exception {
        Path other = Files.createTempDirectory(dir, "other");
        TestPki.ecServer(other);
        long before = server.ntpSent();
        Run r = query("127.0.0.1:" + server.kePort(0), "--ca", other.resolve("ec.pem").toString(), "--interval", "0");
        assertEquals(QueryCommand.KE_FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("NTS-KE with 127.0.0.1:" + server.kePort(0) + " failed"), r.err());
        assertEquals(before, server.ntpSent(), "no NTP exchange after a failed NTS-KE");
    }

    @Test
    void certificateMustNameTheAddressOrHostQueried() throws Exception {
        Path d = Files.createTempDirectory(dir, "dnsonly");
        try (InProcessNtsServer dnsOnly = new InProcessNtsServer(d, List.of(15), "DNS:localhost")) {
            String ca = dnsOnly.caPem.toString();
            Run byIp = query("127.0.0.1:" + dnsOnly.kePort(0), "--ca", ca, "--interval", "0", "--count", "1");
            assertEquals(QueryCommand.KE_FAILED, byIp.exit(), byIp.out() + byIp.err());
            assertTrue(byIp.err().contains("127.0.0.1"), byIp.err());
            Run byName = query("localhost:" + dnsOnly.kePort(0), "--ca", ca, "--interval", "0", "--count", "1");
            assertEquals(0, byName.exit(), byName.out() + byName.err());
        }
    }

    @Test
    void noNtpServerMeansNoAuthenticatedResponseAndExitOne() {
        Run r = query("127.0.0.1:" + server.kePort(0), "--ca", server.caPem.toString(), "--count", "2",
                "--interval", "0", "--timeout", "0.3", "--ntp-port", "9");
        assertEquals(QueryCommand.NO_RESPONSE, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("0 of 2 authenticated, 2 failed"), r.out());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, query("127.0.0.1:99999").exit());
        assertEquals(2, query("127.0.0.1", "--aead", "16").exit());
        assertEquals(2, query("127.0.0.1", "--count", "0").exit());
    }
}
