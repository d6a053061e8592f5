package net.ntsbox.time;

import java.math.BigInteger;

/**
 * Converts between frequency corrections in ppb and the 32.32 fixed-point increment register
 * (ns per cycle; see {@link DisciplinedClock}). A positive ppb makes the counter run faster.
 */
public final class ClockIncrement {
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    private ClockIncrement() {}

    /** The register value for {@code nominal} adjusted by {@code ppb}, rounded to the nearest LSB. */
    public static long forPpb(long nominal, double ppb) {
        return nominal + Math.round(nominal * ppb * 1e-9);
    }

    /** The frequency correction, in ppb, a register value makes relative to {@code nominal}. */
    public static double ppbOf(long nominal, long increment) {
        return (increment - nominal) * 1e9 / nominal;
    }

    /**
     * The FPGA's increment register (CLK_INCR, 2^-64 s per cycle) for a 32.32 ns-per-cycle value:
     * round(increment * 2^32 / 10^9), to nearest (never a tie: 10^9 has the factor 5^9).
     * 2^-64 s is 0.23 of a 2^-32 ns LSB, so this is injective and {@link #fromFpga} inverts it.
     */
    public static long toFpga(long increment) {
        BigInteger[] qr = BigInteger.valueOf(increment).shiftLeft(32).divideAndRemainder(BILLION);
        long q = qr[0].longValueExact();
        return qr[1].shiftLeft(1).compareTo(BILLION) >= 0 ? q + 1 : q;
    }

    /** The 32.32 ns-per-cycle value nearest an FPGA increment (2^-64 s): round(fpga * 10^9 / 2^32). */
    public static long fromFpga(long fpgaIncrement) {
        BigInteger v = new BigInteger(Long.toUnsignedString(fpgaIncrement)).multiply(BILLION);
        return v.add(BigInteger.ONE.shiftLeft(31)).shiftRight(32).longValueExact();
    }

    /** Nanoseconds per cycle a register value means. */
    public static double nanosPerCycle(long increment) {
        return increment / 4_294_967_296.0;
    }
}
