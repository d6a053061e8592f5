package net.ntsbox.time.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.ntsbox.time.TimeOfDay;
import net.ntsbox.time.leap.UtcCalendar;
import org.junit.jupiter.api.Test;

class NmeaTest {
    /**
     * The PUBX,04 example of u-blox's protocol description, as reproduced by ArduSimple
     * (ardusimple.com, "NMEA PUBX,04 message"). Its printed checksum *3C does not match its body
     * (the XOR is 0x48), so the published line is dropped; re-framed, the same body parses.
     */
    private static final String UBLOX_PUBX04_BODY = "PUBX,04,073731.00,091202,113851.00,1196,15D,193003, -2660.664,43,";

    @Test
    void ubloxPubx04ExampleParsesWithItsLeapCountFlaggedAsDefault() {
        assertEquals(NmeaParser.Drop.BAD_CHECKSUM, NmeaParser.parse("$" + UBLOX_PUBX04_BODY + "*3C").drop());
        assertEquals("$" + UBLOX_PUBX04_BODY + "*48", NmeaSentence.frame(UBLOX_PUBX04_BODY));
        NmeaParser.Result r = NmeaParser.parse(NmeaSentence.frame(UBLOX_PUBX04_BODY));
        assertTrue(r.ok(), String.valueOf(r.drop()));
        NmeaTimeDecoder d = new NmeaTimeDecoder();
        // Validity comes from RMC/GGA; PUBX alone leaves it unknown (not valid).
        Optional<TimeOfDay> t = d.accept(r.sentence());
        assertTrue(t.isPresent());
        assertEquals(UtcCalendar.ntpSecondsOf(2002, 12, 9) + 7 * 3600 + 37 * 60 + 31, t.get().utcNtpSeconds());
        assertFalse(t.get().valid());
        assertEquals(15, d.leapSeconds().orElseThrow());
        assertTrue(d.leapSecondsDefault());
    }

    @Test
    void rmcZdaGgaWithEveryTalker() {
        for (String talker : List.of("GP", "GN", "GL", "GA", "BD", "GB")) {
            NmeaTimeDecoder d = new NmeaTimeDecoder();
            long day = UtcCalendar.ntpSecondsOf(2024, 6, 30);
            TimeOfDay rmc = accept(d, talker + "RMC,120001.00,A,4717.11437,N,00833.91522,E,0.004,77.52,300624,,,A").orElseThrow();
            assertEquals(day + 43_201, rmc.utcNtpSeconds());
            assertTrue(rmc.valid());
            assertEquals(talker + "RMC", rmc.source());
            // The same second again from GGA is not a second message.
            assertTrue(accept(d, talker + "GGA,120001.00,4717.11437,N,00833.91522,E,1,08,1.01,499.6,M,48.0,M,,").isEmpty());
            TimeOfDay gga = accept(d, talker + "GGA,120002.00,4717.11437,N,00833.91522,E,1,08,1.01,499.6,M,48.0,M,,").orElseThrow();
            assertEquals(day + 43_202, gga.utcNtpSeconds());
            TimeOfDay zda = accept(d, talker + "ZDA,120003.00,30,06,2024,00,00").orElseThrow();
            assertEquals(day + 43_203, zda.utcNtpSeconds());
        }
    }

    @Test
    void fixQualityAndStatusDecideValidity() {
        NmeaTimeDecoder d = new NmeaTimeDecoder();
        assertFalse(accept(d, "GPRMC,000000.00,V,,,,,,,010724,,,N").orElseThrow().valid());
        accept(d, "GPRMC,000001.00,A,4717.1,N,00833.9,E,0.0,0.0,010724,,,A");
        assertTrue(d.fixValid());
        accept(d, "GPGGA,000002.00,4717.1,N,00833.9,E,6,08,1.0,499.6,M,48.0,M,,"); // dead reckoning
        assertFalse(d.fixValid());
        accept(d, "GPGGA,000003.00,4717.1,N,00833.9,E,0,00,99,,M,,M,,");
        assertFalse(d.fixValid());
    }

