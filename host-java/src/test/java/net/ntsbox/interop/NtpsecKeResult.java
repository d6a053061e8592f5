package net.ntsbox.interop;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What NTPsec's log says about its last successful NTS-KE: "NTSc: Got 8 cookies, length 100,
 * aead=15." and "NTSc: Using port N" (absent when the server sent no Port record; ntpsec then
 * uses 123, gotcha G8).
 */
public record NtpsecKeResult(int cookies, int cookieLength, int aead, int ntpPort) {
    private static final Pattern GOT = Pattern.compile("NTSc: Got (\\d+) cookies, length (\\d+), aead=(\\d+)");
    private static final Pattern PORT = Pattern.compile("NTSc: Using port (\\d+)");
    private static final Pattern OK = Pattern.compile("NTS-KE req to \\S+ took [0-9.]+ sec, OK");

    static Optional<NtpsecKeResult> fromLog(String log) {
        if (!OK.matcher(log).find()) {
            return Optional.empty();
        }
        Matcher got = last(GOT, log);
        if (got == null) {
            return Optional.empty();
        }
        Matcher port = last(PORT, log);
        return Optional.of(new NtpsecKeResult(Integer.parseInt(got.group(1)), Integer.parseInt(got.group(2)), Integer.parseInt(got.group(3)),
                port == null ? 123 : Integer.parseInt(port.group(1))));
    }

    private static Matcher last(Pattern p, String text) {
        Matcher m = p.matcher(text);
        Matcher found = null;
        while (m.find()) {
            found = p.matcher(text);
            found.find(m.start());
        }
        return found;
    }
}
