package net.ntsbox.time.source;

import java.util.List;

/**
 * A framed, checksum-verified NMEA 0183 sentence: "$" + address + "," fields + "*" + 2 hex digits.
 * @param talker talker ID ("GP", "GN", "GL", "GA", "BD", "GB"), or "P" for proprietary
 * @param type sentence formatter ("RMC", "ZDA", "GGA"), or the proprietary address ("UBX")
 * @param fields the comma-separated fields after the address
 */
public record NmeaSentence(String talker, String type, List<String> fields) {
    private static final String HEX = "0123456789ABCDEF";

    public NmeaSentence {
        fields = List.copyOf(fields);
    }

    /** Field {@code i}, or "" if the sentence is shorter. */
    public String field(int i) {
        return i < fields.size() ? fields.get(i) : "";
    }

    /** XOR of the characters between '$' and '*' (exclusive), as NMEA 0183 defines the checksum. */
    public static int checksum(CharSequence body) {
        int c = 0;
        for (int i = 0; i < body.length(); i++) {
            c ^= body.charAt(i);
        }
        return c & 0xFF;
    }

    /** Frames {@code body} (without '$' and '*'): "$body*HH". */
    public static String frame(String body) {
        int c = checksum(body);
        return "$" + body + "*" + HEX.charAt(c >> 4) + HEX.charAt(c & 0xF);
    }
}
