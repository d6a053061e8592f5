package net.ntsbox.mgmt;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * How the management HTTP API listens and whom it lets in.
 *
 * <p>No default credentials: with neither {@code tokenFile} nor {@code clientCaFile} the server
 * refuses to start, unless it is bound to a loopback address AND
 * {@code allowUnauthenticatedLoopback} is set (then every local user can read it, and change
 * it if {@code readWrite}). Off loopback, TLS is required (a bearer token in clear text on a
 * network is a credential handed out).
 *
 * @param bind                         address and port (port 0 picks a free one)
 * @param tokenFile                    file holding the bearer token (one line, at least 16
 *                                     characters, not readable by others), or null
 * @param clientCaFile                 PEM CA certificate(s) that sign accepted client
 *                                     certificates (needs TLS), or null
 * @param readWrite                    allow state-changing calls ({@code POST /api/v1/keys/rotate});
 *                                     otherwise they get 403
 * @param metricsUnauthenticated       {@code GET /metrics} needs no credentials (for Prometheus
 *                                     scrapers without them); the API still does
 * @param allowUnauthenticatedLoopback see above
 */
public record ManagementConfig(
        InetSocketAddress bind,
        Path tokenFile,
        Path clientCaFile,
        boolean readWrite,
        boolean metricsUnauthenticated,
        boolean allowUnauthenticatedLoopback) {

    public ManagementConfig {
        if (bind == null) {
            throw new IllegalArgumentException("management bind address required");
        }
    }

    /** Token-authenticated, read-only, metrics authenticated. */
    public static ManagementConfig withToken(InetSocketAddress bind, Path tokenFile) {
        return new ManagementConfig(bind, tokenFile, null, false, false, false);
    }

    public ManagementConfig withReadWrite(boolean rw) {
        return new ManagementConfig(bind, tokenFile, clientCaFile, rw, metricsUnauthenticated, allowUnauthenticatedLoopback);
    }

    public ManagementConfig withMetricsUnauthenticated(boolean open) {
        return new ManagementConfig(bind, tokenFile, clientCaFile, readWrite, open, allowUnauthenticatedLoopback);
    }

    public ManagementConfig withClientCa(Path ca) {
        return new ManagementConfig(bind, tokenFile, ca, readWrite, metricsUnauthenticated, allowUnauthenticatedLoopback);
    }
}
