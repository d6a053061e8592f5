package net.ntsbox.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a {@code GET /api/v1/status} document into the human summary of {@code ntsbox status}
 * and the list of reasons it is degraded. A pure function of the document and the time, so
 * the rendering and the health rules are tested without a server. Fields the document lacks
 * print as "-" (an older or newer server must not make the command fail).
 */
final class StatusSummary {
    /** A certificate closer than this to its notAfter makes the status degraded. */
    static final Duration CERTIFICATE_WARNING = Duration.ofDays(14);

    /** @param problems why the appliance is degraded; empty when healthy */
    record Result(String text, List<String> problems) {
        boolean healthy() { return problems.isEmpty(); }
    }

    private StatusSummary() {}

    static Result of(JsonObject s, String endpoint, Instant now) {
        List<String> problems = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        line(b, "server", "ntsbox " + text(s.getValue("version")) + " at " + endpoint);
        Long up = number(s.getValue("uptime_seconds"));
        line(b, "uptime", (up == null ? "-" : duration(up)) + " (since " + text(s.getValue("started")) + ")");
        line(b, "datapath", text(s.getValue("datapath")));
        clock(b, object(s, "time_source"), problems);
        JsonObject g = object(s, "gnss");
        if (g != null) gnss(b, g, problems);
        keys(b, object(s, "keys"));
        certificates(b, object(s, "certificates"), now, problems);
        JsonObject m = object(s, "management");
        if (m != null) {
            line(b, "management", (Boolean.TRUE.equals(m.getValue("read_only")) ? "read-only" : "read-write")
                    + (Boolean.TRUE.equals(m.getValue("rotation_available")) ? ", rotation available" : ""));
        }
        line(b, "health", problems.isEmpty() ? "OK" : "DEGRADED: " + String.join("; ", problems));
        return new Result(b.toString(), List.copyOf(problems));
    }

    private static void clock(StringBuilder b, JsonObject t, List<String> problems) {
        if (t == null) {
            line(b, "time source", "- (not reported)");
            problems.add("no time source state reported");
            return;
        }
        String state = text(t.getValue("state"));
        line(b, "time source", state + ", stratum " + text(t.getValue("stratum")) + ", reference "
                + text(t.getValue("reference")));
        line(b, "", "offset " + seconds(t.getValue("offset_seconds")) + ", frequency "
                + ppb(t.getValue("frequency_ppb")) + ", holdover " + holdover(t.getValue("holdover_seconds")));
        switch (state) {
            case "locked" -> { }
            case "holdover" -> problems.add("clock in holdover (reference lost)");
            case "acquiring" -> problems.add("clock acquiring (not locked yet)");
            default -> problems.add("clock " + state);
        }
    }

    /** The receiver behind the time service; a receiver that is down, without fix or faulty degrades the status. */
    private static void gnss(StringBuilder b, JsonObject g, List<String> problems) {
        boolean connected = Boolean.TRUE.equals(g.getValue("connected"));
        boolean fix = Boolean.TRUE.equals(g.getValue("fix_valid"));
        Object age = g.getValue("time_of_day_age_seconds");
        line(b, "gnss", text(g.getValue("source")) + ", PPS " + text(g.getValue("pps")) + " (" + text(g.getValue("mode"))
                + "): " + (connected ? "up" : "down") + ", " + (fix ? "fix valid" : "no fix") + ", "
                + text(g.getValue("time_of_day_messages")) + " time-of-day messages"
                + (age instanceof Number n ? String.format(Locale.ROOT, ", last %.1f s ago", n.doubleValue()) : "")
                + ", PPS edges " + text(g.getValue("pps_edges"))
                + (g.getValue("host_offset_seconds") instanceof Number n ? ", host clock " + seconds(n) + " from PPS" : ""));
        if (!connected) {
            Object err = g.getValue("last_error");
            problems.add("GNSS source down" + (err == null ? "" : " (" + err + ")"));
        } else if (!fix) {
            problems.add("GNSS receiver has no valid fix");
        }
        if (Boolean.FALSE.equals(g.getValue("host_seconds_agree"))) problems.add("host clock disagrees with the GNSS receiver");
        if (Boolean.TRUE.equals(g.getValue("antenna_fault"))) problems.add("GNSS antenna fault");
        if (Boolean.TRUE.equals(g.getValue("leap_table_expired"))) problems.add("leap-seconds.list expired");
    }

