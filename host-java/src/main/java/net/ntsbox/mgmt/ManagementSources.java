package net.ntsbox.mgmt;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.metrics.MetricRegistry;
import net.ntsbox.tls.CertificateStatus;

/**
 * What the management API reads (all at request time, none of it may block).
 *
 * @param version      the running version
 * @param started      process start
 * @param metrics      the registry {@code GET /metrics} scrapes
 * @param status       datapath kind and time-source state
 * @param keys         the cookie key ring (IDs, periods, slots are shown; key bytes never)
 * @param nowSeconds   Unix time in seconds, for key ages
 * @param certificates served certificates by listener name ("nts_ke", "management")
 * @param rotation     key rotation, or null when this server cannot rotate (then 501)
 */
public record ManagementSources(
        String version,
        Instant started,
        MetricRegistry metrics,
        StatusSource status,
        Supplier<KeyRing> keys,
        LongSupplier nowSeconds,
        Map<String, Supplier<CertificateStatus>> certificates,
        KeyRotationControl rotation) {

    public ManagementSources {
        if (version == null || started == null || metrics == null || status == null || keys == null || nowSeconds == null) {
            throw new IllegalArgumentException("version, started, metrics, status, keys and nowSeconds are required");
        }
        certificates = new LinkedHashMap<>(certificates == null ? Map.of() : certificates);
    }
}
