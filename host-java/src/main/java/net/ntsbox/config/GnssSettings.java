package net.ntsbox.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TodConvention;

/**
 * {@code [gnss]}: the GNSS receiver the time service reads, where its PPS is captured, the
 * discipline's limits and the board's LEDs and receiver control lines.
 *
 * <p>Mode follows from {@code pps}: with {@code "fpga"} the service disciplines the FPGA's
 * time-of-day counter and its state governs the advertised header; with a {@code /dev/ppsN}
 * device or {@code "none"} it only monitors the receiver (and the host clock against the PPS),
 * while the kernel's clock state (chronyd/gpsd discipline the host clock) governs the header.
 *
 * @param source          where time of day comes from
 * @param nmeaDevice      serial device ({@code source = "nmea"})
 * @param nmeaBaud        its line speed
 * @param gpsdHost        gpsd address literal ({@code source = "gpsd"})
 * @param gpsdPort        gpsd port
 * @param gpsdDevice      only TPVs of this device count (gpsd serving several receivers), if set
 * @param pps             PPS capture
 * @param ppsDevice       the kernel PPS device ({@code pps = "/dev/ppsN"})
 * @param cableDelayNs    antenna cable + receiver delay subtracted from each PPS capture
 * @param oscillator      class of the disciplined oscillator (holdover model)
 * @param holdoverLimitSeconds holdover longer than this advertises LI 3 / stratum 16
 * @param maxRootDispersionMs  a modelled error above this advertises LI 3 / stratum 16
 * @param todEdge         which PPS edge a time-of-day message labels
 * @param leapSecondsFile IERS leap-seconds.list, if given
 * @param pins            LED and receiver control lines
 */
public record GnssSettings(Source source, Optional<Path> nmeaDevice, int nmeaBaud, String gpsdHost, int gpsdPort,
                           Optional<String> gpsdDevice, Pps pps, Optional<Path> ppsDevice, long cableDelayNs,
                           OscillatorClass oscillator, double holdoverLimitSeconds, double maxRootDispersionMs,
                           TodConvention todEdge, Optional<Path> leapSecondsFile, Pins pins) {

    public enum Source { NONE, NMEA, GPSD }

    public enum Pps { NONE, FPGA, DEVICE }

    /** Line speeds a serial NMEA receiver may be set to. */
    public static final java.util.List<Integer> BAUD_RATES = java.util.List.of(4800, 9600, 19200, 38400, 57600, 115200,
            230400, 460800);

    /**
     * BCM GPIO numbers (empty: not wired) and polarity; {@code gpio} names the line provider:
     * "pi4j" (Pi4J with the gpiod plugin, on the board) or "log" (logs LED changes; no hardware).
     */
    public record Pins(OptionalInt ledSync, OptionalInt ledHoldover, OptionalInt ledAlarm, OptionalInt gnssReset,
                       OptionalInt antennaFault, boolean ledsActiveLow, boolean gnssResetActiveLow,
                       boolean antennaFaultActiveLow, String gpio) {
        public boolean any() {
            return ledSync.isPresent() || ledHoldover.isPresent() || ledAlarm.isPresent() || gnssReset.isPresent()
                    || antennaFault.isPresent();
        }

        public static Pins none() {
            return new Pins(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                    OptionalInt.empty(), false, true, true, "pi4j");
        }
    }

    /** No receiver configured (no [gnss] section). */
    public static GnssSettings none() {
        return new GnssSettings(Source.NONE, Optional.empty(), 9600, "127.0.0.1", 2947, Optional.empty(), Pps.NONE,
                Optional.empty(), 0, OscillatorClass.TCXO, 7200, 1, TodConvention.PRECEDING_EDGE, Optional.empty(),
                Pins.none());
    }

    public boolean enabled() {
        return source != Source.NONE;
    }

    /** True when the service disciplines the FPGA clock (and its state governs the header). */
    public boolean disciplinesFpgaClock() {
        return enabled() && pps == Pps.FPGA;
    }

    /** "gpsd 127.0.0.1:2947" or "nmea /dev/ttyAMA0 at 9600 baud", for logs and status. */
    public String describeSource() {
        return switch (source) {
            case NONE -> "none";
            case NMEA -> "nmea " + nmeaDevice.map(Path::toString).orElse("?") + " at " + nmeaBaud + " baud";
            case GPSD -> "gpsd " + (gpsdHost.contains(":") ? "[" + gpsdHost + "]" : gpsdHost) + ":" + gpsdPort
                    + gpsdDevice.map(d -> " device " + d).orElse("");
        };
    }

    public String describePps() {
        return switch (pps) {
            case NONE -> "none";
            case FPGA -> "fpga";
            case DEVICE -> ppsDevice.map(Path::toString).orElse("?");
        };
    }
}
