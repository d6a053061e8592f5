package net.ntsbox.time.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.ntsbox.time.LeapKind;
import net.ntsbox.time.NtpTime;
import org.junit.jupiter.api.Test;

/** The DisciplinedClock contract as the simulated counter implements it. */
class SimClockTest {
    private static final long E = 3_928_521_600L; // 2024-07-01 00:00:00 UTC

    private static SimClock perfect(long startSeconds) {
        return new SimClock(new SimOscillator(156.25e6, 0, 0, 0, 1, 0, 1), startSeconds, 0, 32);
    }

    @Test
    void insertRepeatsTheLastSecondAndFlagsIt() {
        SimClock c = perfect(E - 2);
        c.scheduleLeap(LeapKind.INSERT, E);
        c.advanceTo(1_500_000_000L);
        assertEquals(E - 1, c.now() >>> 32);
        assertFalse(c.leapStatus().inInsertedSecond());
        c.advanceTo(2_500_000_000L); // true 23:59:60.5
        assertEquals(E - 1, c.now() >>> 32);
        assertTrue(c.leapStatus().inInsertedSecond());
        assertTrue(c.leapStatus().scheduled().isEmpty());
        c.advanceTo(3_000_100_000L);
        assertEquals(E, c.now() >>> 32);
        assertFalse(c.leapStatus().inInsertedSecond());
        assertEquals(E, c.leapStatus().lastApplied());
    }

    @Test
    void deleteSkipsTheLastSecond() {
        SimClock c = perfect(E - 2);
        c.scheduleLeap(LeapKind.DELETE, E);
        c.advanceTo(999_000_000L);
        assertEquals(E - 2, c.now() >>> 32);
        c.advanceTo(1_000_100_000L);
        assertEquals(E, c.now() >>> 32);
        assertEquals(E, c.leapStatus().lastApplied());
    }

    @Test
    void readsAndCapturesAreWholeCyclesAndTheIncrementSetsTheRate() {
        SimClock c = perfect(E);
        c.advanceTo(1_000_000_003L); // 3 ns after a cycle boundary at 1 s
        assertEquals(1_000_000_000.0, (double) NtpTime.diffNanos(c.now(), NtpTime.ofSeconds(E)), 1);
        c.ppsEdge(1_000_000_003L); // sampled at the edge of 1.0000000064 s, latched one cycle later
        assertEquals(1_000_000_013.0, (double) NtpTime.diffNanos(c.latestPps().orElseThrow().ntpTimestamp(), NtpTime.ofSeconds(E)), 1);
        assertEquals(1, c.latestPps().orElseThrow().sequence());
        c.setIncrement(c.nominalIncrement() + c.nominalIncrement() / 1_000_000); // +1 ppm
        c.advanceTo(11_000_000_003L);
        assertEquals(11_000_010_000.0, (double) NtpTime.diffNanos(c.now(), NtpTime.ofSeconds(E)), 8);
        c.adjustPhase(-10_000);
        assertEquals(11_000_000_000.0, (double) NtpTime.diffNanos(c.now(), NtpTime.ofSeconds(E)), 8);
    }

    @Test
    void coarseIncrementRegisterQuantisesTheRate() {
        SimClock c = new SimClock(new SimOscillator(156.25e6, 0, 0, 0, 1, 0, 1), E, 0, 8);
        c.setIncrement(c.nominalIncrement() + 1000);
        assertEquals(0, c.increment() & 0xFF_FFFFL);
    }
}
