package net.ntsbox.time.leap;

import java.time.LocalDate;

/** Calendar helpers for UTC days as NTP seconds (no leap seconds: days are 86400 s). */
public final class UtcCalendar {
    /** Days from 1900-01-01 to 1970-01-01. */
    private static final long NTP_EPOCH_DAY = -25_567;

    private UtcCalendar() {}

    /** NTP second of 00:00:00 UTC on the given date. */
    public static long ntpSecondsOf(int year, int month, int day) {
        return (LocalDate.of(year, month, day).toEpochDay() - NTP_EPOCH_DAY) * 86_400L;
    }

    /** The UTC date of NTP second {@code s}. */
    public static LocalDate dateOf(long ntpSeconds) {
        return LocalDate.ofEpochDay(Math.floorDiv(ntpSeconds, 86_400L) + NTP_EPOCH_DAY);
    }

    public static boolean isFirstOfMonth(long ntpSeconds) {
        return Math.floorMod(ntpSeconds, 86_400L) == 0 && dateOf(ntpSeconds).getDayOfMonth() == 1;
    }

    /** Seconds into the UTC day. */
    public static int secondOfDay(long ntpSeconds) {
        return (int) Math.floorMod(ntpSeconds, 86_400L);
    }

}
