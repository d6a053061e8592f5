package net.ntsbox.time;

/**
 * A leap second announced by a source.
 * @param kind insert or delete
 * @param atNtpSeconds E, the NTP second of 00:00:00 UTC after the last day
 * @param source who said so ("leap-seconds.list", "UBX-NAV-TIMELS", "sim GNSS", ...)
 */
public record LeapAnnouncement(LeapKind kind, long atNtpSeconds, String source) {}
