package net.ntsbox.time.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import net.ntsbox.time.DisciplineState;
import net.ntsbox.time.LeapKind;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TimekeepingConfig;
import net.ntsbox.time.leap.LeapSecondListParser;
import net.ntsbox.time.leap.UtcCalendar;
import org.junit.jupiter.api.Test;

/**
 * A leap at E = 2024-07-01 00:00:00 UTC (hypothetical), the simulation starting five minutes before
 * the last day. Across the event the clock keeps true UTC under the DisciplinedClock
 * convention, and the advertised LI is 01/10 exactly during the last day (and 23:59:60), 00 after.
 */
class LeapSecondTest {
    private static final long E = UtcCalendar.ntpSecondsOf(2024, 7, 1);

    @Test
    void insertAnnouncedByTheReceiver() {
        SimScenario sc = scenario(LeapKind.INSERT, 11);
        sc.gnss.announceLeap(LeapKind.INSERT, E, 0);
        runAcross(sc, LeapKind.INSERT);
    }

    @Test
    void deleteFromALeapSecondsList() throws Exception {
        SimScenario sc = scenario(LeapKind.DELETE, 12);
        String body = "#$\t3900000000\n#@\t4000000000\n3692217600\t37\t# 1 Jan 2017\n" + E + "\t36\t# 1 Jul 2024\n";
        String hashed = ("3900000000" + "4000000000" + "3692217600" + "37" + E + "36");
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(hashed.getBytes(StandardCharsets.US_ASCII)));
        String file = body + "#h\t" + hex.substring(0, 8) + " " + hex.substring(8, 16) + " " + hex.substring(16, 24) + " "
                + hex.substring(24, 32) + " " + hex.substring(32) + "\n";
        LeapSecondListParser.Result r = LeapSecondListParser.parse(file.getBytes(StandardCharsets.US_ASCII));
        assertTrue(r.ok(), String.valueOf(r.failure()));
        sc.simulation.discipline().setLeapTable(r.table());
        runAcross(sc, LeapKind.DELETE);
    }

    private static SimScenario scenario(LeapKind kind, long seed) {
        SimScenario sc = new SimScenario(OscillatorClass.OCXO, 10, 20, 42, TimekeepingConfig.defaults(OscillatorClass.OCXO),
                E - 86_400 - 300, seed);
        sc.timeline.addLeap(kind, E);
        sc.gnss.rmcOnly(true);
        return sc;
    }

    private static void runAcross(SimScenario sc, LeapKind kind) {
        int expectedLi = kind == LeapKind.INSERT ? 1 : 2;
        long[] counts = new long[2];
        sc.simulation.run(86_400 + 300 + 120, s -> {
            if (s.status().state() != DisciplineState.LOCKED) {
                assertTrue(s.second() < 60, "locked by 60 s, second " + s.second());
                return;
            }
            long utc = sc.timeline.utcNtpNanos(s.second() * 1_000_000_000L) / 1_000_000_000L;
            boolean inserted = sc.timeline.inLeapSecond(s.second() * 1_000_000_000L);
            int li = s.status().leapIndicator();
            if (inserted || (utc >= E - 86_400 && utc < E)) {
                assertEquals(expectedLi, li, "second " + s.second() + " utc " + utc);
                counts[0]++;
            } else {
                assertEquals(0, li, "second " + s.second() + " utc " + utc);
            }
            assertTrue(Math.abs(s.trueErrorNs()) < 50, "second " + s.second() + " error " + s.trueErrorNs());
            counts[1]++;
        });
        assertEquals(E, sc.clock.leapStatus().lastApplied());
        assertEquals(0, sc.simulation.discipline().secondsSteps(), "the clock applied the leap itself");
        assertEquals(kind == LeapKind.INSERT ? 86_401 : 86_399, counts[0], "seconds with the warning");
    }
}
