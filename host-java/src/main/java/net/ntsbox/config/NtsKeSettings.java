package net.ntsbox.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code [nts_ke]}: the NTS-KE TLS server.
 *
 * @param cert      certificate chain (PEM); empty with {@code key} empty: a self-signed certificate in the state dir
 * @param aeads     AEADs offered; the client's order decides which one is used
 * @param ntpServer value of an NTPv4 Server record, if one is to be sent
 * @param ntpPort   NTP port to advertise; empty: the first NTP listen port
 * @param enabled   false: no NTS-KE listener (an NTP-only member of a cluster; another appliance hands out cookies)
 */
public record NtsKeSettings(List<InetSocketAddress> listen, Optional<Path> cert, Optional<Path> key, int cookies,
        Duration deadline, int maxConnections, double ratePerSecond, int rateBurst, List<Integer> aeads,
        Optional<String> ntpServer, OptionalInt ntpPort, boolean enabled) {
    public NtsKeSettings {
        listen = List.copyOf(listen);
        aeads = List.copyOf(aeads);
    }
}
