package net.ntsbox.interop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chronyc serverstats} of a chrony server, parsed by field name.
 *
 * @param ntsKeAccepted "NTS-KE connections accepted": how many NTS-KE sessions clients opened
 * @param authenticatedNtpPackets "Authenticated NTP packets": NTS-authenticated requests served
 */
public record ChronyServerStats(long ntpPacketsReceived, long ntpPacketsDropped, long ntsKeAccepted, long ntsKeDropped,
        long authenticatedNtpPackets, Map<String, String> fields) {

    static ChronyServerStats parse(String text) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        if (!f.containsKey("NTS-KE connections accepted")) {
            throw new IllegalArgumentException("not serverstats output: " + text);
        }
        return new ChronyServerStats(get(f, "NTP packets received"), get(f, "NTP packets dropped"), get(f, "NTS-KE connections accepted"),
                get(f, "NTS-KE connections dropped"), get(f, "Authenticated NTP packets"), Map.copyOf(f));
    }

    private static long get(Map<String, String> f, String k) {
        return ChronyAuthData.lnum(f.getOrDefault(k, "-"));
    }
}
