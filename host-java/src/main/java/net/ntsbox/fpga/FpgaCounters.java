package net.ntsbox.fpga;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import net.ntsbox.server.StepOutcome;

/**
 * Reads the FPGA's datapath counters (CNT block, one consistent snapshot) and key-use
 * counters (KMEM block, another) under the names the software datapath uses: a counter that
 * is exactly one {@link StepOutcome} carries that outcome's metric name
 * ({@code nts_response}, {@code nak_bad_cookie}, ...); the frontend drop reasons, which the
 * software path leaves to the kernel, keep their register names ({@code drop_bad_fcs}, ...);
 * the hardware's coarser groups get their own names ({@code drop_bad_ntp},
 * {@code drop_nts_malformed}).
 */
public final class FpgaCounters {
    /** Metric name of each CNT counter, in Registers.CNT_IDX_* order. */
    public static final List<String> NAMES;

    static {
        String[] n = new String[FpgaDevice.CNT_COUNTERS];
        for (int i = 0; i < n.length; i++) n[i] = Registers.CNT_NAMES.get(i).toLowerCase(Locale.ROOT);
        n[Registers.CNT_IDX_NTS_OK] = metric(StepOutcome.NTS_RESPONSE);
        n[Registers.CNT_IDX_NTP_SERVED] = metric(StepOutcome.PLAIN_RESPONSE);
        n[Registers.CNT_IDX_NTS_NAK_BAD_COOKIE] = metric(StepOutcome.NAK_BAD_COOKIE);
        n[Registers.CNT_IDX_NTS_NAK_BAD_TAG] = metric(StepOutcome.NAK_BAD_AUTHENTICATOR);
        n[Registers.CNT_IDX_NTS_UNKNOWN_KEY] = metric(StepOutcome.NAK_UNKNOWN_KEY);
        n[Registers.CNT_IDX_NTS_DROP_MALFORMED] = "drop_nts_malformed";
        NAMES = List.of(n);
    }

    private final FpgaDevice dev;

    public FpgaCounters(FpgaDevice dev) { this.dev = dev; }

    /** One snapshot; clear = read-and-clear (no event lost between the read and the clear). */
    public Snapshot snapshot(boolean clear) { return new Snapshot(dev.counterWords(clear)); }

    static String metric(StepOutcome o) { return o.name().toLowerCase(Locale.ROOT); }

    /** The CNT index of the counter that counts exactly outcome o, or -1 (none, or a coarser group). */
    public static int indexOf(StepOutcome o) {
        return switch (o) {
            case NTS_RESPONSE -> Registers.CNT_IDX_NTS_OK;
            case PLAIN_RESPONSE -> Registers.CNT_IDX_NTP_SERVED;
            case NAK_BAD_COOKIE -> Registers.CNT_IDX_NTS_NAK_BAD_COOKIE;
            case NAK_BAD_AUTHENTICATOR -> Registers.CNT_IDX_NTS_NAK_BAD_TAG;
            case NAK_UNKNOWN_KEY -> Registers.CNT_IDX_NTS_UNKNOWN_KEY;
            default -> -1;
        };
    }

    /** The hardware counter an outcome is counted in: its own, or the group that contains it; null if none. */
    public static String hardwareCounterOf(StepOutcome o) {
        int i = indexOf(o);
        if (i >= 0) return NAMES.get(i);
        return switch (o) {
            case DROP_MALFORMED_PACKET, DROP_NOT_CLIENT_MODE -> "drop_bad_ntp";
            case DROP_MISSING_UID, DROP_DUPLICATE_UID, DROP_SHORT_UID, DROP_MISSING_COOKIE, DROP_DUPLICATE_COOKIE,
                 DROP_MISSING_AUTHENTICATOR, DROP_MALFORMED_AUTHENTICATOR -> "drop_nts_malformed";
            default -> null; // DROP_OUTPUT_TOO_SMALL: a software-only caller bug
        };
    }

    /** One read of all counters. */
    public static final class Snapshot {
        private final long[] w;

        Snapshot(long[] words) { this.w = words.clone(); }

        /** CNT counter by Registers.CNT_IDX_* index. */
        public long counter(int idx) {
            if (idx < 0 || idx >= FpgaDevice.CNT_COUNTERS) throw new IllegalArgumentException("counter index " + idx);
            return w[idx];
        }

        /** The counter of exactly this outcome, empty when the hardware has none or only a group. */
        public OptionalLong outcome(StepOutcome o) {
            int i = indexOf(o);
            return i < 0 ? OptionalLong.empty() : OptionalLong.of(w[i]);
        }

        /** Successful key lookups (decrypt and mint) of a slot since its key was committed. */
        public long keyUse(int slot) { return w[FpgaDevice.CNT_COUNTERS + slot]; }

        /** Decrypt lookups naming a key the key memory does not hold. */
        public long keyUnknown() { return w[FpgaDevice.CNT_COUNTERS + 4]; }

        /** Every counter by name (zeros included, so a dashboard sees a stable set). */
        public Map<String, Long> asMap() {
            Map<String, Long> m = new LinkedHashMap<>();
            for (int i = 0; i < FpgaDevice.CNT_COUNTERS; i++) m.put(NAMES.get(i), w[i]);
            for (int s = 0; s < 4; s++) m.put("key_use_slot_" + s, keyUse(s));
            m.put("key_unknown", keyUnknown());
            return m;
        }

        @Override public String toString() { return "FpgaCounters" + asMap(); }
    }
}
