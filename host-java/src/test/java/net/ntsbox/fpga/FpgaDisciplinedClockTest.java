package net.ntsbox.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.SplittableRandom;
import net.ntsbox.time.ClockIncrement;
import net.ntsbox.time.DisciplinedClock;
import net.ntsbox.time.LeapKind;
import net.ntsbox.time.LeapStatus;
import net.ntsbox.time.NtpTime;
import net.ntsbox.time.PpsCapture;
import org.junit.jupiter.api.Test;

/** FpgaDisciplinedClock on the Verilated csr_top model: units, PPS mapping, leap registers. */
class FpgaDisciplinedClockTest {
    private static final long E = 3_960_057_600L; // 2025-07-01 00:00:00 UTC
    private static final long MS_PER_CYCLE = 1_000_000L << 32; // fast clock: 1000 cycles per second

    @Test
    void incrementConversionIsExactAndRoundTrips() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        BigDecimal billion = BigDecimal.valueOf(1_000_000_000L);
        for (int i = 0; i < 20_000; i++) {
            long v = i == 0 ? DisciplinedClock.NOMINAL_INCREMENT_6_4NS : r.nextLong(1, 1L << 55);
            long f = ClockIncrement.toFpga(v);
            long expect = new BigDecimal(BigInteger.valueOf(v).shiftLeft(32)).divide(billion, 0, RoundingMode.HALF_UP).longValueExact();
            assertEquals(expect, f, "seed " + seed + " v " + v);
            assertEquals(v, ClockIncrement.fromFpga(f), "seed " + seed + " round trip of " + v);
        }
        assertEquals(0x1B_7CDF_D9D6L, ClockIncrement.toFpga(DisciplinedClock.NOMINAL_INCREMENT_6_4NS));
        assertEquals(DisciplinedClock.NOMINAL_INCREMENT_6_4NS, ClockIncrement.fromFpga(0x1B_7CDF_D9D8L));
    }

    @Test
    void phaseRoundingMatchesTheDriver() {
        SimLibrary.require();
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            long ns = switch (i % 3) {
                case 0 -> r.nextLong(-2_000, 2_000);
                case 1 -> r.nextLong(-10_000_000_000L, 10_000_000_000L);
                default -> r.nextLong(-(1L << 40), 1L << 40);
            };
            assertEquals(NtsFpgaNative.ntsfpga_ns_to_ntp_offset(ns), NtpTime.offsetOfNanos(ns), "seed " + seed + " ns " + ns);
        }
    }

    @Test
    void incrementPhaseAndPpsThroughTheRegisters() {
        try (FpgaDevice d = SimLibrary.openSim()) {
            FpgaClock fc = new FpgaClock(d);
            FpgaDisciplinedClock c = new FpgaDisciplinedClock(fc);
            assertEquals(DisciplinedClock.NOMINAL_INCREMENT_6_4NS, c.nominalIncrement());
            long plus50 = ClockIncrement.forPpb(c.nominalIncrement(), 50_000) + 12_345; // odd fraction
            c.setIncrement(plus50);
            assertEquals(plus50, c.increment());
            assertEquals(ClockIncrement.toFpga(plus50), fc.increment());
            c.setIncrement(0);
            assertEquals(1, fc.increment()); // one 2^-64 s LSB: the RTL is never stopped
            c.setIncrement(plus50);

            long t = NtpTime.ofSeconds(E - 100);
            c.setTime(t);
            long a = c.now();
            long ca = d.simCycles();
            d.simStep(1_000_000);
            long b = c.now();
            long cb = d.simCycles();
            // both reads sample the same offset into their calls: the span is whole cycles
            double expect = (cb - ca) * (double) fc.increment() / 0x1p32;
            assertEquals(expect, (double) (b - a), 1.0);

            long before = c.now();
            c.adjustPhase(-1_234_567);
            long after = c.now();
            long step = NtpTime.diffNanos(after, before);
            assertTrue(step > -1_234_567 && step < -1_234_567 + 200, "phase step " + step + " ns");

            assertEquals(Optional.empty(), c.latestPps());
            long p0 = c.now();
            d.simPps(3);
            PpsCapture p = c.latestPps().orElseThrow();
            assertEquals(1, p.sequence());
            assertTrue(p.ntpTimestamp() > p0 && p.ntpTimestamp() < c.now());
            d.simStep(10);
            d.simPps(3);
            assertEquals(2, c.latestPps().orElseThrow().sequence());
        }
    }

    @Test
    void insertHoldsTheLastSecondThenCountsOn() {
        try (FpgaDevice d = SimLibrary.openSim()) {
            FpgaClock fc = new FpgaClock(d);
            FpgaDisciplinedClock c = new FpgaDisciplinedClock(fc);
            c.setIncrement(MS_PER_CYCLE);
            c.setTime(NtpTime.ofSeconds(E - 2));
            c.scheduleLeap(LeapKind.INSERT, E);
            LeapStatus s = c.leapStatus();
            assertEquals(Optional.of(LeapKind.INSERT), s.scheduled());
            assertEquals(E, s.scheduledAtNtpSeconds());
            assertEquals(1, fc.status().leapIndicator());
            d.simStep(1_500);                      // E-1 + 0.5 s
            assertEquals(E - 1, c.now() >>> 32);
            assertFalse(c.leapStatus().inInsertedSecond());
            d.simStep(1_000);                      // 23:59:60.5 reads E-1 again
            assertEquals(E - 1, c.now() >>> 32);
            s = c.leapStatus();
            assertTrue(s.inInsertedSecond());
            assertTrue(s.scheduled().isEmpty());
            c.scheduleLeap(LeapKind.DELETE, E + 86_400); // refused during the inserted second: ignored
            d.simStep(1_000);
            assertEquals(E, c.now() >>> 32);
            s = c.leapStatus();
            assertFalse(s.inInsertedSecond());
            assertEquals(E, s.lastApplied());
            assertTrue(s.scheduled().isEmpty());
            assertFalse(fc.status().leapDone()); // read and cleared by leapStatus
        }
    }

    @Test
    void deleteSkipsTheLastSecondAndCancelWorks() {
        try (FpgaDevice d = SimLibrary.openSim()) {
            FpgaClock fc = new FpgaClock(d);
            FpgaDisciplinedClock c = new FpgaDisciplinedClock(fc);
            c.setIncrement(MS_PER_CYCLE);
            c.setTime(NtpTime.ofSeconds(E - 3));
            c.scheduleLeap(LeapKind.INSERT, E);
            c.cancelLeap();
            assertEquals(LeapStatus.NONE, c.leapStatus());
            c.scheduleLeap(LeapKind.DELETE, E);
            assertEquals(Optional.of(LeapKind.DELETE), c.leapStatus().scheduled());
            assertEquals(2, fc.status().leapIndicator());
            d.simStep(1_500);
            assertEquals(E - 2, c.now() >>> 32);
            d.simStep(1_000);                      // 23:59:59 never appears
            assertEquals(E, c.now() >>> 32);
            LeapStatus s = c.leapStatus();
            assertEquals(E, s.lastApplied());
            assertTrue(s.scheduled().isEmpty());
        }
    }
}
