package net.ntsbox.time.leap;

import java.util.Optional;
import net.ntsbox.time.LeapAnnouncement;
import net.ntsbox.time.LeapKind;

/**
 * Decides the next leap event from a leap-seconds.list table and from announcements of time
 * sources (GNSS). A valid (unexpired) table is authoritative up to its expiry: an announcement
 * it contradicts is ignored and counted. Beyond the table's expiry, or without a table, the
 * latest GNSS announcement is used. Events are accepted only at 00:00:00 UTC of the first day
 * of a month (where the IERS puts them).
 */
public final class LeapPlanner {
    private LeapSecondTable table;
    private LeapAnnouncement announced;
    private long conflicts;
    private long rejectedAnnouncements;

    public void setTable(LeapSecondTable table) {
        this.table = table;
    }

    /** Records a source's announcement; false (and counted) if the date cannot be a leap. */
    public boolean announce(LeapAnnouncement a) {
        if (!UtcCalendar.isFirstOfMonth(a.atNtpSeconds())) {
            rejectedAnnouncements++;
            return false;
        }
        announced = a;
        return true;
    }

    /** Forgets the source's announcement (the source said no leap is pending). */
    public void clearAnnouncement() {
        announced = null;
    }

    public long conflicts() {
        return conflicts;
    }

    public long rejectedAnnouncements() {
        return rejectedAnnouncements;
    }

    /**
     * The next event strictly after both {@code nowNtpSeconds} and {@code lastAppliedNtpSeconds}
     * (the clock's record, so an applied event is never scheduled twice).
     */
    public Optional<LeapAnnouncement> next(long nowNtpSeconds, long lastAppliedNtpSeconds) {
        long after = Math.max(nowNtpSeconds, lastAppliedNtpSeconds);
        LeapAnnouncement fromTable = null;
        if (table != null) {
            int prev = 0;
            boolean first = true;
            for (LeapSecondTable.Entry e : table.entries()) {
                if (!first && e.ntpSeconds() > after && e.taiMinusUtc() != prev) {
                    LeapKind kind = e.taiMinusUtc() > prev ? LeapKind.INSERT : LeapKind.DELETE;
                    fromTable = new LeapAnnouncement(kind, e.ntpSeconds(), "leap-seconds.list");
                    break;
                }
                prev = e.taiMinusUtc();
                first = false;
            }
        }
        LeapAnnouncement gnss = announced != null && announced.atNtpSeconds() > after ? announced : null;
        if (gnss != null && table != null && !table.expired(nowNtpSeconds)
                && gnss.atNtpSeconds() < table.expiresNtpSeconds()) {
            boolean agrees = fromTable != null && fromTable.atNtpSeconds() == gnss.atNtpSeconds()
                    && fromTable.kind() == gnss.kind();
            if (!agrees) {
                conflicts++;
                announced = null;
                gnss = null;
            }
        }
        if (fromTable == null) {
            return Optional.ofNullable(gnss);
        }
        if (gnss == null || fromTable.atNtpSeconds() <= gnss.atNtpSeconds()) {
            return Optional.of(fromTable);
        }
        return Optional.of(gnss);
    }
}
