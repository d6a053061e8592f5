package net.ntsbox.time.gpsd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.ntsbox.time.leap.UtcCalendar;

/**
 * Parses one line of gpsd's JSON stream into a {@link GpsdMessage}, or names why it was
 * dropped. Pure and thread-safe. Fields relied on (gpsd_json(5), checked against gpsd 3.22):
 * <ul>
 * <li>every report: {@code class};</li>
 * <li>VERSION: {@code release}, {@code proto_major}, {@code proto_minor};</li>
 * <li>DEVICES: {@code devices[]} of DEVICE; DEVICE: {@code path}, {@code driver}, {@code activated};</li>
 * <li>WATCH: {@code enable}, {@code json}, {@code pps};</li>
 * <li>TPV: {@code device}, {@code mode} (required), {@code status}, {@code time} (ISO 8601 UTC,
 *     "2024-06-15T12:00:14.000Z"), {@code leapseconds};</li>
 * <li>TOFF and PPS: {@code device}, {@code real_sec}, {@code real_nsec}, {@code clock_sec},
 *     {@code clock_nsec} (integers); PPS also {@code precision}.</li>
 * <li>ERROR: {@code message}.</li>
 * </ul>
 * Unknown fields are ignored (gpsd adds fields between releases); a known field of the wrong
 * type or out of range drops the whole report.
 */
public final class GpsdJsonParser {
    /**
     * Longest line accepted. gpsd 3.22's reports are far shorter (a SKY with 50 satellites is
     * about 5 kB); the bound only keeps a broken peer from growing memory.
     */
    public static final int MAX_LENGTH = 16_384;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public enum Drop { EMPTY, TOO_LONG, NOT_JSON, NOT_OBJECT, NO_CLASS, BAD_FIELD }

    /** A message, or why the line was dropped. */
    public record Result(GpsdMessage message, Drop drop) {
        public boolean ok() {
            return message != null;
        }
    }

    private GpsdJsonParser() {}

    public static Result parse(String line) {
        String s = line.strip();
        if (s.isEmpty()) {
            return drop(Drop.EMPTY);
        }
        if (s.length() > MAX_LENGTH) {
            return drop(Drop.TOO_LONG);
        }
        JsonNode n;
        try {
            n = JSON.readTree(s);
        } catch (JsonProcessingException e) {
            return drop(Drop.NOT_JSON);
        }
        if (n == null || !n.isObject()) {
            return drop(Drop.NOT_OBJECT);
        }
        JsonNode cls = n.get("class");
        if (cls == null || !cls.isTextual()) {
            return drop(Drop.NO_CLASS);
        }
        try {
            return new Result(message(cls.asText(), n), null);
        } catch (BadField e) {
            return drop(Drop.BAD_FIELD);
        }
    }

    private static GpsdMessage message(String cls, JsonNode n) {
        return switch (cls) {
            case "VERSION" -> new GpsdMessage.Version(text(n, "release", ""), intRequired(n, "proto_major"),
                    intField(n, "proto_minor").orElse(0));
            case "DEVICES" -> devices(n);
            case "DEVICE" -> device(n);
            case "WATCH" -> new GpsdMessage.Watch(bool(n, "enable", true), bool(n, "json", false), bool(n, "pps", false));
            case "TPV" -> tpv(n);
            case "TOFF" -> new GpsdMessage.Toff(text(n, "device", ""), pair(n, "real_sec", "real_nsec"),
                    pair(n, "clock_sec", "clock_nsec"));
            case "PPS" -> new GpsdMessage.Pps(text(n, "device", ""), pair(n, "real_sec", "real_nsec"),
                    pair(n, "clock_sec", "clock_nsec"), intField(n, "precision"));
            case "ERROR" -> new GpsdMessage.Error(text(n, "message", ""));
            default -> new GpsdMessage.Other(cls);
        };
    }