    private static void keys(StringBuilder b, JsonObject k) {
        if (k == null) {
            line(b, "keys", "- (not reported)");
            return;
        }
        line(b, "keys", "current " + text(k.getValue("current_id")) + ", period " + text(k.getValue("current_period"))
                + " (every " + text(k.getValue("period_seconds")) + " s), next rotation "
                + text(k.getValue("next_rotation")));
        JsonArray live = k.getValue("live") instanceof JsonArray a ? a : new JsonArray();
        b.append(String.format(Locale.ROOT, "  %-10s %-9s %4s %8s  %s%n", "key ID", "role", "slot", "period", "age"));
        for (Object o : live) {
            if (!(o instanceof JsonObject e)) continue;
            Long age = number(e.getValue("age_seconds"));
            b.append(String.format(Locale.ROOT, "  %-10s %-9s %4s %8s  %s%n", text(e.getValue("id")),
                    text(e.getValue("role")), text(e.getValue("slot")), text(e.getValue("period")),
                    age == null ? "-" : age < 0 ? "starts in " + duration(-age) : duration(age)));
        }
    }

    private static void certificates(StringBuilder b, JsonObject certs, Instant now, List<String> problems) {
        if (certs == null || certs.isEmpty()) {
            line(b, "certificate", "none (no NTS-KE listener)");
            return;
        }
        for (String listener : certs.fieldNames()) {
            JsonObject c = object(certs, listener);
            if (c == null) continue;
            line(b, "certificate", listener + ": " + text(c.getValue("subject")) + " (" + text(c.getValue("key")) + ")");
            Instant notAfter = instant(c.getValue("not_after"));
            String expiry;
            if (notAfter == null) {
                expiry = "not after " + text(c.getValue("not_after"));
            } else {
                long left = Duration.between(now, notAfter).toSeconds();
                long days = Math.floorDiv(left, 86_400L);
                expiry = "not after " + notAfter + (left < 0 ? " (EXPIRED " + duration(-left) + " ago)"
                        : " (" + days + " day" + (days == 1 ? "" : "s") + " left)");
                if (left < 0) {
                    problems.add("certificate " + listener + " expired");
                } else if (left < CERTIFICATE_WARNING.toSeconds()) {
                    expiry += "  WARNING: renew it";
                    problems.add("certificate " + listener + " expires in " + days + " day" + (days == 1 ? "" : "s"));
                }
            }
            line(b, "", expiry);
            boolean ok = !Boolean.FALSE.equals(c.getValue("last_reload_ok"));
            String attempt = c.getValue("last_reload_attempt") == null ? "no reload since start"
                    : "last reload " + (ok ? "ok" : "FAILED") + " at " + text(c.getValue("last_reload_attempt"))
                            + (ok ? "" : ": " + text(c.getValue("last_reload_error")));
            line(b, "", "loaded " + text(c.getValue("loaded_at")) + ", " + text(c.getValue("reloads")) + " reloads, "
                    + text(c.getValue("reload_failures")) + " failed; " + attempt);
            if (!ok) problems.add("certificate " + listener + ": last reload failed (old pair still served)");
        }
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-14s%s%n", label.isEmpty() ? "" : label + ":", value));
    }

    private static JsonObject object(JsonObject o, String key) {
        return o.getValue(key) instanceof JsonObject j ? j : null;
    }

    private static String text(Object v) {
        return v == null ? "-" : v.toString();
    }

    private static Long number(Object v) {
        return v instanceof Number n ? n.longValue() : null;
    }

    private static Instant instant(Object v) {
        if (!(v instanceof String s)) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String seconds(Object v) {
        if (!(v instanceof Number n)) return "-";
        double s = n.doubleValue();
        double a = Math.abs(s);
        if (a != 0 && a < 1e-6) return String.format(Locale.ROOT, "%+.1f ns", s * 1e9);
        if (a != 0 && a < 1e-3) return String.format(Locale.ROOT, "%+.1f us", s * 1e6);
        if (a < 1) return String.format(Locale.ROOT, "%+.3f ms", s * 1e3);
        return String.format(Locale.ROOT, "%.0f s", s);
    }

    private static String holdover(Object v) {
        if (!(v instanceof Number n)) return "-";
        return n.doubleValue() <= 0 ? "none" : duration(Math.round(n.doubleValue()));
    }

    private static String ppb(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%+.1f ppb", n.doubleValue()) : "-";
    }

    /** "3 d 4 h", "2 h 5 min", "42 s". */
    static String duration(long s) {
        if (s >= 86_400) return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
        if (s >= 3600) return s / 3600 + " h " + (s % 3600) / 60 + " min";
        if (s >= 60) return s / 60 + " min " + s % 60 + " s";
        return s + " s";
    }
}
