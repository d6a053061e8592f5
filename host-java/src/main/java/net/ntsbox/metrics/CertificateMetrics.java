package net.ntsbox.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.ntsbox.tls.CertificateStatus;

/** TLS certificate expiry and reload metrics, one {@code listener} label per served certificate. */
public final class CertificateMetrics implements MetricsCollector {
    private final Map<String, Supplier<CertificateStatus>> byListener;

    /** @param byListener e.g. {"nts_ke": ntsKeWatcher::status, "management": mgmtWatcher::status} */
    public CertificateMetrics(Map<String, Supplier<CertificateStatus>> byListener) {
        this.byListener = new LinkedHashMap<>(byListener);
    }

    @Override
    public List<MetricFamily> collect() {
        MetricFamily.Builder expiry = MetricFamily.gauge("ntsbox_tls_certificate_expiry_timestamp_seconds",
                "notAfter of the leaf certificate in use, Unix time");
        MetricFamily.Builder loaded = MetricFamily.gauge("ntsbox_tls_certificate_loaded_timestamp_seconds",
                "When the certificate in use was loaded, Unix time");
        MetricFamily.Builder reloads = MetricFamily.counter("ntsbox_tls_certificate_reloads_total",
                "Certificate reload attempts after a file change, by result");
        MetricFamily.Builder lastOk = MetricFamily.gauge("ntsbox_tls_certificate_last_reload_success",
                "1 when the last reload attempt succeeded (or none was needed), 0 when the files in place are broken");
        for (Map.Entry<String, Supplier<CertificateStatus>> e : byListener.entrySet()) {
            CertificateStatus s = e.getValue().get();
            String l = e.getKey();
            expiry.add(seconds(s.notAfter()), "listener", l);
            loaded.add(seconds(s.loadedAt()), "listener", l);
            reloads.add(s.reloads(), "listener", l, "result", "ok");
            reloads.add(s.reloadFailures(), "listener", l, "result", "failed");
            lastOk.add(s.lastAttemptOk() ? 1 : 0, "listener", l);
        }
        return List.of(expiry.build(), loaded.build(), reloads.build(), lastOk.build());
    }

    static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}
