package net.ntsbox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.OptionalInt;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TodConvention;
import org.junit.jupiter.api.Test;

/** {@code [gnss]}: defaults, every key, and a clear error naming the key for each bad value. */
class GnssConfigTest {
    private static final Path BASE = Path.of("/etc/ntsbox");

    private static GnssSettings parse(String gnss) throws ConfigException {
        return ConfigReader.parse("state_dir = \"/tmp/x\"\n[gnss]\n" + gnss, "test.toml", BASE, ConfigOverrides.none()).gnss();
    }

    private static void bad(String gnss, String key, String... fragments) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(gnss), gnss);
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.toml: " + key + ": "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + f + "' in: " + e.getMessage());
        }
    }

    @Test
    void absentSectionMeansNoReceiver() throws ConfigException {
        ApplianceConfig c = ConfigReader.parse("", "t", BASE, ConfigOverrides.none());
        assertFalse(c.gnss().enabled());
        assertFalse(c.gnss().disciplinesFpgaClock());
    }

    @Test
    void gpsdDefaults() throws ConfigException {
        GnssSettings g = parse("source = \"gpsd\"\n");
        assertEquals(GnssSettings.Source.GPSD, g.source());
        assertEquals("127.0.0.1", g.gpsdHost());
        assertEquals(2947, g.gpsdPort());
        assertEquals(GnssSettings.Pps.NONE, g.pps());
        assertFalse(g.disciplinesFpgaClock(), "no fpga PPS: monitor only");
        assertEquals(7200, g.holdoverLimitSeconds());
        assertEquals(1, g.maxRootDispersionMs());
        assertEquals(OscillatorClass.TCXO, g.oscillator());
        assertEquals(TodConvention.PRECEDING_EDGE, g.todEdge());
        assertFalse(g.pins().any());
        assertEquals("gpsd 127.0.0.1:2947", g.describeSource());
    }

    @Test
    void everyKey() throws ConfigException {
        GnssSettings g = parse("""
                source = "nmea"
                nmea_device = "/dev/ttyAMA0"
                nmea_baud = 115200
                pps = "fpga"
                cable_delay_ns = 42
                oscillator = "ocxo"
                holdover_limit_s = 3600
                max_root_dispersion_ms = 0.5
                tod_edge = "following"
                leap_seconds_file = "leap-seconds.list"
                led_sync = 17
                led_holdover = 27
                led_alarm = 22
                gnss_reset = 23
                antenna_fault = 24
                leds_active_low = true
                gnss_reset_active_low = false
                antenna_fault_active_low = false
                gpio = "log"
                """);
        assertEquals(Path.of("/dev/ttyAMA0"), g.nmeaDevice().orElseThrow());
        assertEquals(115200, g.nmeaBaud());
        assertTrue(g.disciplinesFpgaClock());
        assertEquals(42, g.cableDelayNs());
        assertEquals(OscillatorClass.OCXO, g.oscillator());
        assertEquals(3600, g.holdoverLimitSeconds());
        assertEquals(0.5, g.maxRootDispersionMs());
        assertEquals(TodConvention.FOLLOWING_EDGE, g.todEdge());
        assertEquals(BASE.resolve("leap-seconds.list"), g.leapSecondsFile().orElseThrow(), "relative to the file");
        GnssSettings.Pins p = g.pins();
        assertEquals(OptionalInt.of(17), p.ledSync());
        assertEquals(OptionalInt.of(27), p.ledHoldover());
        assertEquals(OptionalInt.of(22), p.ledAlarm());
        assertEquals(OptionalInt.of(23), p.gnssReset());
        assertEquals(OptionalInt.of(24), p.antennaFault());
        assertTrue(p.ledsActiveLow());
        assertFalse(p.gnssResetActiveLow());
        assertFalse(p.antennaFaultActiveLow());
        assertEquals("log", p.gpio());
        assertEquals("nmea /dev/ttyAMA0 at 115200 baud", g.describeSource());
    }

    @Test
    void gpsdAddressAndDeviceAndKernelPps() throws ConfigException {
        GnssSettings g = parse("source = \"gpsd\"\ngpsd = \"[::1]:2948\"\ngpsd_device = \"/dev/ttyS0\"\npps = \"/dev/pps1\"\n");
        assertEquals(2948, g.gpsdPort());
        assertEquals("/dev/ttyS0", g.gpsdDevice().orElseThrow());
        assertEquals(GnssSettings.Pps.DEVICE, g.pps());
        assertEquals(Path.of("/dev/pps1"), g.ppsDevice().orElseThrow());
        assertFalse(g.disciplinesFpgaClock());
        assertEquals("gpsd [0:0:0:0:0:0:0:1]:2948 device /dev/ttyS0", g.describeSource());
    }

    @Test
    void badValuesNameTheKey() {
        bad("", "gnss.source", "required");
        bad("source = \"ublox\"\n", "gnss.source", "'ublox'");
        bad("source = 1\n", "gnss.source", "must be a string");
        bad("source = \"nmea\"\n", "gnss.nmea_device", "required with source = \"nmea\"");
        bad("source = \"nmea\"\nnmea_device = \"\"\n", "gnss.nmea_device", "must not be empty");
        bad("source = \"nmea\"\nnmea_device = \"/dev/ttyS0\"\nnmea_baud = 9601\n", "gnss.nmea_baud", "9601", "line speed");
        bad("source = \"nmea\"\nnmea_device = \"/dev/ttyS0\"\nnmea_baud = \"9600\"\n", "gnss.nmea_baud", "integer");
        bad("source = \"nmea\"\nnmea_device = \"/dev/ttyS0\"\ngpsd = \"127.0.0.1:2947\"\n", "gnss.gpsd", "only with source = \"gpsd\"");
        bad("source = \"nmea\"\nnmea_device = \"/dev/ttyS0\"\ngpsd_device = \"/dev/ttyS0\"\n", "gnss.gpsd_device", "only with");
        bad("source = \"gpsd\"\nnmea_device = \"/dev/ttyS0\"\n", "gnss.nmea_device", "only with source = \"nmea\"");
        bad("source = \"gpsd\"\nnmea_baud = 9600\n", "gnss.nmea_baud", "only with source = \"nmea\"");
        bad("source = \"gpsd\"\ngpsd = \"localhost:2947\"\n", "gnss.gpsd", "not an IP address literal");
        bad("source = \"gpsd\"\ngpsd = \"127.0.0.1\"\n", "gnss.gpsd", "IPv4:PORT");
        bad("source = \"gpsd\"\ngpsd = \"127.0.0.1:0\"\n", "gnss.gpsd", "port 0");
        bad("source = \"gpsd\"\ngpsd = \"127.0.0.1:70000\"\n", "gnss.gpsd", "out of range");
        bad("source = \"gpsd\"\ngpsd_device = \"\"\n", "gnss.gpsd_device", "1-256");
        bad("source = \"gpsd\"\npps = \"/dev/ttyS0\"\n", "gnss.pps", "\"fpga\"", "/dev/ppsN");
        bad("source = \"gpsd\"\npps = true\n", "gnss.pps", "must be a string");
        bad("source = \"none\"\npps = \"fpga\"\n", "gnss.pps", "needs a time-of-day source");
        bad("source = \"gpsd\"\ncable_delay_ns = -1\n", "gnss.cable_delay_ns", "out of range");
        bad("source = \"gpsd\"\ncable_delay_ns = 1.5\n", "gnss.cable_delay_ns", "integer");
        bad("source = \"gpsd\"\noscillator = \"quartz\"\n", "gnss.oscillator", "\"tcxo\", \"ocxo\" or \"rubidium\"");
        bad("source = \"gpsd\"\nholdover_limit_s = -5\n", "gnss.holdover_limit_s", "out of range");
        bad("source = \"gpsd\"\nholdover_limit_s = \"2h\"\n", "gnss.holdover_limit_s", "must be a number");
        bad("source = \"gpsd\"\nmax_root_dispersion_ms = 0\n", "gnss.max_root_dispersion_ms", "out of range");
        bad("source = \"gpsd\"\ntod_edge = \"next\"\n", "gnss.tod_edge", "\"preceding\"");
        bad("source = \"gpsd\"\nleap_seconds_file = \"\"\n", "gnss.leap_seconds_file", "must not be empty");
        bad("source = \"gpsd\"\nled_sync = 28\n", "gnss.led_sync", "out of range 0..27");
        bad("source = \"gpsd\"\nled_alarm = \"17\"\n", "gnss.led_alarm", "integer");
        bad("source = \"gpsd\"\nled_sync = 17\nled_alarm = 17\n", "gnss.led_alarm", "GPIO 17 is already gnss.led_sync");
        bad("source = \"gpsd\"\ngnss_reset = 5\nantenna_fault = 5\n", "gnss.antenna_fault", "already gnss.gnss_reset");
        bad("source = \"gpsd\"\nleds_active_low = 1\n", "gnss.leds_active_low", "true or false");
        bad("source = \"gpsd\"\ngpio = \"sysfs\"\n", "gnss.gpio", "\"pi4j\"", "\"log\"");
        bad("source = \"none\"\nled_sync = 17\n", "gnss.led_sync", "need a receiver");
        bad("source = \"gpsd\"\nbaud = 9600\n", "gnss.baud", "unknown key in [gnss]");
    }

    @Test
    void gnssMustBeATable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigReader.parse("gnss = \"gpsd\"\n", "test.toml", BASE, ConfigOverrides.none()));
        assertEquals("gnss", e.key());
        assertTrue(e.getMessage().contains("must be a table [gnss]"), e.getMessage());
    }
}
