package net.ntsbox.time;

import java.util.Optional;

/**
 * What a {@link DisciplinedClock} reports about leap seconds.
 * @param scheduled the pending event, if any
 * @param scheduledAtNtpSeconds NTP second E (00:00:00 after the last day) of the pending event; 0 if none
 * @param inInsertedSecond true while the counter repeats E-1 for an inserted 23:59:60
 * @param lastApplied E of the last event the counter applied, 0 if none
 */
public record LeapStatus(Optional<LeapKind> scheduled, long scheduledAtNtpSeconds, boolean inInsertedSecond,
                         long lastApplied) {
    public static final LeapStatus NONE = new LeapStatus(Optional.empty(), 0, false, 0);
}
