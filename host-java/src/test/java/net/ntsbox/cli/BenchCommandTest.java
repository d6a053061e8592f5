package net.ntsbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Short {@code ntsbox bench} runs against the in-process server: the counts add up. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchCommandTest {
    @TempDir
    static Path dir;
    static InProcessNtsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new InProcessNtsServer(dir, List.of(15, 30));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static String[] run(String... args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cl.execute(all);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    static long field(String line, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(line);
        assertTrue(m.find(), name + " in " + line);
        return Long.parseLong(m.group(1));
    }

    @Test
    void fixedRateRunsAuthenticateEveryAnswer() {
        String[] r = run("127.0.0.1:" + server.kePort(0), "--ca", server.caPem.toString(), "--duration", "1",
                "--rate", "500", "--threads", "2", "--window", "8", "--aead", "30,15");
        assertEquals("0", r[0], r[1] + r[2]);
        String line = r[1].strip();
        assertTrue(line.startsWith("aead=30 ntp 127.0.0.1:" + server.ntpPort() + " threads=2"), line);
        long sent = field(line, "sent"), auth = field(line, "auth");
        assertTrue(sent >= 300 && sent <= 600, line);
        assertEquals(field(line, "answered"), auth, "verify=all: every answer authenticated\n" + line);
        assertTrue(auth >= sent * 0.95, line);
        assertEquals(0, field(line, "rejected"), line);
        assertTrue(line.contains("verify=all"), line);
    }

    @Test
    void rampPrintsOneLinePerRateAndSampledVerificationSaysSo() {
        String[] r = run("[::1]:" + server.kePort(1), "--ca", server.caPem.toString(), "--duration", "0.5",
                "--ramp", "200:400:200", "--verify-every", "4");
        assertEquals("0", r[0], r[1] + r[2]);
        List<String> lines = r[1].lines().toList();
        assertEquals(2, lines.size(), r[1]);
        assertTrue(lines.get(0).contains("rate=200") && lines.get(1).contains("rate=400"), r[1]);
        assertTrue(lines.get(1).contains("verify=1/4"), r[1]);
        assertTrue(field(lines.get(1), "auth") >= 1, r[1]);
    }

    @Test
    void keModeCountsHandshakes() {
        String[] r = run("127.0.0.1:" + server.kePort(0), "--ca", server.caPem.toString(), "--ke", "--connections", "2",
                "--duration", "1");
        assertEquals("0", r[0], r[1] + r[2]);
        String line = r[1].strip();
        assertTrue(field(line, "handshakes") >= 5, line);
        assertEquals(0, field(line, "failed"), line);
    }
}
