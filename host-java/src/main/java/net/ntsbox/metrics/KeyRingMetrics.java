package net.ntsbox.metrics;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.keys.KeyRing;

/** Cookie master-key rotation state: which keys are live and when the next rotation is due. */
public final class KeyRingMetrics implements MetricsCollector {
    private final Supplier<KeyRing> ring;
    private final LongSupplier nowSeconds;

    /** @param nowSeconds Unix time in seconds (the clock the ring is advanced with) */
    public KeyRingMetrics(Supplier<KeyRing> ring, LongSupplier nowSeconds) {
        this.ring = ring;
        this.nowSeconds = nowSeconds;
    }

    @Override
    public List<MetricFamily> collect() {
        KeyRing r = ring.get();
        MetricFamily.Builder info = MetricFamily.gauge("ntsbox_nts_key_info",
                "Always 1 per live master key; labels give its ID, slot and role (no key material)");
        for (LiveKey k : LiveKey.of(r, nowSeconds.getAsLong())) {
            info.add(1, "key_id", k.id(), "slot", Integer.toString(k.slot()), "role", k.role());
        }
        long p = r.currentPeriod();
        return List.of(info.build(),
                MetricFamily.gauge("ntsbox_nts_key_period", "Rotation period of the current (minting) key")
                        .add(p).build(),
                MetricFamily.gauge("ntsbox_nts_key_next_rotation_timestamp_seconds",
                        "When the future key becomes current, Unix time").add(r.periodStart(p + 1)).build());
    }
}
