package net.ntsbox.mgmt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.metrics.ClockStatus;
import net.ntsbox.metrics.LiveKey;
import net.ntsbox.tls.CertificateStatus;

/** The {@code GET /api/v1/status} document. Times are ISO-8601 UTC; unknown numbers are null. */
final class StatusJson {
    private StatusJson() {}

    static JsonObject build(ManagementSources s, boolean readWrite) {
        long now = s.nowSeconds().getAsLong();
        JsonObject o = new JsonObject()
                .put("version", s.version())
                .put("started", s.started().toString())
                .put("uptime_seconds", Math.max(0, now - s.started().getEpochSecond()))
                .put("datapath", s.status().datapathKind())
                .put("time_source", clock(s.status().timeSource()))
                .put("keys", keys(s.keys().get(), now));
        net.ntsbox.metrics.GnssSourceStatus g = s.status().gnss();
        if (g != null) o.put("gnss", gnss(g));
        JsonObject certs = new JsonObject();
        for (Map.Entry<String, Supplier<CertificateStatus>> e : s.certificates().entrySet()) {
            certs.put(e.getKey(), certificate(e.getValue().get()));
        }
        o.put("certificates", certs);
        o.put("management", new JsonObject().put("read_only", !readWrite).put("rotation_available", s.rotation() != null));
        return o;
    }

    static JsonObject clock(ClockStatus c) {
        return new JsonObject()
                .put("state", c.state().label())
                .put("reference", c.reference())
                .put("stratum", c.stratum())
                .put("offset_seconds", finite(c.offsetSeconds()))
                .put("frequency_ppb", finite(c.frequencyPpb()))
                .put("holdover_seconds", finite(c.holdoverSeconds()));
    }

    static JsonObject gnss(net.ntsbox.metrics.GnssSourceStatus g) {
        return new JsonObject()
                .put("mode", g.mode())
                .put("source", g.source())
                .put("pps", g.pps())
                .put("connected", g.connected())
                .put("fix_valid", g.fixValid())
                .put("time_of_day_messages", g.timeOfDayMessages())
                .put("time_of_day_age_seconds", finite(g.timeOfDayAgeSeconds()))
                .put("source_failures", g.sourceFailures())
                .put("last_error", g.lastError())
                .put("pps_edges", g.ppsEdges())
                .put("host_offset_seconds", finite(g.hostOffsetSeconds()))
                .put("host_seconds_agree", g.hostSecondsAgree())
                .put("antenna_fault", g.antennaFault())
                .put("leap_table_expired", g.leapTableExpired());
    }

    static JsonObject keys(KeyRing ring, long now) {
        JsonArray live = new JsonArray();
        for (LiveKey k : LiveKey.of(ring, now)) {
            live.add(new JsonObject()
                    .put("id", k.id())
                    .put("slot", k.slot())
                    .put("role", k.role())
                    .put("period", k.period())
                    .put("start", k.startSeconds() == null ? null : Instant.ofEpochSecond(k.startSeconds()).toString())
                    .put("age_seconds", k.ageSeconds()));
        }
        long p = ring.currentPeriod();
        return new JsonObject()
                .put("current_id", ring.current().idHex())
                .put("current_period", p)
                .put("period_seconds", ring.policy().periodSeconds())
                .put("next_rotation", Instant.ofEpochSecond(ring.periodStart(p + 1)).toString())
                .put("live", live);
    }

    static JsonObject certificate(CertificateStatus c) {
        return new JsonObject()
                .put("file", c.certificateFile())
                .put("subject", c.subject())
                .put("issuer", c.issuer())
                .put("key", c.keyDescription())
                .put("not_before", c.notBefore().toString())
                .put("not_after", c.notAfter().toString())
                .put("loaded_at", c.loadedAt().toString())
                .put("generation", c.generation())
                .put("reloads", c.reloads())
                .put("reload_failures", c.reloadFailures())
                .put("last_check", c.lastCheckAt().toString())
                .put("last_reload_attempt", c.lastAttemptAt() == null ? null : c.lastAttemptAt().toString())
                .put("last_reload_ok", c.lastAttemptOk())
                .put("last_reload_error", c.lastError());
    }

    /** Jackson would write NaN as a bare token, which is not JSON. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
