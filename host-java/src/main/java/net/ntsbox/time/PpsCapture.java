package net.ntsbox.time;

/**
 * A PPS edge as captured by a clock: the counter value (NTP timestamp) one cycle after the first
 * clock edge that samples the PPS input (tod_clock.v's synchroniser), and the capture register's sequence counter (one more per edge; a gap means
 * edges were missed between two reads).
 */
public record PpsCapture(long ntpTimestamp, long sequence) {}
