package net.ntsbox.ntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class NtpTimestampTest {
    @Test
    void knownPoints() {
        // 1970-01-01 is 2208988800 s after 1900-01-01 (RFC 5905 figure 4: 0x83AA7E80).
        assertEquals(0x83AA7E80_00000000L, NtpTimestamp.fromUnixNanos(0));
        assertEquals(0x83AA7E80_80000000L, NtpTimestamp.fromUnixNanos(500_000_000L));
        assertEquals(0L, NtpTimestamp.toUnixNanos(0x83AA7E80_00000000L));
        assertEquals(0L, NtpTimestamp.fromUnixNanos(NtpTimestamp.ERA0_START_UNIX_NANOS));
        // Era 0 ends 2036-02-07T06:28:16Z = Unix 2085978496.
        assertEquals(2_085_978_496L * 1_000_000_000L, NtpTimestamp.ERA0_END_UNIX_NANOS);
        assertEquals(-1L, NtpTimestamp.fromUnixNanos(NtpTimestamp.ERA0_END_UNIX_NANOS - 1) | 0xFFL);
        assertFalse(NtpTimestamp.inEra0(NtpTimestamp.ERA0_END_UNIX_NANOS));
        assertThrows(IllegalArgumentException.class, () -> NtpTimestamp.fromUnixNanos(NtpTimestamp.ERA0_END_UNIX_NANOS));
        assertEquals(0xFFFF_FFFFL, NtpTimestamp.seconds(-1L));
        assertEquals(0xFFFF_FFFFL, NtpTimestamp.fraction(-1L));
    }

    @Test
    void unixNanosRoundTripExactlyOverEra0() {
        long seed = System.nanoTime();
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        for (int i = 0; i < 200_000; i++) {
            long n = r.nextLong(NtpTimestamp.ERA0_START_UNIX_NANOS, NtpTimestamp.ERA0_END_UNIX_NANOS);
            long ts = NtpTimestamp.fromUnixNanos(n);
            assertEquals(n, NtpTimestamp.toUnixNanos(ts), "seed " + seed + " nanos " + n);
            // The fraction is within half a unit (2^-33 s) of the exact value.
            long frac = NtpTimestamp.fraction(ts);
            double exact = Math.floorMod(n, 1_000_000_000L) * 4294967296.0 / 1e9;
            assertTrue(Math.abs(frac - exact) <= 0.5 + 1e-6, "seed " + seed);
        }
    }

    @Test
    void shortFormat() {
        assertEquals(0x0001_0000, NtpShortFormat.fromNanos(1_000_000_000L));
        assertEquals(0x0000_8000, NtpShortFormat.fromNanos(500_000_000L));
        assertEquals(0, NtpShortFormat.fromNanos(-5));
        assertEquals(NtpShortFormat.MAX, NtpShortFormat.fromNanos(Long.MAX_VALUE));
        assertEquals(1_000_000_000L, NtpShortFormat.toNanos(0x0001_0000));
        assertEquals(65_535_999_984_741L, NtpShortFormat.toNanos(NtpShortFormat.MAX));
        for (long ns = 0; ns < 5_000_000_000L; ns += 123_456_789L) {
            long back = NtpShortFormat.toNanos(NtpShortFormat.fromNanos(ns));
            assertTrue(Math.abs(back - ns) <= 7_630, "short format resolution is 15.26 us: " + ns);
        }
    }
}
