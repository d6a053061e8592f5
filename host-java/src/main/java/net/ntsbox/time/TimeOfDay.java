package net.ntsbox.time;

/**
 * A time-of-day message from a receiver: the UTC second that a PPS edge marks, labelled as an
 * NTP second under the {@link DisciplinedClock} leap convention (23:59:60 is E-1, flagged).
 * Which edge (the one before or after the message) is a setting of the discipline
 * ({@link TodConvention}), because receivers differ.
 *
 * @param utcNtpSeconds the label
 * @param leapSecond the receiver said :60
 * @param valid the receiver claims a valid fix/time (RMC 'A', GGA quality &gt; 0, gpsd mode &ge; 2)
 * @param source short name of the message, for logs ("GNRMC", "gpsd TPV", ...)
 */
public record TimeOfDay(long utcNtpSeconds, boolean leapSecond, boolean valid, String source) {}
