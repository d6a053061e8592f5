package net.ntsbox.metrics;

/**
 * The GNSS receiver as the time service sees it (status document and metrics). Unknown
 * numbers are NaN.
 *
 * @param mode               "discipline" (its state governs the header) or "monitor" (the kernel's does)
 * @param source             "gpsd 127.0.0.1:2947", "nmea /dev/ttyAMA0 at 9600 baud"
 * @param pps                "fpga", "/dev/pps0" or "none"
 * @param connected          the source delivers data (gpsd reports, serial lines)
 * @param fixValid           the latest time-of-day message claimed a valid fix
 * @param timeOfDayMessages  time-of-day messages received (valid or not)
 * @param timeOfDayAgeSeconds seconds since the last valid one
 * @param sourceFailures     failed connects/opens, lost or silent connections
 * @param lastError          the last failure, or null
 * @param ppsEdges           PPS edges seen (the discipline's captures, or kernel PPS events)
 * @param hostOffsetSeconds  monitor mode with a PPS device: host clock minus the PPS edge
 * @param hostSecondsAgree   monitor mode: the host clock's whole second matches the receiver's (null: unknown)
 * @param antennaFault       the receiver's antenna-fault line is asserted
 * @param leapTableExpired   the configured leap-seconds.list has expired
 */
public record GnssSourceStatus(String mode, String source, String pps, boolean connected, boolean fixValid,
                               long timeOfDayMessages, double timeOfDayAgeSeconds, long sourceFailures,
                               String lastError, long ppsEdges, double hostOffsetSeconds, Boolean hostSecondsAgree,
                               boolean antennaFault, boolean leapTableExpired) {}
