package net.ntsbox.time;

/**
 * A PPS edge as captured by a clock: the counter value (NTP timestamp) at the first clock cycle
 * after the edge, and the capture register's sequence counter (one more per edge; a gap means
 * edges were missed between two reads).
 */
public record PpsCapture(long ntpTimestamp, long sequence) {}
