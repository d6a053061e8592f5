package net.ntsbox.time.pps;

import net.ntsbox.time.PpsCapture;

/**
 * An assert edge from the kernel PPS API: the system clock (CLOCK_REALTIME) at the edge and
 * the kernel's assert sequence number (one more per edge; a gap means edges were missed).
 */
public record PpsEvent(long unixSeconds, int nanos, long sequence) {
    private static final long NTP_UNIX_OFFSET = 2_208_988_800L;

    /** As a capture for a DisciplinedClock that runs on the system clock. */
    public PpsCapture toCapture() {
        long fraction = (((long) nanos << 32) + 500_000_000L) / 1_000_000_000L; // nearest 2^-32 s
        return new PpsCapture(((unixSeconds + NTP_UNIX_OFFSET) << 32) | fraction, sequence);
    }
}
