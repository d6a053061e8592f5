package net.ntsbox.time.gpsd;

/**
 * A UTC time as gpsd reports it: seconds since 1970-01-01 (POSIX, no leap seconds counted)
 * plus nanoseconds 0..999 999 999. {@code leapSecond} is set when gpsd printed 23:59:60.
 */
public record GpsdTime(long unixSeconds, int nanos, boolean leapSecond) {
    /** NTP era 0 seconds at the Unix epoch. */
    public static final long NTP_UNIX_OFFSET = 2_208_988_800L;

    public GpsdTime {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanoseconds out of range");
        }
    }

    /** The second as an NTP second under the DisciplinedClock convention (23:59:60 labelled E-1). */
    public long ntpSeconds() {
        return unixSeconds + NTP_UNIX_OFFSET;
    }
}