    @Test
    void leapSecondIsLabelledAsARepeatOfTheLastSecond() {
        NmeaTimeDecoder d = new NmeaTimeDecoder();
        long e = UtcCalendar.ntpSecondsOf(2017, 1, 1);
        TimeOfDay last = accept(d, "GNZDA,235959.00,31,12,2016,00,00").orElseThrow();
        TimeOfDay leap = accept(d, "GNZDA,235960.00,31,12,2016,00,00").orElseThrow();
        TimeOfDay next = accept(d, "GNZDA,000000.00,01,01,2017,00,00").orElseThrow();
        assertEquals(e - 1, last.utcNtpSeconds());
        assertFalse(last.leapSecond());
        assertEquals(e - 1, leap.utcNtpSeconds());
        assertTrue(leap.leapSecond());
        assertEquals(e, next.utcNtpSeconds());
        assertTrue(accept(d, "GNZDA,125960.00,31,12,2016,00,00").isEmpty(), ":60 only at 23:59");
        assertEquals(1, d.malformed());
    }

    @Test
    void checksumAndFramingErrorsAreCountedAndDropped() {
        List<TimeOfDay> out = new ArrayList<>();
        NmeaStreamSource src = new NmeaStreamSource(out::add);
        String good = NmeaSentence.frame("GNZDA,120000.00,30,06,2024,00,00");
        String badSum = good.substring(0, good.length() - 2) + (good.endsWith("00") ? "01" : "00");
        String text = String.join("\r\n", good, badSum, "GNZDA,120001.00,30,06,2024,00,00*41", "$GNZDA,120002.00,30,06,2024,00,00",
                "$GNZDA,120003.00*4", "$GNZDA,12\u0001003.00,30,06,2024,00,00*00", "$GNzda,1*00".replace("*00",
                        "*" + String.format("%02X", NmeaSentence.checksum("GNzda,1"))), "", "x".repeat(500),
                NmeaSentence.frame("GNZDA,120004.00,30,06,2024,00,00")) + "\r\n";
        long overlong;
        try {
            overlong = src.run(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(2, out.size());
        assertEquals(1, overlong);
        var drops = src.drops();
        assertEquals(1L, drops.get(NmeaParser.Drop.BAD_CHECKSUM));
        assertEquals(1L, drops.get(NmeaParser.Drop.NO_START));
        assertEquals(1L, drops.get(NmeaParser.Drop.NO_CHECKSUM));
        assertEquals(1L, drops.get(NmeaParser.Drop.BAD_CHECKSUM_FORMAT));
        assertEquals(1L, drops.get(NmeaParser.Drop.BAD_CHARACTER));
        assertEquals(1L, drops.get(NmeaParser.Drop.BAD_ADDRESS));
        assertEquals(1L, drops.get(NmeaParser.Drop.EMPTY));
    }

    @Test
    void malformedFieldsNeverThrow() {
        long seed = 7_2024L;
        SplittableRandom r = new SplittableRandom(seed);
        String[] bodies = {"GNRMC,120001.00,A,4717.1,N,00833.9,E,0.0,0.0,300624,,,A", "GNZDA,120003.00,30,06,2024,00,00",
            "GNGGA,120002.00,4717.1,N,00833.9,E,1,08,1.0,499.6,M,48.0,M,,", "PUBX,04,073731.00,091202,113851.00,1196,15D,1,2,43,"};
        NmeaTimeDecoder d = new NmeaTimeDecoder();
        String alphabet = "0123456789,.AVNDE-9x ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(bodies[r.nextInt(bodies.length)]);
            for (int m = r.nextInt(1, 4); m > 0; m--) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    default -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            NmeaParser.Result p = NmeaParser.parse(NmeaSentence.frame(b.toString()));
            if (p.ok()) {
                d.accept(p.sentence()); // must not throw; seed printed by the message below on failure
            }
        }
        assertTrue(d.malformed() > 0, "seed " + seed);
    }

    private static Optional<TimeOfDay> accept(NmeaTimeDecoder d, String body) {
        NmeaParser.Result r = NmeaParser.parse(NmeaSentence.frame(body));
        assertTrue(r.ok(), body + ": " + r.drop());
        return d.accept(r.sentence());
    }
}
