package net.ntsbox.time.source;

import java.time.DateTimeException;
import java.util.Optional;
import java.util.Set;
import net.ntsbox.time.TimeOfDay;
import net.ntsbox.time.leap.UtcCalendar;

/**
 * Turns NMEA sentences from a GNSS receiver into time-of-day messages. Pure and stateful (it
 * remembers fix validity, the date and u-blox's leap count between sentences).
 * <ul>
 * <li>RMC: time, status A/V, date (ddmmyy; years &lt; 80 are 20xx), NMEA 2.3 mode ('N' = no fix).</li>
 * <li>ZDA: time and full date (dd, mm, yyyy).</li>
 * <li>GGA: fix quality (0 invalid, 6 dead reckoning, 7 manual, 8 simulator do not count as a
 *     time fix); gives time only, so it labels a second only with a date from RMC/ZDA of the same day.</li>
 * <li>u-blox PUBX,04: time, date and the GPS-UTC leap count ("18", or "18D" when it is the
 *     firmware default rather than received from the satellites).</li>
 * </ul>
 * Talker IDs GP, GN, GL, GA, BD and GB are accepted. Only whole seconds (fraction .00) label a
 * PPS edge; 23:59:60 is labelled E-1 and flagged (the DisciplinedClock convention). One message
 * per second is emitted (the first sentence that names it).
 */
public final class NmeaTimeDecoder {
    private static final Set<String> TALKERS = Set.of("GP", "GN", "GL", "GA", "BD", "GB");

    private Boolean rmcValid;
    private int ggaQuality = -1;
    private long dateDayStart = Long.MIN_VALUE;
    private int dateSecondOfDay = -1;
    private long lastEmitted = Long.MIN_VALUE;
    private Integer leapSeconds;
    private boolean leapSecondsDefault;

    private long sentences;
    private long malformed;
    private long unsupported;
    private long notOnSecond;

    public long sentences() { return sentences; }
    public long malformed() { return malformed; }
    public long unsupported() { return unsupported; }
    public long notOnSecond() { return notOnSecond; }

    /** GPS-UTC from PUBX,04, if seen. */
    public Optional<Integer> leapSeconds() {
        return Optional.ofNullable(leapSeconds);
    }

    /** True if the last PUBX,04 leap count was the firmware default (not from the sky). */
    public boolean leapSecondsDefault() {
        return leapSecondsDefault;
    }

    /** The receiver's fix claim: RMC status/mode and GGA quality agree on a usable fix. */
    public boolean fixValid() {
        boolean rmc = rmcValid == null || rmcValid;
        boolean gga = ggaQuality < 0 || (ggaQuality > 0 && ggaQuality < 6);
        return (rmcValid != null || ggaQuality >= 0) && rmc && gga;
    }

    public Optional<TimeOfDay> accept(NmeaSentence s) {
        sentences++;
        try {
            if (s.talker().equals("P")) {
                if (s.type().equals("UBX") && s.field(0).equals("04")) {
                    return pubx04(s);
                }
                unsupported++;
                return Optional.empty();
            }
            if (!TALKERS.contains(s.talker())) {
                unsupported++;
                return Optional.empty();
            }
            return switch (s.type()) {
                case "RMC" -> rmc(s);
                case "ZDA" -> zda(s);
                case "GGA" -> gga(s);
                default -> {
                    unsupported++;
                    yield Optional.empty();
                }
            };
        } catch (NumberFormatException | DateTimeException | StringIndexOutOfBoundsException e) {
            malformed++;
            return Optional.empty();
        }
    }

    private Optional<TimeOfDay> rmc(NmeaSentence s) {
        String status = s.field(1);
        if (!status.equals("A") && !status.equals("V")) {
            malformed++;
            return Optional.empty();
        }
        String mode = s.field(11);
        rmcValid = status.equals("A") && !mode.equals("N");
        return dated(s.field(0), parseDdmmyy(s.field(8)), "RMC", s);
    }

