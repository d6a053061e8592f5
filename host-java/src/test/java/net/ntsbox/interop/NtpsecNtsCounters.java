package net.ntsbox.interop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NTPsec's NTS counters, {@code ntpq -c nts}, parsed by name ("Name: value" lines).
 *
 * @param clientSends NTS-authenticated requests sent
 * @param clientRecvsGood responses that passed the NTS checks: the authenticated-response count
 * @param clientRecvsBad responses that failed them
 * @param keClientProbesGood successful NTS-KE sessions
 */
public record NtpsecNtsCounters(long clientSends, long clientRecvsGood, long clientRecvsBad, long keClientProbesGood,
        long keClientProbesBad, Map<String, String> fields) {

    static NtpsecNtsCounters parse(String text) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        if (!f.containsKey("NTS client sends")) {
            throw new IllegalArgumentException("not 'ntpq -c nts' output: " + text);
        }
        return new NtpsecNtsCounters(get(f, "NTS client sends"), get(f, "NTS client recvs good"), get(f, "NTS client recvs w error"),
                get(f, "NTS KE client probes good"), get(f, "NTS KE client probes bad"), Map.copyOf(f));
    }

    private static long get(Map<String, String> f, String k) {
        return ChronyAuthData.lnum(f.getOrDefault(k, "-"));
    }
}
