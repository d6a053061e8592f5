package net.ntsbox.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code [management]}: the HTTP API and Prometheus endpoint (off unless {@code listen} is
 * set), and how often the NTS-KE certificate files are checked for a renewal.
 *
 * @param listen                       where the management API listens; empty = no API
 * @param tokenFile                    bearer token file (mode 0600 or stricter, ≥ 16 characters)
 * @param clientCa                     CA whose client certificates are accepted (TLS listener)
 * @param readWrite                    allow {@code POST /api/v1/keys/rotate}
 * @param metricsUnauthenticated       {@code GET /metrics} without credentials
 * @param allowUnauthenticatedLoopback no credentials at all, accepted only on loopback
 * @param certificateReload            poll interval of the certificate watcher; zero = never
 */
public record ManagementSettings(Optional<InetSocketAddress> listen, Optional<Path> tokenFile, Optional<Path> clientCa,
        boolean readWrite, boolean metricsUnauthenticated, boolean allowUnauthenticatedLoopback,
        Duration certificateReload) {

    public static final Duration DEFAULT_CERTIFICATE_RELOAD = Duration.ofSeconds(30);

    /** No management API; certificates checked every 30 s. */
    public static ManagementSettings defaults() {
        return new ManagementSettings(Optional.empty(), Optional.empty(), Optional.empty(), false, false, false,
                DEFAULT_CERTIFICATE_RELOAD);
    }
}
