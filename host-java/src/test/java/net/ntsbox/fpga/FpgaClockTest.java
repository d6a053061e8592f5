package net.ntsbox.fpga;

import static org.junit.jupiter.api.Assertions.*;

import net.ntsbox.ntp.NtpTimestamp;
import org.junit.jupiter.api.Test;

class FpgaClockTest {

    @Test
    void setReadFrequencyPhaseAndPps() {
        try (FpgaDevice d = SimLibrary.openSim()) {
            FpgaClock clock = new FpgaClock(d);
            assertEquals(0x1B_7CDF_D9D8L, clock.nominalIncrement());
            assertEquals(0.0, clock.frequencyPpb(), 1e-9);
            long t = NtpTimestamp.fromUnixNanos(1_767_225_600_000_000_000L); // 2026-01-01
            long c0 = d.simCycles();
            clock.setTime(t);
            long now = clock.now();
            long cycles = d.simCycles() - c0;
            long elapsedNs = NtpTimestamp.toUnixNanos(now) - NtpTimestamp.toUnixNanos(t);
            assertTrue(elapsedNs > 0 && elapsedNs <= cycles * 7, elapsedNs + " ns in " + cycles + " cycles");

            clock.setFrequencyPpb(-12_345.5);
            assertEquals(-12_345.5, clock.frequencyPpb(), 0.01);
            long a = clock.now();
            long ca = d.simCycles();
            d.simStep(100_000);
            long b = clock.now();
            long cb = d.simCycles();
            double expect = (cb - ca) * (double) clock.increment() / Math.pow(2, 32); // in 2^-32 s
            assertEquals(expect, (double) (b - a), 2.0);
            clock.setFrequencyPpb(0);

            long before = clock.now();
            clock.adjustPhaseNanos(-2_500_000); // -2.5 ms
            long after = clock.now();
            long stepNs = NtpTimestamp.toUnixNanos(after) - NtpTimestamp.toUnixNanos(before);
            assertTrue(stepNs < -2_499_000 && stepNs > -2_500_000, "phase step " + stepNs + " ns");

            assertEquals(0, clock.lastPps().sequence());
            long p0 = clock.now();
            d.simPps(3);
            FpgaClock.PpsCapture pps = clock.lastPps();
            assertEquals(1, pps.sequence());
            assertTrue(Long.compareUnsigned(pps.ntp(), p0) > 0 && Long.compareUnsigned(pps.ntp(), clock.now()) < 0);

            long target = t + (100L << 32);
            clock.setTimeAtNextPps(target);
            assertTrue(clock.status().setPending());
            d.simPps(3);
            assertFalse(clock.status().setPending());
            long sinceSet = NtpTimestamp.toUnixNanos(clock.now()) - NtpTimestamp.toUnixNanos(target);
            assertTrue(sinceSet >= 0 && sinceSet < 1000, sinceSet + " ns after the PPS set");
        }
    }

    @Test
    void leapSecondScheduleAndCancel() {
        try (FpgaDevice d = SimLibrary.openSim()) {
            FpgaClock clock = new FpgaClock(d);
            long leapAt = 3_960_057_600L; // 2025-07-01T00:00:00Z in NTP seconds
            clock.setTime((leapAt - 3600) << 32);
            clock.scheduleLeap(leapAt, true);
            FpgaClock.Status s = clock.status();
            assertTrue(s.leapInsertScheduled() && !s.leapDeleteScheduled());
            assertEquals(1, s.leapIndicator());
            clock.cancelLeap();
            s = clock.status();
            assertFalse(s.leapInsertScheduled());
            assertEquals(0, s.leapIndicator());
            clock.scheduleLeap(leapAt, false);
            assertEquals(2, clock.status().leapIndicator());
            clock.setTime((leapAt - 2 * 86_400) << 32); // before the leap day: scheduled, not announced
            assertEquals(0, clock.status().leapIndicator());
            assertTrue(clock.status().leapDeleteScheduled());
            assertThrows(IllegalArgumentException.class, () -> clock.scheduleLeap(1L << 32, true));
        }
    }
}
