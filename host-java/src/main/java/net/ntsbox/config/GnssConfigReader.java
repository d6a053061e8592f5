package net.ntsbox.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TodConvention;

/** Reads and cross-checks {@code [gnss]} (see {@link GnssSettings} and docs/operations.md). */
final class GnssConfigReader {
    /** BCM GPIO numbers of the Raspberry Pi header (and the CM4's bank 0). */
    static final int MAX_PIN = 27;

    private GnssConfigReader() {}

    static GnssSettings read(ConfigReader.Section g) throws ConfigException {
        String sourceText = g.string("source").orElseThrow(() -> g.fail("source",
                "required in [gnss]: \"nmea\" (a serial receiver), \"gpsd\", or \"none\""));
        GnssSettings.Source source = switch (sourceText) {
            case "nmea" -> GnssSettings.Source.NMEA;
            case "gpsd" -> GnssSettings.Source.GPSD;
            case "none" -> GnssSettings.Source.NONE;
            default -> throw g.fail("source", "must be \"nmea\", \"gpsd\" or \"none\", not '" + sourceText + "'");
        };
        Optional<Path> nmeaDevice = g.path("nmea_device");
        boolean baudGiven = g.has("nmea_baud");
        int baud = g.integer("nmea_baud", 9600, 1, 4_000_000);
        if (!GnssSettings.BAUD_RATES.contains(baud)) {
            throw g.fail("nmea_baud", baud + " is not a supported line speed " + GnssSettings.BAUD_RATES);
        }
        Optional<String> gpsdText = g.string("gpsd");
        Optional<String> gpsdDevice = g.string("gpsd_device");
        if (gpsdDevice.isPresent() && (gpsdDevice.get().isBlank() || gpsdDevice.get().length() > 256)) {
            throw g.fail("gpsd_device", "must be 1-256 characters (the device path as gpsd names it, e.g. \"/dev/ttyAMA0\")");
        }
        String host = "127.0.0.1";
        int port = 2947;
        if (gpsdText.isPresent()) {
            try {
                InetSocketAddress a = HostPort.parse(gpsdText.get());
                if (a.getPort() == 0) throw new IllegalArgumentException("port 0 is not a gpsd port");
                host = a.getAddress().getHostAddress();
                port = a.getPort();
            } catch (IllegalArgumentException e) {
                throw g.fail("gpsd", e.getMessage() + " (e.g. \"127.0.0.1:2947\")");
            }
        }
        switch (source) {
            case NMEA -> {
                if (nmeaDevice.isEmpty()) throw g.fail("nmea_device", "required with source = \"nmea\" (e.g. \"/dev/ttyAMA0\")");
                if (gpsdText.isPresent()) throw g.fail("gpsd", "only with source = \"gpsd\"");
                if (gpsdDevice.isPresent()) throw g.fail("gpsd_device", "only with source = \"gpsd\"");
            }
            case GPSD -> {
                if (nmeaDevice.isPresent()) throw g.fail("nmea_device", "only with source = \"nmea\" (gpsd owns the serial port)");
                if (baudGiven) throw g.fail("nmea_baud", "only with source = \"nmea\" (gpsd sets the line speed)");
            }
            case NONE -> { }
        }

        String ppsText = g.string("pps").orElse("none");
        GnssSettings.Pps pps;
        Optional<Path> ppsDevice = Optional.empty();
        if (ppsText.equals("none")) {
            pps = GnssSettings.Pps.NONE;
        } else if (ppsText.equals("fpga")) {
            pps = GnssSettings.Pps.FPGA;
        } else if (ppsText.matches("/dev/pps[0-9]{1,3}")) {
            pps = GnssSettings.Pps.DEVICE;
            ppsDevice = Optional.of(Path.of(ppsText));
        } else {
            throw g.fail("pps", "must be \"fpga\" (the FPGA's capture input), a kernel PPS device \"/dev/ppsN\", "
                    + "or \"none\", not '" + ppsText + "'");
        }
        if (pps != GnssSettings.Pps.NONE && source == GnssSettings.Source.NONE) {
            throw g.fail("pps", "needs a time-of-day source (source = \"nmea\" or \"gpsd\"): PPS edges alone do not say which second");
        }

        long cable = g.longInteger("cable_delay_ns", 0, 0, 10_000_000);
        String oscText = g.string("oscillator").orElse("tcxo");
        OscillatorClass osc = switch (oscText) {
            case "tcxo" -> OscillatorClass.TCXO;
            case "ocxo" -> OscillatorClass.OCXO;
            case "rubidium" -> OscillatorClass.RUBIDIUM;
            default -> throw g.fail("oscillator", "must be \"tcxo\", \"ocxo\" or \"rubidium\", not '" + oscText + "'");
        };
        double holdover = g.decimal("holdover_limit_s", 7200, 0, 30 * 86_400);
        double maxDisp = g.decimal("max_root_dispersion_ms", 1, 0.001, 1000);
        String edge = g.string("tod_edge").orElse("preceding");
        TodConvention conv = switch (edge) {
            case "preceding" -> TodConvention.PRECEDING_EDGE;
            case "following" -> TodConvention.FOLLOWING_EDGE;
            default -> throw g.fail("tod_edge", "must be \"preceding\" (the message follows the edge it labels, "
                    + "u-blox and gpsd) or \"following\", not '" + edge + "'");
        };
        Optional<Path> leap = g.path("leap_seconds_file");

        Map<Integer, String> used = new HashMap<>();
        OptionalInt sync = pin(g, "led_sync", used);
        OptionalInt hold = pin(g, "led_holdover", used);
        OptionalInt alarm = pin(g, "led_alarm", used);
        OptionalInt reset = pin(g, "gnss_reset", used);
        OptionalInt fault = pin(g, "antenna_fault", used);
        boolean ledsLow = g.bool("leds_active_low", false);
        boolean resetLow = g.bool("gnss_reset_active_low", true);
        boolean faultLow = g.bool("antenna_fault_active_low", true);
        String gpio = g.string("gpio").orElse("pi4j");
        if (!gpio.equals("pi4j") && !gpio.equals("log")) {
            throw g.fail("gpio", "must be \"pi4j\" (GPIO through Pi4J and libgpiod) or \"log\" (no hardware; LED "
                    + "changes are logged), not '" + gpio + "'");
        }
        GnssSettings.Pins pins = new GnssSettings.Pins(sync, hold, alarm, reset, fault, ledsLow, resetLow, faultLow, gpio);
        if (source == GnssSettings.Source.NONE && pins.any()) {
            throw g.fail(used.values().iterator().next(), "GPIO lines need a receiver (source = \"nmea\" or \"gpsd\")");
        }
        g.rejectUnknown();
        return new GnssSettings(source, nmeaDevice, baud, host, port, gpsdDevice, pps, ppsDevice, cable, osc, holdover,
                maxDisp, conv, leap, pins);
    }

    private static OptionalInt pin(ConfigReader.Section g, String key, Map<Integer, String> used) throws ConfigException {
        if (!g.has(key)) {
            return OptionalInt.empty();
        }
        int p = g.integer(key, 0, 0, MAX_PIN);
        String other = used.putIfAbsent(p, key);
        if (other != null) {
            throw g.fail(key, "GPIO " + p + " is already gnss." + other);
        }
        return OptionalInt.of(p);
    }
}
