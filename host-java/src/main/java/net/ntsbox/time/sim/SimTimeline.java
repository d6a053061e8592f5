package net.ntsbox.time.sim;

import java.util.ArrayList;
import java.util.List;
import net.ntsbox.time.LeapAnnouncement;
import net.ntsbox.time.LeapKind;

/**
 * True UTC in a simulation: t = 0 is UTC NTP second {@code epochNtpSeconds}; leap events shift
 * UTC against the continuous simulated time, read with the {@link net.ntsbox.time.DisciplinedClock}
 * convention (an inserted 23:59:60 reads as E-1 again; a deleted 23:59:59 never appears).
 */
public final class SimTimeline {
    private static final long NANOS = 1_000_000_000L;

    private final long epochNtpSeconds;
    private final List<LeapAnnouncement> leaps = new ArrayList<>();

    public SimTimeline(long epochNtpSeconds) {
        this.epochNtpSeconds = epochNtpSeconds;
    }

    public long epochNtpSeconds() {
        return epochNtpSeconds;
    }

    /** Adds a leap event at E (in UTC NTP seconds); events must be added in order. */
    public void addLeap(LeapKind kind, long atNtpSeconds) {
        leaps.add(new LeapAnnouncement(kind, atNtpSeconds, "sim"));
    }

    /** True UTC at simulated time {@code tNs}, as NTP seconds*1e9 + ns. */
    public long utcNtpNanos(long tNs) {
        long u = epochNtpSeconds * NANOS + tNs;
        for (LeapAnnouncement l : leaps) {
            long e = l.atNtpSeconds() * NANOS;
            if (l.kind() == LeapKind.INSERT && u >= e) {
                u -= NANOS;
            } else if (l.kind() == LeapKind.DELETE && u >= e - NANOS) {
                u += NANOS;
            }
        }
        return u;
    }

    /** True while {@code tNs} falls in an inserted second 23:59:60. */
    public boolean inLeapSecond(long tNs) {
        long u = epochNtpSeconds * NANOS + tNs;
        for (LeapAnnouncement l : leaps) {
            long e = l.atNtpSeconds() * NANOS;
            if (l.kind() == LeapKind.INSERT && u >= e) {
                if (u < e + NANOS) {
                    return true;
                }
                u -= NANOS;
            } else if (l.kind() == LeapKind.DELETE && u >= e - NANOS) {
                u += NANOS;
            }
        }
        return false;
    }

    public List<LeapAnnouncement> leaps() {
        return List.copyOf(leaps);
    }
}
