package net.ntsbox.appliance;

/**
 * What the kernel says about its clock discipline: {@code ntp_adjtime(2)} with modes = 0.
 *
 * @param clockState     the call's return value (TIME_OK 0 .. TIME_ERROR 5), or -1 if the call failed
 * @param status         {@code timex.status} bits (STA_*)
 * @param maxErrorMicros {@code timex.maxerror}: the kernel's bound on the clock error, microseconds
 * @param estErrorMicros {@code timex.esterror}, microseconds
 */
public record TimexReading(int clockState, int status, long maxErrorMicros, long estErrorMicros) {
    /** STA_UNSYNC: the kernel's clock is not disciplined by anything (set at boot, cleared by an NTP daemon). */
    public static final int STA_UNSYNC = 0x0040;
    /** The kernel's own limit: maxerror grows 500 ppm from the last update and is capped at 16 s (NTP_PHASE_LIMIT-ish). */
    public static final long MAX_ERROR_LIMIT_MICROS = 16_000_000L;
    public static final int TIME_ERROR = 5;

    public static TimexReading failed() { return new TimexReading(-1, STA_UNSYNC, MAX_ERROR_LIMIT_MICROS, MAX_ERROR_LIMIT_MICROS); }

    /**
     * Synchronised unless: the call failed, STA_UNSYNC is set, or maxerror reached 16 s (the
     * kernel sets STA_UNSYNC itself then, but a reading taken just before must not differ).
     */
    public boolean synchronised() {
        return clockState >= 0 && (status & STA_UNSYNC) == 0 && maxErrorMicros < MAX_ERROR_LIMIT_MICROS;
    }

    @Override
    public String toString() {
        return "state " + clockState + ", status 0x" + Integer.toHexString(status)
                + ((status & STA_UNSYNC) != 0 ? " (STA_UNSYNC)" : "") + ", maxerror " + maxErrorMicros + " us, esterror "
                + estErrorMicros + " us";
    }
}