    private static GpsdMessage.Devices devices(JsonNode n) {
        JsonNode arr = n.get("devices");
        if (arr == null || !arr.isArray()) {
            throw new BadField();
        }
        List<GpsdMessage.Device> list = new ArrayList<>();
        for (JsonNode d : arr) {
            if (!d.isObject()) {
                throw new BadField();
            }
            list.add(device(d));
        }
        return new GpsdMessage.Devices(list);
    }

    private static GpsdMessage.Device device(JsonNode n) {
        // "activated" is a timestamp while the device is open and absent (or 0) once closed.
        JsonNode a = n.get("activated");
        boolean active = a != null && (a.isTextual() ? !a.asText().isEmpty() : a.isNumber() && a.asDouble() != 0);
        return new GpsdMessage.Device(text(n, "path", ""), text(n, "driver", ""), active);
    }

    private static GpsdMessage.Tpv tpv(JsonNode n) {
        int mode = intRequired(n, "mode");
        if (mode < 0 || mode > 3) {
            throw new BadField();
        }
        JsonNode t = n.get("time");
        Optional<GpsdTime> time = Optional.empty();
        if (t != null) {
            if (!t.isTextual()) {
                throw new BadField();
            }
            time = Optional.of(isoTime(t.asText()));
        }
        return new GpsdMessage.Tpv(text(n, "device", ""), mode, intField(n, "status"), time, intField(n, "leapseconds"));
    }

    /** yyyy-mm-ddThh:mm:ss[.f{1,9}]Z, seconds 0..60 (60 only at 23:59). */
    static GpsdTime isoTime(String s) {
        if (s.length() < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(s.length() - 1) != 'Z') {
            throw new BadField();
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int h = digits(s, 11, 13);
        int m = digits(s, 14, 16);
        int sec = digits(s, 17, 19);
        int nanos = 0;
        int end = s.length() - 1;
        if (end > 19) {
            int digits = end - 20;
            if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
                throw new BadField();
            }
            nanos = digits(s, 20, end);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (h > 23 || m > 59 || sec > 60 || (sec == 60 && (h != 23 || m != 59))) {
            throw new BadField();
        }
        long dayStart;
        try {
            dayStart = UtcCalendar.ntpSecondsOf(year, month, day);
        } catch (DateTimeException e) {
            throw new BadField();
        }
        boolean leap = sec == 60;
        long ntp = dayStart + h * 3600L + m * 60L + (leap ? 59 : sec);
        return new GpsdTime(ntp - GpsdTime.NTP_UNIX_OFFSET, nanos, leap);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadField();
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static GpsdTime pair(JsonNode n, String secName, String nsecName) {
        JsonNode sec = n.get(secName);
        JsonNode nsec = n.get(nsecName);
        if (sec == null || nsec == null || !sec.isIntegralNumber() || !nsec.isIntegralNumber() || !sec.canConvertToLong()
                || !nsec.canConvertToInt() || sec.asLong() < 0 || nsec.asInt() < 0 || nsec.asInt() > 999_999_999) {
            throw new BadField();
        }
        return new GpsdTime(sec.asLong(), nsec.asInt(), false);
    }

    private static int intRequired(JsonNode n, String name) {
        return intField(n, name).orElseThrow(BadField::new);
    }

    private static OptionalInt intField(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new BadField();
        }
        return OptionalInt.of(v.asInt());
    }

    private static String text(JsonNode n, String name, String absent) {
        JsonNode v = n.get(name);
        if (v == null) {
            return absent;
        }
        if (!v.isTextual()) {
            throw new BadField();
        }
        return v.asText();
    }

    private static boolean bool(JsonNode n, String name, boolean absent) {
        JsonNode v = n.get(name);
        if (v == null) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw new BadField();
        }
        return v.asBoolean();
    }

    private static Result drop(Drop d) {
        return new Result(null, d);
    }

    /** A known field with the wrong type or value; caught in {@link #parse}. */
    private static final class BadField extends RuntimeException {
        BadField() {
            super(null, null, false, false);
        }
    }
}
