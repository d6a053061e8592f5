package net.ntsbox.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NtpTimeTest {
    @Test
    void plusAndDiffAreInverseToTheNanosecond() {
        long seed = 20240701L;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            long t = (3_900_000_000L + r.nextLong(100_000_000L)) << 32 | r.nextLong(1L << 32);
            long ns = r.nextLong(-100_000_000_000L, 100_000_000_000L);
            assertEquals(ns, NtpTime.diffNanos(NtpTime.plusNanos(t, ns), t), 1, "seed " + seed + " i " + i);
        }
    }

    @Test
    void incrementConversions() {
        long nominal = DisciplinedClock.NOMINAL_INCREMENT_6_4NS;
        assertEquals(6.4, ClockIncrement.nanosPerCycle(nominal), 1e-9);
        assertEquals(-50_000, ClockIncrement.ppbOf(nominal, ClockIncrement.forPpb(nominal, -50_000)), 0.02); // half an LSB
        assertEquals(nominal, ClockIncrement.forPpb(nominal, 0));
    }
}
