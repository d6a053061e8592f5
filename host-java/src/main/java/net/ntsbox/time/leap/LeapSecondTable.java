package net.ntsbox.time.leap;

import java.util.List;

/**
 * A parsed, hash-verified leap-seconds.list.
 * @param entries (NTP second, TAI-UTC from then on), ascending
 * @param lastUpdateNtpSeconds the "#$" line
 * @param expiresNtpSeconds the "#@" line: after this the file says nothing about future leaps
 */
public record LeapSecondTable(List<Entry> entries, long lastUpdateNtpSeconds, long expiresNtpSeconds) {
    /** TAI-UTC is {@code taiMinusUtc} from NTP second {@code ntpSeconds} (00:00:00 UTC of a day). */
    public record Entry(long ntpSeconds, int taiMinusUtc) {}

    public LeapSecondTable {
        entries = List.copyOf(entries);
    }

    public boolean expired(long nowNtpSeconds) {
        return nowNtpSeconds >= expiresNtpSeconds;
    }

    /** TAI-UTC in force at {@code ntpSeconds}, or 0 before the first entry. */
    public int taiMinusUtcAt(long ntpSeconds) {
        int v = 0;
        for (Entry e : entries) {
            if (e.ntpSeconds() <= ntpSeconds) {
                v = e.taiMinusUtc();
            }
        }
        return v;
    }
}
