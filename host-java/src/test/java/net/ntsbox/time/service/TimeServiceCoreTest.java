package net.ntsbox.time.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import net.ntsbox.metrics.GnssSourceStatus;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.time.DisciplineState;
import net.ntsbox.time.LeapKind;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TimeOfDay;
import net.ntsbox.time.TimekeepingConfig;
import net.ntsbox.time.TimekeepingStatus;
import net.ntsbox.time.TodConvention;
import net.ntsbox.time.leap.LeapSecondTable;
import net.ntsbox.time.leap.UtcCalendar;
import net.ntsbox.time.sim.SimClock;
import net.ntsbox.time.sim.SimGnss;
import net.ntsbox.time.sim.SimOscillator;
import net.ntsbox.time.sim.SimTimeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time service's decisions as pure logic over event sequences in simulated time
 * ({@link CoreDriver}: the simulated receiver and the FPGA's model, {@link SimClock}): lock,
 * outage to holdover to LI 3 / stratum 16, recovery, a leap from a leap-seconds.list file,
 * LEDs, and that every state change is logged once. Monitor mode: source up/down, fix, host
 * clock checks, silence.
 */
class TimeServiceCoreTest {
    private static final long E = UtcCalendar.ntpSecondsOf(2024, 7, 1);
    private static final long EPOCH = UtcCalendar.ntpSecondsOf(2024, 6, 15);

    private static CoreDriver driver(long epoch, double holdoverLimit, long seed) {
        SimTimeline tl = new SimTimeline(epoch);
        SimGnss gnss = new SimGnss(tl, 20, 0, 42, 100_000_000L, TodConvention.PRECEDING_EDGE, seed * 31 + 7);
        gnss.rmcOnly(true);
        SimClock clock = new SimClock(SimOscillator.of(OscillatorClass.OCXO, 10, seed), epoch - 5, 300_000_000L, 32);
        TimekeepingConfig cfg = TimekeepingConfig.defaults(OscillatorClass.OCXO).withCableDelayNs(42)
                .withHoldoverLimits(holdoverLimit, 1_000_000);
        return new CoreDriver(clock, gnss, tl, cfg);
    }

    private static TimekeepingStatus status(CoreDriver d) {
        return d.core.lastStatus();
    }

    @Test
    void locksThenHoldoverThenUnsynchronisedThenRecovers() {
        CoreDriver d = driver(EPOCH, 60, 3);
        // Lock: FREERUN -> STEPPING -> TRACKING -> LOCKED, within a minute; LI 3 / stratum 16 until then.
        long[] lockedAt = {-1};
        d.run(120, k -> {
            ServerHeader h = d.publisher.get();
            if (status(d).state() == DisciplineState.LOCKED) {
                if (lockedAt[0] < 0) lockedAt[0] = k;
                assertEquals(1, h.stratum());
                assertEquals(0, h.leap());
                assertTrue(d.sync.active(), "sync LED on while locked");
            } else if (lockedAt[0] < 0) {
                assertEquals(16, h.stratum(), "no stratum 1 before lock, second " + k);
                assertEquals(3, h.leap());
            }
        });
        assertTrue(lockedAt[0] > 0 && lockedAt[0] < 70, "locked at " + lockedAt[0]);
        assertEquals(1, d.count("disciplined clock LOCKED"), d.notices::toString);
        assertEquals(1, d.count("valid time fix"), d.notices::toString);
        assertEquals(1, d.count("up"), d.notices::toString);
        assertFalse(d.holdover.active());
        assertFalse(d.alarm.active());

        // Receiver outage (PPS and NMEA): holdover, stratum 1 with growing dispersion, then LI 3 after 60 s.
        long cut = d.second();
        d.gnss.addOutage(new SimGnss.Outage(cut, cut + 120, true, true));
        int[] lastDisp = {0};
        long[] unsyncAt = {-1};
        d.run(100, k -> {
            DisciplineState s = status(d).state();
            ServerHeader h = d.publisher.get();
            if (s == DisciplineState.HOLDOVER) {
                assertEquals(1, h.stratum(), "holdover still serves stratum 1");
                assertTrue(h.rootDispersion() >= lastDisp[0], "dispersion grows in holdover");
                lastDisp[0] = h.rootDispersion();
                assertTrue(d.holdover.active(), "holdover LED");
                assertFalse(d.sync.active());
            }
            if (s == DisciplineState.UNSYNCHRONISED) {
                if (unsyncAt[0] < 0) unsyncAt[0] = k;
                assertEquals(3, h.leap(), "never false time: LI 3");
                assertEquals(16, h.stratum());
                assertTrue(d.alarm.active(), "alarm LED: lost sync after a lock");
                assertFalse(d.holdover.active());
            }
        });
        assertTrue(lastDisp[0] > 0, "was in holdover");
        assertTrue(unsyncAt[0] - cut >= 60 && unsyncAt[0] - cut <= 63, "LI 3 after the 60 s limit: " + (unsyncAt[0] - cut));
        assertEquals(1, d.count("disciplined clock HOLDOVER"), d.notices::toString);
        assertEquals(1, d.count("disciplined clock UNSYNCHRONISED"), d.notices::toString);
        assertEquals(1, d.count("no valid time of day"), "silence logged once: " + d.notices);
        GnssSourceStatus gs = d.core.status(d.second() * 1_000_000_000L);
        assertTrue(gs.timeOfDayAgeSeconds() > 90, gs.toString());
        assertEquals("discipline", gs.mode());

        // Receiver back: re-lock, stratum 1 again, alarm off.
        long[] relock = {-1};
        d.run(140, k -> {
            if (relock[0] < 0 && status(d).state() == DisciplineState.LOCKED) relock[0] = k;
        });
        assertTrue(relock[0] > 0, "re-locked; notices " + d.notices);
        assertEquals(1, d.publisher.get().stratum());
        assertFalse(d.alarm.active());
        assertTrue(d.sync.active());
        assertEquals(2, d.count("disciplined clock LOCKED"), d.notices::toString);
        assertTrue(d.core.status(0).ppsEdges() > 200, "edges counted");
    }

    @Test
    void locksWhenTheTimeOfDayArrivesBeforeTheTickThatSeesItsEdge() {
        // The tick's phase is fixed for the life of the service: here every message (100 ms after
        // its edge) arrives before the first poll after the edge (150 ms). The core must read the
        // capture register itself before pairing, or it never pairs and stays FREERUN.
        CoreDriver d = driver(EPOCH, 60, 5);
        d.tickMs = new long[] {150, 400, 650, 900};
        long[] lockedAt = {-1};
        d.run(90, k -> {
            if (lockedAt[0] < 0 && status(d).state() == DisciplineState.LOCKED) lockedAt[0] = k;
        });
        assertTrue(lockedAt[0] > 0 && lockedAt[0] < 70, "locked at " + lockedAt[0] + ": " + status(d)
                + ", paired " + d.core.discipline().todPaired() + ", unpaired " + d.core.discipline().todUnpaired());
    }

    @Test
    void leapFromALeapSecondsListFile(@TempDir Path dir) throws Exception {
        CoreDriver d = driver(E - 300, 7200, 5);
        d.timeline.addLeap(LeapKind.INSERT, E);
        Path file = dir.resolve("leap-seconds.list");
        Files.writeString(file, leapFile(4_000_000_000L));
        LeapSecondTable t = TimeService.readLeapFile(file);
        d.core.setLeapTable(t);
        int[] li = new int[400];
        d.run(399, k -> li[(int) (long) k] = status(d).leapIndicator());
        // Locked within a minute, in the last day before an insert: LI 1 until E, LI 0 after the leap.
        for (int k = 70; k < 290; k++) assertEquals(1, li[k], "LI 1 in the last day, second " + k);
        for (int k = 310; k < 399; k++) assertEquals(0, li[k], "LI 0 after the leap, second " + k);
        assertEquals(E, d.clock.leapStatus().lastApplied(), "the counter applied the leap");
        assertEquals(DisciplineState.LOCKED, status(d).state(), "still locked across 23:59:60");
        assertEquals(0, d.count("expired"));
        assertFalse(d.alarm.active());
        // SimGnss's PUBX,04 says GPS-UTC 18 (TAI-UTC 37): the table says 38 after E, 37 before.
        d.core.onReceiverLeapCount(18, E - 10);
        d.core.onReceiverLeapCount(18, E + 10);
        d.core.onReceiverLeapCount(18, E + 11);
        d.core.onReceiverLeapCount(19, E + 12);
        List<TimeServiceCore.Notice> n = d.core.tick(400_000_000_000L, 0, false, false);
        assertEquals(2, n.stream().filter(x -> x.message().contains("GPS-UTC")).count(), n::toString);
        assertTrue(n.stream().anyMatch(x -> x.message().contains("receiver says GPS-UTC = 18 s, leap-seconds.list says TAI-UTC = 38 s")),
                n::toString);
    }

    @Test
    void expiredLeapTableRaisesTheAlarmOnce(@TempDir Path dir) throws Exception {
        CoreDriver d = driver(EPOCH, 7200, 6);
        Path file = dir.resolve("leap-seconds.list");
        Files.writeString(file, leapFile(3_900_000_001L));
        d.core.setLeapTable(TimeService.readLeapFile(file));
        d.run(80, k -> { });
        assertEquals(DisciplineState.LOCKED, status(d).state());
        assertTrue(d.alarm.active(), "alarm LED: leap table expired");
        assertEquals(1, d.count("leap-seconds.list has expired"), d.notices::toString);
        assertTrue(d.core.status(0).leapTableExpired());
    }

    @Test
    void monitorModeReportsTheReceiverAndLogsOutagesOnce() {
        TimeServiceCore c = new TimeServiceCore(null, null, null, "gpsd 127.0.0.1:2947", "none", 3_500_000_000L);
        assertEquals(TimeServiceCore.Mode.MONITOR, c.mode());
        long host = (UtcCalendar.ntpSecondsOf(2024, 6, 15) - 2_208_988_800L) * 1_000_000_000L;
        long ntpSecond = UtcCalendar.ntpSecondsOf(2024, 6, 15);
        // Refused three times before it ever connects: one warning.
        c.onSourceDown("ConnectException: refused");
        c.onSourceDown("ConnectException: refused");
        c.onSourceDown("ConnectException: refused");
        List<TimeServiceCore.Notice> n = c.tick(0, host, false, true);
        assertEquals(1, n.size(), n::toString);
        assertTrue(n.getFirst().message().contains("down (ConnectException: refused)"), n::toString);
        GnssSourceStatus s = c.status(0);
        assertFalse(s.connected());
        assertEquals(3, s.sourceFailures());
        assertNull(s.hostSecondsAgree());
        // Messages: no fix first, then a fix; the host clock agrees (message 0.2 s after the edge).
        c.onTimeOfDay(new TimeOfDay(ntpSecond, false, false, "gpsd TPV"), 1_000_000_000L, host + 200_000_000L);
        c.onTimeOfDay(new TimeOfDay(ntpSecond + 1, false, true, "gpsd TPV"), 2_000_000_000L, host + 1_200_000_000L);
        c.onTimeOfDay(new TimeOfDay(ntpSecond + 2, false, true, "gpsd TPV"), 3_000_000_000L, host + 2_200_000_000L);
        c.onHostPps(0, 999_999_000);
        n = c.tick(3_100_000_000L, host + 2_300_000_000L, false, true);
        assertEquals(4, n.size(), "up, no fix, fix, host agrees: " + n);
        s = c.status(3_100_000_000L);
        assertTrue(s.connected());
        assertTrue(s.fixValid());
        assertEquals(3, s.timeOfDayMessages());
        assertEquals(0.1, s.timeOfDayAgeSeconds(), 1e-9);
        assertEquals(Boolean.TRUE, s.hostSecondsAgree());
        assertEquals(-1e-6, s.hostOffsetSeconds(), 1e-12);
        assertEquals(1, s.ppsEdges());
        assertEquals("monitor", s.mode());
        assertEquals(DisciplineState.LOCKED, c.lastStatus().state(), "LEDs show what is served (kernel synchronised)");
        // Silence: logged once, however many ticks.
        int silent = 0;
        for (long t = 4_000_000_000L; t < 20_000_000_000L; t += 250_000_000L) {
            silent += (int) c.tick(t, host + t, false, false).stream().filter(x -> x.message().contains("no valid time of day")).count();
        }
        assertEquals(1, silent);
        assertEquals(DisciplineState.UNSYNCHRONISED, c.lastStatus().state());
        assertEquals(3, c.lastStatus().leapIndicator());
        // Lost connection then many failed retries: one warning; back: one info.
        for (int i = 0; i < 5; i++) c.onSourceDown("connection closed by gpsd");
        c.onTimeOfDay(new TimeOfDay(ntpSecond + 30, false, true, "gpsd TPV"), 31_000_000_000L, host + 30_100_000_000L);
        n = c.tick(31_100_000_000L, host + 30_200_000_000L, false, true);
        assertEquals(2, n.size(), n::toString);
        assertTrue(n.get(0).message().contains("down (connection closed by gpsd)"), n::toString);
        assertTrue(n.get(1).message().contains(": up"), n::toString);
        assertEquals(8, c.status(0).sourceFailures());
        // The host clock 5 s off: a warning once; an antenna fault: a warning once.
        c.onTimeOfDay(new TimeOfDay(ntpSecond + 26, false, true, "gpsd TPV"), 32_000_000_000L, host + 31_100_000_000L);
        c.onTimeOfDay(new TimeOfDay(ntpSecond + 27, false, true, "gpsd TPV"), 33_000_000_000L, host + 32_100_000_000L);
        n = c.tick(33_100_000_000L, host + 32_200_000_000L, true, true);
        n = new java.util.ArrayList<>(n);
        n.addAll(c.tick(33_350_000_000L, host + 32_450_000_000L, true, true));
        assertEquals(2, n.size(), n::toString);
        assertTrue(n.get(0).message().contains("disagrees with the GNSS receiver: +5.100 s after the labelled second"), n::toString);
        assertTrue(n.get(1).message().contains("antenna fault"), n::toString);
        assertEquals(Boolean.FALSE, c.status(0).hostSecondsAgree());
        assertTrue(c.status(0).antennaFault());
    }

    @Test
    void hostSecondCheckFollowsTheLabelConventionAndCatchesOneSecond() {
        long ntp = UtcCalendar.ntpSecondsOf(2024, 6, 15);
        long host = (ntp - 2_208_988_800L) * 1_000_000_000L;
        TimeServiceCore pre = new TimeServiceCore(null, null, null, "nmea", "none", 3_500_000_000L, TodConvention.PRECEDING_EDGE);
        pre.onTimeOfDay(new TimeOfDay(ntp, false, true, "GNRMC"), 0, host + 150_000_000L);
        assertEquals(Boolean.TRUE, pre.status(0).hostSecondsAgree());
        pre.onTimeOfDay(new TimeOfDay(ntp + 1, false, true, "GNRMC"), 0, host + 2_150_000_000L);
        assertEquals(Boolean.FALSE, pre.status(0).hostSecondsAgree(), "host one second ahead");
        pre.onTimeOfDay(new TimeOfDay(ntp + 2, false, true, "GNRMC"), 0, host + 1_150_000_000L);
        assertEquals(Boolean.FALSE, pre.status(0).hostSecondsAgree(), "host one second behind");
        TimeServiceCore fol = new TimeServiceCore(null, null, null, "nmea", "none", 3_500_000_000L, TodConvention.FOLLOWING_EDGE);
        fol.onTimeOfDay(new TimeOfDay(ntp + 1, false, true, "GNRMC"), 0, host + 900_000_000L);
        assertEquals(Boolean.TRUE, fol.status(0).hostSecondsAgree(), "labels the edge to come");
        fol.onTimeOfDay(new TimeOfDay(ntp + 2, false, true, "GNRMC"), 0, host + 2_900_000_000L);
        assertEquals(Boolean.FALSE, fol.status(0).hostSecondsAgree());
    }

    /** A leap-seconds.list with the 2017 entry, a (hypothetical) insert at E, and a correct hash. */
    static String leapFile(long expires) throws Exception {
        String body = "#$\t3900000000\n#@\t" + expires + "\n3692217600\t37\t# 1 Jan 2017\n" + E + "\t38\t# 1 Jul 2024\n";
        String hashed = "3900000000" + expires + "3692217600" + "37" + E + "38";
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(hashed.getBytes(StandardCharsets.US_ASCII)));
        return body + "#h\t" + hex.substring(0, 8) + " " + hex.substring(8, 16) + " " + hex.substring(16, 24) + " "
                + hex.substring(24, 32) + " " + hex.substring(32) + "\n";
    }
}
