package net.ntsbox.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import net.ntsbox.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ntsbox query} (in-process) against a real chronyd 4.3 NTS server on loopback. */
class QueryChronyInteropTest {

    record Run(int exit, String out, String err) {}

    static Run query(String... args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "query";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(cl.execute(all), out.toString(), err.toString());
    }

    @ParameterizedTest(name = "chronyd on {0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    @Timeout(40)
    void authenticatedResponsesAndEightCookiesFromChrony(String host) {
        try (var server = ChronyServerPeer.builder().start()) {
            String target = (host.contains(":") ? "[" + host + "]" : host) + ":" + server.kePort();
            Run r = query(target, "--ca", TestPki.get().caCert().toString(), "--count", "4", "--interval", "0.1",
                    "--aead", "30,15");
            String diag = r.out() + r.err() + server.diagnostics();
            assertEquals(0, r.exit(), diag);
            // chrony 4.3 offers only AES-SIV-CMAC-256 for NTS (30 needs a newer nettle/chrony): it picks 15.
            assertTrue(r.out().contains("AEAD AES_SIV_CMAC_256 (15), 8 cookies x 100 B"), diag);
            assertTrue(r.out().contains("NTP " + (host.contains(":") ? "[0:0:0:0:0:0:0:1]" : host) + ":"
                    + server.ntpPort()), "NTP port from chrony's Port record\n" + diag);
            assertTrue(r.out().contains("4 of 4 authenticated, 0 failed"), diag);
            assertTrue(r.out().contains("cookies held 8"), diag);
            assertEquals(4, r.out().lines().filter(l -> l.startsWith("#") && l.contains(" offset ")).count(), diag);
            var stats = server.serverStats();
            assertEquals(1, stats.ntsKeAccepted(), diag);
            assertTrue(stats.authenticatedNtpPackets() >= 4, diag);
        }
    }

    @Test
    @Timeout(40)
    void wrongCaFailsBeforeAnyNtp() {
        try (var server = ChronyServerPeer.builder().start()) {
            Run r = query("127.0.0.1:" + server.kePort(), "--ca", TestPki.get().unrelatedCaCert().toString(),
                    "--interval", "0");
            String diag = r.out() + r.err() + server.diagnostics();
            assertEquals(3, r.exit(), diag);
            assertTrue(r.err().contains("NTS-KE with 127.0.0.1:" + server.kePort() + " failed"), diag);
            var stats = server.serverStats();
            // chrony counts the TCP connection as accepted even though TLS failed; no NTP may follow.
            assertEquals(0, stats.ntpPacketsReceived(), "no NTP after a failed NTS-KE\n" + diag);
        }
    }
}
