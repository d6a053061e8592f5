package net.ntsbox.time.source;

import java.util.ArrayList;
import java.util.List;

/**
 * NMEA 0183 sentence framing and checksum verification. Pure: one line in, a sentence or a
 * named drop reason out. A checksum is required (receivers used for timing always send one).
 */
public final class NmeaParser {
    /** NMEA allows 82 characters; u-blox PUBX sentences run longer, so a little slack. */
    public static final int MAX_LENGTH = 160;

    public enum Drop { EMPTY, TOO_LONG, NO_START, BAD_CHARACTER, NO_CHECKSUM, BAD_CHECKSUM_FORMAT, BAD_CHECKSUM,
        BAD_ADDRESS }

    /** The result: a sentence, or why the line was dropped. */
    public record Result(NmeaSentence sentence, Drop drop) {
        public boolean ok() {
            return sentence != null;
        }
    }

    private NmeaParser() {}

    public static Result parse(String line) {
        String s = line.strip();
        if (s.isEmpty()) {
            return drop(Drop.EMPTY);
        }
        if (s.length() > MAX_LENGTH) {
            return drop(Drop.TOO_LONG);
        }
        if (s.charAt(0) != '$') {
            return drop(Drop.NO_START);
        }
        int star = s.lastIndexOf('*');
        if (star < 0) {
            return drop(Drop.NO_CHECKSUM);
        }
        if (star != s.length() - 3) {
            return drop(Drop.BAD_CHECKSUM_FORMAT);
        }
        int hi = Character.digit(s.charAt(star + 1), 16);
        int lo = Character.digit(s.charAt(star + 2), 16);
        if (hi < 0 || lo < 0) {
            return drop(Drop.BAD_CHECKSUM_FORMAT);
        }
        String body = s.substring(1, star);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '$' || c == '*' || c == '!') {
                return drop(Drop.BAD_CHARACTER);
            }
        }
        if (NmeaSentence.checksum(body) != (hi << 4 | lo)) {
            return drop(Drop.BAD_CHECKSUM);
        }
        List<String> parts = new ArrayList<>(List.of(body.split(",", -1)));
        String address = parts.removeFirst();
        if (address.startsWith("P") && address.length() >= 2) {
            return new Result(new NmeaSentence("P", address.substring(1), parts), null);
        }
        if (address.length() != 5 || !upperCase(address)) {
            return drop(Drop.BAD_ADDRESS);
        }
        return new Result(new NmeaSentence(address.substring(0, 2), address.substring(2), parts), null);
    }

    private static boolean upperCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 'A' || s.charAt(i) > 'Z') {
                return false;
            }
        }
        return true;
    }

    private static Result drop(Drop d) {
        return new Result(null, d);
    }
}
