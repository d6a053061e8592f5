package net.ntsbox.ke;

import java.util.List;
import java.util.Optional;

/**
 * What the NTS-KE server offers. {@code aeads}: supported AEAD ids in server preference order
 * (the choice itself follows the client's order, as chrony does; the server order is kept for
 * reporting and future tie-breaks). {@code ntpServer}: name or address to send in an NTPv4
 * Server record, if any. {@code ntpPort}: the NTP port; the Port record is sent when it is not
 * 123 (NTPsec clients assume 123 without it) or when {@code alwaysSendPort}.
 */
public record KeServerPolicy(
        List<Integer> aeads, Optional<String> ntpServer, int ntpPort, boolean alwaysSendPort, int cookieCount) {

    public static final int DEFAULT_NTP_PORT = 123;

    public KeServerPolicy {
        aeads = List.copyOf(aeads);
        if (aeads.isEmpty() || ntpPort < 1 || ntpPort > 0xFFFF || cookieCount < 1 || cookieCount > KeLimits.DEFAULT_COOKIES * 4) {
            throw new IllegalArgumentException("bad NTS-KE server policy");
        }
        for (int a : aeads) {
            if (a < 0 || a > 0xFFFF) {
                throw new IllegalArgumentException("AEAD id out of range: " + a);
            }
        }
        if (ntpServer.isPresent() && (ntpServer.get().isEmpty()
                || ntpServer.get().length() > KeLimits.MAX_RECORD_BODY_LENGTH
                || !ntpServer.get().chars().allMatch(c -> c > 0x20 && c < 0x7F))) {
            throw new IllegalArgumentException("NTPv4 server name must be 1-256 printable ASCII characters");
        }
    }

    /** Port 123, no Server record, 8 cookies. */
    public static KeServerPolicy of(List<Integer> aeads) {
        return new KeServerPolicy(aeads, Optional.empty(), DEFAULT_NTP_PORT, false, KeLimits.DEFAULT_COOKIES);
    }

    public KeServerPolicy withNtpPort(int port) {
        return new KeServerPolicy(aeads, ntpServer, port, alwaysSendPort, cookieCount);
    }

    public KeServerPolicy withNtpServer(String server) {
        return new KeServerPolicy(aeads, Optional.of(server), ntpPort, alwaysSendPort, cookieCount);
    }

    public KeServerPolicy withCookieCount(int n) {
        return new KeServerPolicy(aeads, ntpServer, ntpPort, alwaysSendPort, n);
    }

    public boolean sendsPortRecord() {
        return alwaysSendPort || ntpPort != DEFAULT_NTP_PORT;
    }
}
