package net.ntsbox.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.keys.RotationPolicy;

/**
 * Counters of the software datapath's server step, shared by all its threads: one per
 * {@link StepOutcome}, and one per master-key slot whose key a request's cookie named (NTS
 * responses and NAKs by tag). The FPGA datapath reports the same names from its registers.
 */
public final class DatapathCounters {
    private final LongAdder[] outcomes = adders(StepOutcome.values().length);
    private final LongAdder[] slots = adders(RotationPolicy.SLOTS);

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) a[i] = new LongAdder();
        return a;
    }

    /** Counts one step; {@code usedKey} is {@link NtsServerStep#usedKey()} (null when no cookie named a live key). */
    public void record(StepOutcome outcome, MasterKey usedKey) {
        outcomes[outcome.ordinal()].increment();
        if (usedKey != null) slots[usedKey.slot()].increment();
    }

    public long outcome(StepOutcome o) { return outcomes[o.ordinal()].sum(); }

    /** Requests whose cookie named the key in hardware slot {@code slot} (0..3). */
    public long slot(int slot) { return slots[slot].sum(); }

    /** Every outcome with its count, zeros included. */
    public Map<StepOutcome, Long> snapshot() {
        Map<StepOutcome, Long> m = new EnumMap<>(StepOutcome.class);
        for (StepOutcome o : StepOutcome.values()) m.put(o, outcome(o));
        return m;
    }

    @Override
    public String toString() { return "DatapathCounters" + snapshot(); }
}
