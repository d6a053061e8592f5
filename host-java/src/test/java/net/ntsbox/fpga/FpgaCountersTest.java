package net.ntsbox.fpga;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import net.ntsbox.server.StepOutcome;
import org.junit.jupiter.api.Test;

class FpgaCountersTest {
    @Test
    void snapshotCarriesTheSoftwareDatapathNames() {
        try (FpgaDevice d = SimLibrary.openSim()) {
            long seed = System.nanoTime();
            Random r = new Random(seed);
            long[] want = new long[FpgaDevice.CNT_COUNTERS];
            for (int i = 0; i < want.length; i++) {
                want[i] = r.nextInt(200);
                d.simCount(i, (int) want[i]);
            }
            FpgaCounters c = new FpgaCounters(d);
            FpgaCounters.Snapshot s = c.snapshot(true);
            Map<String, Long> m = s.asMap();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], s.counter(i), "seed " + seed + " counter " + i);
                assertEquals(want[i], m.get(FpgaCounters.NAMES.get(i)), "seed " + seed);
            }
            assertEquals(want[Registers.CNT_IDX_NTS_OK], m.get("nts_response"));
            assertEquals(want[Registers.CNT_IDX_NTP_SERVED], m.get("plain_response"));
            assertEquals(want[Registers.CNT_IDX_NTS_NAK_BAD_TAG], s.outcome(StepOutcome.NAK_BAD_AUTHENTICATOR).getAsLong());
            assertEquals(want[Registers.CNT_IDX_NTS_UNKNOWN_KEY], m.get("nak_unknown_key"));
            assertEquals(want[Registers.CNT_IDX_DROP_BAD_FCS], m.get("drop_bad_fcs"));
            assertTrue(s.outcome(StepOutcome.DROP_MISSING_UID).isEmpty());
            assertEquals("drop_nts_malformed", FpgaCounters.hardwareCounterOf(StepOutcome.DROP_SHORT_UID));
            assertEquals("drop_bad_ntp", FpgaCounters.hardwareCounterOf(StepOutcome.DROP_NOT_CLIENT_MODE));
            assertEquals(FpgaCounters.NAMES.size(), new HashSet<>(FpgaCounters.NAMES).size(), "names are unique");
            for (StepOutcome o : StepOutcome.values()) {
                String hw = FpgaCounters.hardwareCounterOf(o);
                if (hw != null) assertTrue(m.containsKey(hw), o + " -> " + hw);
            }
            // read-and-clear: the next snapshot shows only what happened since
            d.simCount(Registers.CNT_IDX_RX_FRAMES, 7);
            FpgaCounters.Snapshot s2 = c.snapshot(false);
            for (int i = 0; i < want.length; i++) assertEquals(i == Registers.CNT_IDX_RX_FRAMES ? 7 : 0, s2.counter(i));
            assertEquals(0, s2.keyUnknown());
        }
    }
}