    private Optional<TimeOfDay> zda(NmeaSentence s) {
        int day = parseInt(s.field(1), 2);
        int month = parseInt(s.field(2), 2);
        int year = parseInt(s.field(3), 4);
        return dated(s.field(0), UtcCalendar.ntpSecondsOf(year, month, day), "ZDA", s);
    }

    private Optional<TimeOfDay> gga(NmeaSentence s) {
        String q = s.field(5);
        if (q.length() != 1 || !Character.isDigit(q.charAt(0))) {
            malformed++;
            return Optional.empty();
        }
        ggaQuality = q.charAt(0) - '0';
        int[] hms = parseTime(s.field(0));
        if (hms == null) {
            return Optional.empty();
        }
        int sod = Math.min(hms[0] * 3600 + hms[1] * 60 + hms[2], 86_399);
        if (dateDayStart == Long.MIN_VALUE || sod < dateSecondOfDay) {
            return Optional.empty(); // no date for this day yet
        }
        return emit(dateDayStart, hms, "GGA", s);
    }

    private Optional<TimeOfDay> pubx04(NmeaSentence s) {
        String ls = s.field(5);
        if (!ls.isEmpty()) {
            leapSecondsDefault = ls.endsWith("D");
            leapSeconds = parseInt(leapSecondsDefault ? ls.substring(0, ls.length() - 1) : ls, 3);
        }
        return dated(s.field(1), parseDdmmyy(s.field(2)), "PUBX04", s);
    }

    private Optional<TimeOfDay> dated(String time, long dayStart, String what, NmeaSentence s) {
        int[] hms = parseTime(time);
        if (hms == null) {
            return Optional.empty();
        }
        dateDayStart = dayStart;
        dateSecondOfDay = Math.min(hms[0] * 3600 + hms[1] * 60 + hms[2], 86_399);
        return emit(dayStart, hms, what, s);
    }

    private Optional<TimeOfDay> emit(long dayStart, int[] hms, String what, NmeaSentence s) {
        boolean leap = hms[2] == 60;
        long label = dayStart + hms[0] * 3600L + hms[1] * 60L + (leap ? 59 : hms[2]);
        long key = label * 2 + (leap ? 1 : 0); // 23:59:59 and 23:59:60 share a label
        if (key == lastEmitted) {
            return Optional.empty();
        }
        lastEmitted = key;
        return Optional.of(new TimeOfDay(label, leap, fixValid(), s.talker() + what));
    }

    /** hhmmss[.ss]: {h, m, s}, or null (counted) if not on a whole second or malformed. */
    private int[] parseTime(String t) {
        if (t.length() < 6) {
            malformed++;
            return null;
        }
        int h = parseInt(t.substring(0, 2), 2);
        int m = parseInt(t.substring(2, 4), 2);
        int sec = parseInt(t.substring(4, 6), 2);
        if (t.length() > 6) {
            if (t.charAt(6) != '.' || !allDigits(t, 7)) {
                malformed++;
                return null;
            }
            if (!allZeros(t, 7)) {
                notOnSecond++;
                return null;
            }
        }
        if (h > 23 || m > 59 || sec > 60 || (sec == 60 && (h != 23 || m != 59))) {
            malformed++;
            return null;
        }
        return new int[] {h, m, sec};
    }

    private static long parseDdmmyy(String d) {
        if (d.length() != 6) {
            throw new NumberFormatException("date");
        }
        int day = parseInt(d.substring(0, 2), 2);
        int month = parseInt(d.substring(2, 4), 2);
        int yy = parseInt(d.substring(4, 6), 2);
        return UtcCalendar.ntpSecondsOf(yy < 80 ? 2000 + yy : 1900 + yy, month, day);
    }

    private static int parseInt(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits || !allDigits(s, 0)) {
            throw new NumberFormatException(s);
        }
        return Integer.parseInt(s);
    }

    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean allZeros(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
