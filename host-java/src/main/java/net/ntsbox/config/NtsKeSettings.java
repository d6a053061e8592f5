package net.ntsbox.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.ntsbox.tls.nativecrypto.KeCryptoMode;

/**
 * {@code [nts_ke]}: the NTS-KE TLS server.
 *
 * @param cert      certificate chain (PEM); empty with {@code key} empty: a self-signed certificate in the state dir
 * @param aeads     AEADs offered; the client's order decides which one is used
 * @param ntpServer value of an NTPv4 Server record, if one is to be sent
 * @param ntpPort   NTP port to advertise; empty: the first NTP listen port
 * @param enabled   false: no NTS-KE listener (an NTP-only member of a cluster; another appliance hands out cookies)
 * @param crypto    who does the TLS handshake's X25519 and ECDSA P-256 operations (docs/performance.md)
 */
public record NtsKeSettings(List<InetSocketAddress> listen, Optional<Path> cert, Optional<Path> key, int cookies,
        Duration deadline, int maxConnections, double ratePerSecond, int rateBurst, List<Integer> aeads,
        Optional<String> ntpServer, OptionalInt ntpPort, boolean enabled, KeCryptoMode crypto) {
    public NtsKeSettings {
        listen = List.copyOf(listen);
        aeads = List.copyOf(aeads);
        java.util.Objects.requireNonNull(crypto, "crypto");
    }

    /** With {@code crypto = "auto"}. */
    public NtsKeSettings(List<InetSocketAddress> listen, Optional<Path> cert, Optional<Path> key, int cookies,
            Duration deadline, int maxConnections, double ratePerSecond, int rateBurst, List<Integer> aeads,
            Optional<String> ntpServer, OptionalInt ntpPort, boolean enabled) {
        this(listen, cert, key, cookies, deadline, maxConnections, ratePerSecond, rateBurst, aeads, ntpServer, ntpPort,
                enabled, KeCryptoMode.AUTO);
    }
}
