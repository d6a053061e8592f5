package net.ntsbox.time;

/**
 * Converts between frequency corrections in ppb and the 32.32 fixed-point increment register
 * (ns per cycle; see {@link DisciplinedClock}). A positive ppb makes the counter run faster.
 */
public final class ClockIncrement {
    private ClockIncrement() {}

    /** The register value for {@code nominal} adjusted by {@code ppb}, rounded to the nearest LSB. */
    public static long forPpb(long nominal, double ppb) {
        return nominal + Math.round(nominal * ppb * 1e-9);
    }

    /** The frequency correction, in ppb, a register value makes relative to {@code nominal}. */
    public static double ppbOf(long nominal, long increment) {
        return (increment - nominal) * 1e9 / nominal;
    }

    /** Nanoseconds per cycle a register value means. */
    public static double nanosPerCycle(long increment) {
        return increment / 4_294_967_296.0;
    }
}
