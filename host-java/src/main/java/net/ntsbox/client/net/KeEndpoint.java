package net.ntsbox.client.net;

import java.util.Optional;

/**
 * A {@code HOST[:PORT]} argument: a name, an IPv4 literal, a bare IPv6 literal (no port), or
 * {@code [IPv6]:PORT}. {@code isIpLiteral}: certificates are then checked against IP SANs and
 * no SNI is sent (RFC 6066 §3 forbids literals in SNI).
 */
public record KeEndpoint(String host, int port, boolean isIpLiteral) {
    public static final int DEFAULT_KE_PORT = 4460;

    /** Parses the argument, or returns empty when it is not a host with an optional port 1-65535. */
    public static Optional<KeEndpoint> parse(String arg, int defaultPort) {
        if (arg == null || arg.isEmpty()) return Optional.empty();
        String host = arg;
        int port = defaultPort;
        if (arg.startsWith("[")) {
            int close = arg.indexOf(']');
            if (close < 0) return Optional.empty();
            host = arg.substring(1, close);
            String rest = arg.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) return Optional.empty();
                port = parsePort(rest.substring(1));
            }
            if (!isIpv6Literal(host)) return Optional.empty();
        } else if (arg.indexOf(':') != arg.lastIndexOf(':')) {
            if (!isIpv6Literal(arg)) return Optional.empty(); // bare IPv6, no port
        } else if (arg.indexOf(':') >= 0) {
            host = arg.substring(0, arg.indexOf(':'));
            port = parsePort(arg.substring(arg.indexOf(':') + 1));
        }
        if (port < 1 || host.isEmpty() || !host.chars().allMatch(c -> c > 0x20 && c < 0x7F)) return Optional.empty();
        return Optional.of(new KeEndpoint(host, port, isIpv4Literal(host) || isIpv6Literal(host)));
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) return -1;
        int p = Integer.parseInt(s);
        return p <= 0xFFFF ? p : -1;
    }

    static boolean isIpv4Literal(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6Literal(String h) {
        return h.indexOf(':') >= 0 && h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
                && !h.contains(":::");
    }

    /** host:port, with brackets for IPv6. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
