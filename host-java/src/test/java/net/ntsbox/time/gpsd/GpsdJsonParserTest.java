package net.ntsbox.time.gpsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import net.ntsbox.time.TimeOfDay;
import net.ntsbox.time.leap.LeapSecondTable;
import net.ntsbox.time.leap.UtcCalendar;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpsdJsonParserTest {
    /** Recorded from gpsd 3.22 (Debian bookworm) fed RMC/GGA/GSA over tcp:// on this machine. */
    static final List<String> RECORDED = List.of(
            "{\"class\":\"VERSION\",\"release\":\"3.22\",\"rev\":\"3.22\",\"proto_major\":3,\"proto_minor\":14}",
            "{\"class\":\"DEVICES\",\"devices\":[{\"class\":\"DEVICE\",\"path\":\"tcp://127.0.0.1:29470\",\"driver\":\"NMEA0183\",\"activated\":\"2026-12-01T08:30:45.467Z\",\"flags\":1}]}",
            "{\"class\":\"WATCH\",\"enable\":true,\"json\":true,\"nmea\":false,\"raw\":0,\"scaled\":false,\"timing\":false,\"split24\":false,\"pps\":true}",
            "{\"class\":\"TOFF\",\"device\":\"tcp://127.0.0.1:29470\",\"real_sec\":1718452814, \"real_nsec\":0,\"clock_sec\":1796113845,\"clock_nsec\":670823452}",
            "{\"class\":\"TPV\",\"device\":\"tcp://127.0.0.1:29470\",\"mode\":3,\"time\":\"2024-06-15T12:00:14.000Z\",\"ept\":0.005,\"lat\":48.117300000,\"lon\":11.516666667,\"altHAE\":592.3000,\"altMSL\":545.4000,\"alt\":545.4000,\"epv\":48.300,\"track\":0.0000,\"magtrack\":3.3264,\"magvar\":3.3,\"speed\":0.000,\"climb\":0.000,\"epc\":96.60,\"geoidSep\":46.900,\"eph\":24.700,\"sep\":47.500}");

    @Test
    void recordedGpsd322Stream() {
        GpsdMessage.Version v = assertInstanceOf(GpsdMessage.Version.class, ok(RECORDED.get(0)));
        assertEquals("3.22", v.release());
        assertEquals(3, v.protoMajor());
        assertEquals(14, v.protoMinor());
        GpsdMessage.Devices d = assertInstanceOf(GpsdMessage.Devices.class, ok(RECORDED.get(1)));
        assertEquals(List.of(new GpsdMessage.Device("tcp://127.0.0.1:29470", "NMEA0183", true)), d.devices());
        assertEquals(new GpsdMessage.Watch(true, true, true), ok(RECORDED.get(2)));
        GpsdMessage.Toff toff = assertInstanceOf(GpsdMessage.Toff.class, ok(RECORDED.get(3)));
        assertEquals(new GpsdTime(1718452814, 0, false), toff.real());
        assertEquals(new GpsdTime(1796113845, 670823452, false), toff.clock());
        GpsdMessage.Tpv tpv = assertInstanceOf(GpsdMessage.Tpv.class, ok(RECORDED.get(4)));
        assertEquals(3, tpv.mode());
        assertEquals(OptionalInt.empty(), tpv.leapSeconds());
        // 2024-06-15T12:00:14Z is Unix 1718452814, the TOFF's real_sec for the same epoch.
        assertEquals(Optional.of(new GpsdTime(1718452814, 0, false)), tpv.time());
    }

    @Test
    void ppsAndLeapFields() {
        GpsdMessage.Pps pps = assertInstanceOf(GpsdMessage.Pps.class, ok("{\"class\":\"PPS\",\"device\":\"/dev/ttyAMA0\","
                + "\"real_sec\":1718452815,\"real_nsec\":0,\"clock_sec\":1718452815,\"clock_nsec\":1250,\"precision\":-20,\"shm\":\"NTP1\",\"qErr\":-1234}"));
        assertEquals(OptionalInt.of(-20), pps.precision());
        GpsdTimeDecoder.PpsEdge edge = GpsdTimeDecoder.ppsEdge(pps).orElseThrow();
        assertEquals(1718452815L + GpsdTime.NTP_UNIX_OFFSET, edge.utcNtpSeconds());
        assertEquals(1250, edge.hostOffsetNs());
        // The host clock behind the edge: offset negative across a second boundary.
        GpsdMessage behind = ok("{\"class\":\"PPS\",\"device\":\"x\",\"real_sec\":100,\"real_nsec\":0,\"clock_sec\":99,\"clock_nsec\":999999000}");
        assertEquals(-1000, GpsdTimeDecoder.ppsEdge(behind).orElseThrow().hostOffsetNs());

        GpsdMessage.Tpv tpv = assertInstanceOf(GpsdMessage.Tpv.class,
                ok("{\"class\":\"TPV\",\"mode\":2,\"status\":7,\"time\":\"2016-12-31T23:59:60Z\",\"leapseconds\":17}"));
        GpsdTime t = tpv.time().orElseThrow();
        assertTrue(t.leapSecond());
        assertEquals(UtcCalendar.ntpSecondsOf(2017, 1, 1) - 1, t.ntpSeconds());
        assertEquals(OptionalInt.of(17), tpv.leapSeconds());
    }

    @Test
    void isoTimeFractions() {
        assertEquals(new GpsdTime(1718452814, 500_000_000, false), GpsdJsonParser.isoTime("2024-06-15T12:00:14.5Z"));
        assertEquals(new GpsdTime(1718452814, 123_456_789, false), GpsdJsonParser.isoTime("2024-06-15T12:00:14.123456789Z"));
        assertEquals(new GpsdTime(0, 0, false), GpsdJsonParser.isoTime("1970-01-01T00:00:00Z"));
    }

    @Test
    void dropsAreNamed() {
        assertEquals(GpsdJsonParser.Drop.EMPTY, drop("  "));
        assertEquals(GpsdJsonParser.Drop.TOO_LONG, drop("{\"class\":\"X\",\"a\":\"" + "a".repeat(GpsdJsonParser.MAX_LENGTH) + "\"}"));
        assertEquals(GpsdJsonParser.Drop.NOT_JSON, drop("{\"class\":\"TPV\",\"mode\":3"));
        assertEquals(GpsdJsonParser.Drop.NOT_JSON, drop("{\"class\":\"TPV\",\"mode\":3} trailing"));
        assertEquals(GpsdJsonParser.Drop.NOT_JSON, drop("{\"class\":\"TPV\",\"mode\":3,\"mode\":1}"));
        assertEquals(GpsdJsonParser.Drop.NOT_OBJECT, drop("[1,2]"));
        assertEquals(GpsdJsonParser.Drop.NO_CLASS, drop("{\"mode\":3}"));
        assertEquals(GpsdJsonParser.Drop.NO_CLASS, drop("{\"class\":5}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"TPV\"}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"TPV\",\"mode\":4}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"TPV\",\"mode\":\"3\"}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"TPV\",\"mode\":3,\"time\":\"2024-06-15 12:00:14Z\"}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"TPV\",\"mode\":3,\"time\":\"2024-02-30T12:00:14Z\"}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"TPV\",\"mode\":3,\"time\":\"2024-06-15T12:00:60Z\"}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"TPV\",\"mode\":3,\"time\":\"2024-06-15T12:00:14.1234567890Z\"}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"PPS\",\"real_sec\":1,\"real_nsec\":1000000000,\"clock_sec\":1,\"clock_nsec\":0}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"PPS\",\"real_sec\":1.5,\"real_nsec\":0,\"clock_sec\":1,\"clock_nsec\":0}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"TOFF\",\"real_sec\":1,\"real_nsec\":0}"));
        assertEquals(GpsdJsonParser.Drop.BAD_FIELD, drop("{\"class\":\"DEVICES\",\"devices\":{}}"));
        assertInstanceOf(GpsdMessage.Other.class, ok("{\"class\":\"SKY\",\"satellites\":[]}"));
        assertEquals(new GpsdMessage.Error("Unrecognized request 'FOO'"),
                ok("{\"class\":\"ERROR\",\"message\":\"Unrecognized request 'FOO'\"}"));
    }

    /** Mutated recorded lines never throw; each gives a message or a named drop. */
    @Test
    void mutationsNeverThrow() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        String alphabet = "{}[]\":,.-0123456789eEtrufalsn TPVclass";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(RECORDED.get(rnd.nextInt(RECORDED.size())));
            int edits = 1 + rnd.nextInt(4);
            for (int k = 0; k < edits && b.length() > 0; k++) {
                int at = rnd.nextInt(b.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            String line = b.toString();
            try {
                GpsdJsonParser.Result r = GpsdJsonParser.parse(line);
                assertTrue(r.ok() != (r.drop() != null), "seed " + seed + ": " + line);
                if (r.ok()) {
                    new GpsdTimeDecoder().timeOfDay(r.message());
                    GpsdTimeDecoder.ppsEdge(r.message());
                }
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " line " + line, e);
            }
        }
    }

    @Test
    void decoderLabelsSecondsOncePerEpoch() {
        GpsdTimeDecoder d = new GpsdTimeDecoder();
        assertTrue(d.timeOfDay(ok(RECORDED.get(0))).isEmpty());
        assertEquals(Optional.of("3.22"), d.release());
        TimeOfDay tod = d.timeOfDay(ok(RECORDED.get(4))).orElseThrow();
        assertEquals(new TimeOfDay(1718452814L + GpsdTime.NTP_UNIX_OFFSET, false, true, "gpsd TPV"), tod);
        assertTrue(d.timeOfDay(ok(RECORDED.get(4))).isEmpty(), "second TPV of the same epoch");
        assertFalse(d.timeOfDay(ok("{\"class\":\"TPV\",\"mode\":1,\"time\":\"2024-06-15T12:00:15.000Z\"}")).orElseThrow().valid());
        assertFalse(d.timeOfDay(ok("{\"class\":\"TPV\",\"mode\":3,\"status\":8,\"time\":\"2024-06-15T12:00:16.000Z\"}")).orElseThrow().valid());
        assertFalse(d.timeOfDay(ok("{\"class\":\"TPV\",\"mode\":3,\"status\":5,\"time\":\"2024-06-15T12:00:17.000Z\"}")).orElseThrow().valid());
        assertTrue(d.timeOfDay(ok("{\"class\":\"TPV\",\"mode\":2,\"status\":7,\"time\":\"2024-06-15T12:00:18.000Z\"}")).orElseThrow().valid());
        assertTrue(d.timeOfDay(ok("{\"class\":\"TPV\",\"mode\":3,\"time\":\"2024-06-15T12:00:18.200Z\"}")).isEmpty());
        assertEquals(1, d.notOnSecond());
        assertTrue(d.timeOfDay(ok("{\"class\":\"TPV\",\"mode\":0}")).isEmpty());
        assertEquals(1, d.tpvWithoutTime());

        // Leap second: 23:59:59 and 23:59:60 share a label, both are emitted.
        TimeOfDay s59 = d.timeOfDay(ok("{\"class\":\"TPV\",\"mode\":3,\"time\":\"2016-12-31T23:59:59.000Z\",\"leapseconds\":17}")).orElseThrow();
        TimeOfDay s60 = d.timeOfDay(ok("{\"class\":\"TPV\",\"mode\":3,\"time\":\"2016-12-31T23:59:60.000Z\",\"leapseconds\":17}")).orElseThrow();
        assertEquals(s59.utcNtpSeconds(), s60.utcNtpSeconds());
        assertTrue(s60.leapSecond());
        assertEquals(Optional.of(17), d.leapSeconds());
        long jan2017 = UtcCalendar.ntpSecondsOf(2017, 1, 1);
        LeapSecondTable table = new LeapSecondTable(List.of(new LeapSecondTable.Entry(UtcCalendar.ntpSecondsOf(2015, 7, 1), 36),
                new LeapSecondTable.Entry(jan2017, 37)), jan2017, jan2017 + 86_400 * 365);
        assertEquals(Optional.of(true), d.leapCountAgrees(table, jan2017 - 10)); // 17 + 19 = 36 before the leap
        assertEquals(Optional.of(false), d.leapCountAgrees(table, jan2017 + 10));
    }

    private static GpsdMessage ok(String line) {
        GpsdJsonParser.Result r = GpsdJsonParser.parse(line);
        assertTrue(r.ok(), () -> "dropped " + r.drop() + ": " + line);
        return r.message();
    }

    private static GpsdJsonParser.Drop drop(String line) {
        GpsdJsonParser.Result r = GpsdJsonParser.parse(line);
        assertFalse(r.ok(), line);
        return r.drop();
    }
}
