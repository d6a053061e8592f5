package net.ntsbox.time.leap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Parser of the IERS/NIST leap-seconds.list format. Data lines are "NTP-seconds TAI-UTC" with
 * an optional "# comment"; "#$" gives the last update and "#@" the expiry (NTP seconds); "#h"
 * gives a SHA-1 as five groups of hex digits. The hash, as the file's README specifies and
 * tzcode's leapseconds.awk checks, is over the numbers of the "#$" and "#@" lines and of the
 * data lines (comments dropped), concatenated with all whitespace removed. Groups are printed
 * without leading zeros in some editions, so each is left-padded to 8 digits. A file without a
 * hash, or whose hash does not match, is refused.
 */
public final class LeapSecondListParser {
    /** Why a file was refused. */
    public enum Failure { TOO_LARGE, MALFORMED_LINE, MISSING_UPDATE, MISSING_EXPIRY, MISSING_HASH, MALFORMED_HASH,
        HASH_MISMATCH, NOT_ASCENDING, EMPTY }

    /** The outcome: a table, or the failure and the 1-based line it was found on (0 if whole-file). */
    public record Result(LeapSecondTable table, Failure failure, int line) {
        public boolean ok() {
            return table != null;
        }
    }

    /** The IERS file is about 5 kB; anything far larger is not a leap-seconds.list. */
    public static final int MAX_BYTES = 256 * 1024;

    private LeapSecondListParser() {}

    public static Result parse(byte[] file) {
        if (file.length > MAX_BYTES) {
            return fail(Failure.TOO_LARGE, 0);
        }
        String[] lines = new String(file, StandardCharsets.US_ASCII).split("\r?\n", -1);
        StringBuilder hashed = new StringBuilder();
        List<LeapSecondTable.Entry> entries = new ArrayList<>();
        Long update = null;
        Long expiry = null;
        String hash = null;
        int hashLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int n = i + 1;
            if (line.startsWith("#$") || line.startsWith("#@")) {
                String v = line.substring(2).strip();
                Long value = parseUnsigned(v);
                if (value == null) {
                    return fail(Failure.MALFORMED_LINE, n);
                }
                if (line.charAt(1) == '$') {
                    update = value;
                } else {
                    expiry = value;
                }
                hashed.append(v);
            } else if (line.startsWith("#h")) {
                hash = line.substring(2);
                hashLine = n;
            } else if (line.startsWith("#") || line.isBlank()) {
                continue;
            } else {
                int hashMark = line.indexOf('#');
                String data = (hashMark >= 0 ? line.substring(0, hashMark) : line).strip();
                String[] f = data.split("\\s+");
                if (f.length != 2) {
                    return fail(Failure.MALFORMED_LINE, n);
                }
                Long t = parseUnsigned(f[0]);
                Long tai = parseUnsigned(f[1]);
                if (t == null || tai == null || tai > 1000) {
                    return fail(Failure.MALFORMED_LINE, n);
                }
                if (!entries.isEmpty() && entries.getLast().ntpSeconds() >= t) {
                    return fail(Failure.NOT_ASCENDING, n);
                }
                entries.add(new LeapSecondTable.Entry(t, (int) (long) tai));
                hashed.append(f[0]).append(f[1]);
            }
        }
        if (entries.isEmpty()) {
            return fail(Failure.EMPTY, 0);
        }
        if (update == null) {
            return fail(Failure.MISSING_UPDATE, 0);
        }
        if (expiry == null) {
            return fail(Failure.MISSING_EXPIRY, 0);
        }
        if (hash == null) {
            return fail(Failure.MISSING_HASH, 0);
        }
        byte[] expected = parseHash(hash);
        if (expected == null) {
            return fail(Failure.MALFORMED_HASH, hashLine);
        }
        byte[] actual = sha1(hashed.toString().getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, actual)) {
            return fail(Failure.HASH_MISMATCH, hashLine);
        }
        return new Result(new LeapSecondTable(entries, update, expiry), null, 0);
    }

    private static byte[] parseHash(String text) {
        String[] groups = text.strip().split("\\s+");
        if (groups.length != 5) {
            return null;
        }
        StringBuilder hex = new StringBuilder(40);
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 8 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            }
            hex.append("0".repeat(8 - g.length())).append(g.toLowerCase(Locale.ROOT));
        }
        return HexFormat.of().parseHex(hex);
    }

    private static Long parseUnsigned(String s) {
        if (s.isEmpty() || s.length() > 12 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(s);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
    }

    private static Result fail(Failure f, int line) {
        return new Result(null, f, line);
    }
}
