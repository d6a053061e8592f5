package net.ntsbox.time.leap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.ntsbox.time.LeapAnnouncement;
import net.ntsbox.time.LeapKind;
import org.junit.jupiter.api.Test;

class LeapSecondListParserTest {
    /** The IERS file as shipped by tzdata (public domain), with its published hash. */
    private static byte[] iersFile() throws IOException {
        try (InputStream in = LeapSecondListParserTest.class.getResourceAsStream("leap-seconds.list")) {
            return in.readAllBytes();
        }
    }

    @Test
    void realFileVerifiesAndParses() throws IOException {
        LeapSecondListParser.Result r = LeapSecondListParser.parse(iersFile());
        assertTrue(r.ok(), r.failure() + " at line " + r.line());
        LeapSecondTable t = r.table();
        assertEquals(10, t.entries().getFirst().taiMinusUtc());
        assertEquals(UtcCalendar.ntpSecondsOf(1972, 1, 1), t.entries().getFirst().ntpSeconds());
        assertEquals(37, t.entries().getLast().taiMinusUtc());
        assertEquals(UtcCalendar.ntpSecondsOf(2017, 1, 1), t.entries().getLast().ntpSeconds());
        assertEquals(28, t.entries().size());
        assertEquals(36, t.taiMinusUtcAt(UtcCalendar.ntpSecondsOf(2016, 12, 31)));
        assertTrue(t.expiresNtpSeconds() > t.lastUpdateNtpSeconds());
    }

    @Test
    void anyChangedDigitFailsTheHash() throws IOException {
        String text = new String(iersFile(), StandardCharsets.US_ASCII);
        String corrupted = text.replace("3692217600\t37", "3692217600\t38");
        if (corrupted.equals(text)) {
            corrupted = text.replace("3692217600      37", "3692217600      38");
        }
        assertFalse(corrupted.equals(text), "test file layout changed");
        assertEquals(LeapSecondListParser.Failure.HASH_MISMATCH,
                LeapSecondListParser.parse(corrupted.getBytes(StandardCharsets.US_ASCII)).failure());
        String expiry = text.replaceFirst("#@\t(\\d+)", "#@\t4000000000");
        assertEquals(LeapSecondListParser.Failure.HASH_MISMATCH,
                LeapSecondListParser.parse(expiry.getBytes(StandardCharsets.US_ASCII)).failure());
        // Comments are not hashed.
        String comment = text.replace("# 1 Jan 2017", "# first of January 2017");
        assertTrue(LeapSecondListParser.parse(comment.getBytes(StandardCharsets.US_ASCII)).ok());
    }

    @Test
    void missingOrMalformedPartsAreNamed() throws IOException {
        String text = new String(iersFile(), StandardCharsets.US_ASCII);
        assertEquals(LeapSecondListParser.Failure.MISSING_HASH,
                parse(text.replaceAll("(?m)^#h.*$", "")).failure());
        assertEquals(LeapSecondListParser.Failure.MISSING_EXPIRY,
                parse(text.replaceAll("(?m)^#@.*$", "")).failure());
        assertEquals(LeapSecondListParser.Failure.MALFORMED_HASH,
                parse(text.replaceAll("(?m)^#h.*$", "#h 123 xyz")).failure());
        assertEquals(LeapSecondListParser.Failure.MALFORMED_LINE, parse(text + "\n12345 abc\n").failure());
        assertEquals(LeapSecondListParser.Failure.EMPTY, parse("").failure());
        assertEquals(LeapSecondListParser.Failure.TOO_LARGE,
                LeapSecondListParser.parse(new byte[LeapSecondListParser.MAX_BYTES + 1]).failure());
    }

    @Test
    void plannerPrefersTheValidTableAndNeverRepeatsAnAppliedEvent() throws IOException {
        LeapSecondTable t = LeapSecondListParser.parse(iersFile()).table();
        LeapPlanner p = new LeapPlanner();
        p.setTable(t);
        long before2017 = UtcCalendar.ntpSecondsOf(2016, 12, 1);
        long e2017 = UtcCalendar.ntpSecondsOf(2017, 1, 1);
        assertEquals(Optional.of(new LeapAnnouncement(LeapKind.INSERT, e2017, "leap-seconds.list")), p.next(before2017, 0));
        assertEquals(Optional.empty(), p.next(e2017 - 1, e2017));
        // A GNSS claim the unexpired table contradicts is ignored and counted.
        long now = t.lastUpdateNtpSeconds();
        long bogus = UtcCalendar.ntpSecondsOf(UtcCalendar.dateOf(now).plusMonths(2).withDayOfMonth(1).getYear(),
                UtcCalendar.dateOf(now).plusMonths(2).getMonthValue(), 1);
        assertTrue(p.announce(new LeapAnnouncement(LeapKind.INSERT, bogus, "gnss")));
        assertEquals(Optional.empty(), p.next(now, 0));
        assertEquals(1, p.conflicts());
        // Not on the first of a month: refused.
        assertFalse(p.announce(new LeapAnnouncement(LeapKind.INSERT, bogus + 86_400, "gnss")));
        // Without a table, the GNSS announcement is used.
        LeapPlanner q = new LeapPlanner();
        q.announce(new LeapAnnouncement(LeapKind.DELETE, bogus, "gnss"));
        assertEquals(LeapKind.DELETE, q.next(now, 0).orElseThrow().kind());
    }

    private static LeapSecondListParser.Result parse(String s) {
        return LeapSecondListParser.parse(s.getBytes(StandardCharsets.US_ASCII));
    }
}
