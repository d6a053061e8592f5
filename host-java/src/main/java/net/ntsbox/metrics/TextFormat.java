package net.ntsbox.metrics;

import java.util.List;

/** The Prometheus text exposition format, version 0.0.4. */
public final class TextFormat {
    /** The Content-Type of a scrape response. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private TextFormat() {}

    public static String write(List<MetricFamily> families) {
        StringBuilder out = new StringBuilder(4096);
        for (MetricFamily f : families) {
            write(f, out);
        }
        return out.toString();
    }

    static void write(MetricFamily f, StringBuilder out) {
        out.append("# HELP ").append(f.name()).append(' ');
        escape(f.help(), false, out);
        out.append('\n');
        out.append("# TYPE ").append(f.name()).append(' ').append(f.type().text()).append('\n');
        for (Sample s : f.samples()) {
            out.append(s.name());
            List<String> l = s.labels();
            if (!l.isEmpty()) {
                out.append('{');
                for (int i = 0; i < l.size(); i += 2) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append(l.get(i)).append("=\"");
                    escape(l.get(i + 1), true, out);
                    out.append('"');
                }
                out.append('}');
            }
            out.append(' ').append(number(s.value())).append('\n');
        }
    }

    /** HELP text escapes backslash and newline; label values also the double quote. */
    static void escape(String text, boolean labelValue, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(labelValue ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** Integers without a fraction, others as Java doubles (Go's ParseFloat reads both), ±Inf, NaN. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
