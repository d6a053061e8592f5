package net.ntsbox.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Listen addresses as written in the configuration: {@code 127.0.0.1:123}, {@code [::1]:123},
 * {@code 0.0.0.0:4460}, {@code [::]:4460}. Literals only: a server binds addresses, and a name
 * lookup at start would make the listen set depend on DNS.
 */
public final class HostPort {
    private HostPort() {}

    /** @throws IllegalArgumentException with a message saying what is wrong */
    public static InetSocketAddress parse(String s) {
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + s + "' is not [IPv6]:PORT");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + s + "' is not IPv4:PORT or [IPv6]:PORT");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        InetAddress addr;
        try {
            addr = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address literal");
        }
        if (s.startsWith("[") != (addr instanceof java.net.Inet6Address)) {
            throw new IllegalArgumentException("'" + s + "': IPv6 addresses go in brackets, IPv4 ones do not");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' is not a port number");
        }
        if (p < 0 || p > 0xFFFF) {
            throw new IllegalArgumentException("port " + p + " is out of range 0-65535");
        }
        return new InetSocketAddress(addr, p);
    }

    /** The inverse of {@link #parse}: {@code 127.0.0.1:123} or {@code [::1]:123}. */
    public static String format(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        int zone = h.indexOf('%');
        if (zone >= 0) h = h.substring(0, zone);
        return (a.getAddress() instanceof java.net.Inet6Address ? "[" + compress(h) + "]" : h) + ":" + a.getPort();
    }

    /** RFC 5952 style: the longest run (≥ 2) of zero groups becomes "::" (the JDK prints all 8 groups). */
    static String compress(String full) {
        String[] g = full.split(":", -1);
        if (g.length != 8) return full;
        int best = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j].equals("0")) j++;
            if (j - i > bestLen) { best = i; bestLen = j - i; }
            i = j == i ? i + 1 : j;
        }
        if (best < 0) return full;
        String head = String.join(":", java.util.Arrays.copyOfRange(g, 0, best));
        String tail = String.join(":", java.util.Arrays.copyOfRange(g, best + bestLen, 8));
        return head + "::" + tail;
    }
}
