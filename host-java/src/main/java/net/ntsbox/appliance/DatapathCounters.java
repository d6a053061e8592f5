package net.ntsbox.appliance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.server.StepOutcome;

/** Software datapath counters: one per {@link StepOutcome}, and NTS requests by the key slot of their cookie. */
public final class DatapathCounters {
    private final LongAdder[] outcomes = adders(StepOutcome.values().length);
    private final LongAdder[] slots = adders(RotationPolicy.SLOTS);

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) a[i] = new LongAdder();
        return a;
    }

    void count(StepOutcome o) { outcomes[o.ordinal()].increment(); }

    void countSlot(int slot) { slots[slot].increment(); }

    public long outcome(StepOutcome o) { return outcomes[o.ordinal()].sum(); }

    /** NTS requests (answered or NAKed by tag) whose cookie named a key in this slot (0-3). */
    public long slot(int slot) { return slots[slot].sum(); }

    /** Non-zero counters by name ("nts_response", "nak_unknown_key", "slot_2", ...). */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (StepOutcome o : StepOutcome.values()) {
            long v = outcome(o);
            if (v != 0) m.put(o.name().toLowerCase(java.util.Locale.ROOT), v);
        }
        for (int s = 0; s < slots.length; s++) {
            long v = slot(s);
            if (v != 0) m.put("slot_" + s, v);
        }
        return m;
    }

    @Override
    public String toString() { return "DatapathCounters" + snapshot(); }
}
