package net.ntsbox.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.server.StepOutcome;

/**
 * Counters of the software datapath's server step, for datapaths that do not count outcomes
 * themselves (the FPGA driver reports its own map through {@link DatapathMetrics}'s suppliers):
 * one per {@link StepOutcome}, one per master-key slot a cookie was opened with.
 */
public final class DatapathCounters {
    private final LongAdder[] outcomes = new LongAdder[StepOutcome.values().length];
    private final LongAdder[] slots = new LongAdder[RotationPolicy.SLOTS];

    public DatapathCounters() {
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new LongAdder();
        }
    }

    /** Counts one step; {@code usedKey} is {@code NtsServerStep.usedKey()} (null when no cookie opened). */
    public void record(StepOutcome outcome, MasterKey usedKey) {
        outcomes[outcome.ordinal()].increment();
        if (usedKey != null) {
            slots[usedKey.slot()].increment();
        }
    }

    /** Every outcome with its count, zeros included. */
    public Map<StepOutcome, Long> snapshot() {
        Map<StepOutcome, Long> m = new EnumMap<>(StepOutcome.class);
        for (StepOutcome o : StepOutcome.values()) {
            m.put(o, outcomes[o.ordinal()].sum());
        }
        return m;
    }

    /** Cookies opened with the key in hardware slot {@code slot} (0..3). */
    public long keySlotUses(int slot) {
        return slots[slot].sum();
    }
}
