package net.ntsbox.interop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One source's block of {@code chronyc -n ntpdata}, parsed by field name ("Key : value" lines)
 * so that reordered or added fields do not break it.
 *
 * @param authenticated "Authenticated : Yes": the last response passed NTS (or SK) checks
 * @param totalValidRx responses that passed all tests; for an NTS source chrony drops every
 *     response failing the NTS checks, so valid means authenticated
 * @param fields every field of the block, by name, for assertion messages
 */
public record ChronyNtpData(String remoteAddress, int remotePort, int stratum, boolean authenticated, long totalTx, long totalRx,
        long totalValidRx, long totalGoodRx, String ntpTests, Map<String, String> fields) {

    static List<ChronyNtpData> parseAll(String text) {
        var out = new java.util.ArrayList<ChronyNtpData>();
        Map<String, String> cur = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            int colon = line.indexOf(':');
            if (line.isBlank() || colon < 0) {
                if (cur.containsKey("Remote address")) {
                    out.add(of(cur));
                }
                cur = new LinkedHashMap<>();
                continue;
            }
            String key = line.substring(0, colon).strip();
            if (key.equals("Remote address") && cur.containsKey("Remote address")) {
                out.add(of(cur));
                cur = new LinkedHashMap<>();
            }
            cur.put(key, line.substring(colon + 1).strip());
        }
        if (cur.containsKey("Remote address")) {
            out.add(of(cur));
        }
        return out;
    }

    private static ChronyNtpData of(Map<String, String> f) {
        String addr = f.getOrDefault("Remote address", "").split("\\s+")[0];
        return new ChronyNtpData(addr, (int) firstNumber(f.get("Remote port")), (int) firstNumber(f.get("Stratum")),
                "Yes".equals(f.get("Authenticated")), firstNumber(f.get("Total TX")), firstNumber(f.get("Total RX")),
                firstNumber(f.get("Total valid RX")), firstNumber(f.get("Total good RX")), f.getOrDefault("NTP tests", ""),
                Map.copyOf(f));
    }

    private static long firstNumber(String v) {
        if (v == null) {
            return -1;
        }
        return ChronyAuthData.lnum(v.split("\\s+")[0]);
    }
}
