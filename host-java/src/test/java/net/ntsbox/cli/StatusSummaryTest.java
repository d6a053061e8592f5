package net.ntsbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health rules and the rendering of {@code ntsbox status}, over hand-made status documents. */
class StatusSummaryTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static JsonObject doc(String state, Instant notAfter, Boolean lastReloadOk) {
        return new JsonObject()
                .put("version", "9.9.9").put("started", "2026-03-01T10:00:00Z").put("uptime_seconds", 7200)
                .put("datapath", "fpga")
                .put("time_source", new JsonObject().put("state", state).put("reference", "GPS").put("stratum", 1)
                        .put("offset_seconds", -2.5e-8).put("frequency_ppb", 12.25)
                        .put("holdover_seconds", "holdover".equals(state) ? 5400.0 : 0.0))
                .put("keys", new JsonObject().put("current_id", "0000abcd").put("current_period", 7)
                        .put("period_seconds", 86400).put("next_rotation", "2026-03-02T00:00:00Z")
                        .put("live", new JsonArray().add(new JsonObject().put("id", "0000abcd").put("slot", 3)
                                .put("role", "current").put("period", 7).put("age_seconds", 43200))
                                .add(new JsonObject().put("id", "c0ffee01").put("slot", 0).put("role", "imported")
                                        .putNull("period").putNull("age_seconds"))))
                .put("certificates", new JsonObject().put("nts_ke", new JsonObject()
                        .put("subject", "CN=time1.example.net").put("key", "EC P-256")
                        .put("not_after", notAfter.toString()).put("loaded_at", "2026-03-01T10:00:00Z")
                        .put("reloads", 2).put("reload_failures", lastReloadOk ? 0 : 1)
                        .put("last_reload_attempt", "2026-03-01T11:00:00Z").put("last_reload_ok", lastReloadOk)
                        .put("last_reload_error", lastReloadOk ? null : "key does not match the certificate")))
                .put("management", new JsonObject().put("read_only", true).put("rotation_available", false));
    }

    static StatusSummary.Result of(JsonObject d) {
        return StatusSummary.of(d, "https://time1:9123", NOW);
    }

    @Test
    void lockedWithALongValidCertificateIsHealthy() {
        var r = of(doc("locked", NOW.plus(Duration.ofDays(60)), true));
        assertEquals(List.of(), r.problems(), r.text());
        for (String s : new String[] {"ntsbox 9.9.9 at https://time1:9123", "2 h 0 min", "datapath:     fpga",
            "locked, stratum 1, reference GPS", "offset -25.0 ns", "frequency +12.3 ppb",
            "holdover none", "0000abcd   current      3        7  12 h 0 min", "c0ffee01   imported     0        -  -",
            "CN=time1.example.net (EC P-256)", "(60 days left)", "last reload ok", "read-only\n", "health:       OK"}) {
            assertTrue(r.text().contains(s), "'" + s + "' in\n" + r.text());
        }
    }

    @Test
    void everyDegradationIsNamed() {
        assertEquals(List.of("clock in holdover (reference lost)"),
                of(doc("holdover", NOW.plus(Duration.ofDays(60)), true)).problems());
        assertTrue(of(doc("holdover", NOW.plus(Duration.ofDays(60)), true)).text().contains("holdover 1 h 30 min"));
        assertEquals(List.of("clock unsynchronized"), of(doc("unsynchronized", NOW.plus(Duration.ofDays(60)), true)).problems());
        assertEquals(List.of("clock acquiring (not locked yet)"), of(doc("acquiring", NOW.plus(Duration.ofDays(60)), true)).problems());
        var soon = of(doc("locked", NOW.plus(Duration.ofDays(13)).plusSeconds(3600), true));
        assertEquals(List.of("certificate nts_ke expires in 13 days"), soon.problems(), soon.text());
        assertTrue(soon.text().contains("WARNING: renew it"), soon.text());
        assertEquals(List.of(), of(doc("locked", NOW.plus(Duration.ofDays(14)), true)).problems(), "14 days is fine");
        var expired = of(doc("locked", NOW.minus(Duration.ofHours(2)), true));
        assertEquals(List.of("certificate nts_ke expired"), expired.problems());
        assertTrue(expired.text().contains("EXPIRED 2 h 0 min ago"), expired.text());
        var failed = of(doc("locked", NOW.plus(Duration.ofDays(60)), false));
        assertEquals(List.of("certificate nts_ke: last reload failed (old pair still served)"), failed.problems());
        assertTrue(failed.text().contains("last reload FAILED at 2026-03-01T11:00:00Z: key does not match"), failed.text());
        var all = of(doc("holdover", NOW.plus(Duration.ofDays(1)), false));
        assertEquals(3, all.problems().size(), all.text());
        assertTrue(all.text().contains("health:       DEGRADED: clock in holdover"), all.text());
    }

    @Test
    void aSparseOrStrangeDocumentStillRenders() {
        var r = of(new JsonObject().put("version", "x").put("time_source", new JsonObject().put("state", "locked"))
                .put("keys", new JsonObject().put("live", "not a list")).put("certificates", new JsonObject()));
        assertTrue(r.healthy(), r.text());
        assertTrue(r.text().contains("uptime:       - (since -)"), r.text());
        assertTrue(r.text().contains("certificate:  none"), r.text());
        var noClock = of(new JsonObject().put("version", "x"));
        assertEquals(List.of("no time source state reported"), noClock.problems());
        var badDate = of(doc("locked", NOW, true).put("certificates", new JsonObject().put("nts_ke",
                new JsonObject().put("not_after", "tomorrow"))));
        assertTrue(badDate.text().contains("not after tomorrow"), badDate.text());
    }
}
