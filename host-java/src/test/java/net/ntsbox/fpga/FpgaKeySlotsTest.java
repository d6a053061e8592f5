package net.ntsbox.fpga;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.keys.RotationPolicy;
import org.junit.jupiter.api.Test;

/**
 * Pushes a KeyRing into the csr_top model across rotations and checks, after every single
 * hardware write, that no key live both before and after the rotation ever stopped answering
 * (engine-port lookup with the exact key bytes) and that minting only ever used the old or the
 * new current key; after each sync the slot IDs, valid bits and current slot equal the ring.
 */
class FpgaKeySlotsTest {
    static final long EPOCH = 1_735_689_600L;
    static final long DAY = 86_400;

    static byte[] seed(long s) {
        byte[] b = new byte[32];
        new Random(s).nextBytes(b);
        return b;
    }

    /** Keys of the ring by slot, copied (the ring wipes keys that leave the window). */
    static List<MasterKey> live(KeyRing ring) {
        List<MasterKey> l = new ArrayList<>();
        for (MasterKey k : ring.slots()) if (k != null) l.add(new MasterKey(k.id(), k.keyBytes()));
        return l;
    }

    static final class Checker {
        final FpgaDevice dev;
        List<MasterKey> keep = List.of();
        Set<Integer> mintOk = Set.of();
        int steps;

        Checker(FpgaDevice dev) { this.dev = dev; }

        void expect(List<MasterKey> before, int oldCurrent, List<MasterKey> after, int newCurrent) {
            List<MasterKey> k = new ArrayList<>();
            for (MasterKey a : after) for (MasterKey b : before) if (a.sameAs(b)) k.add(a);
            keep = k;
            Set<Integer> m = new HashSet<>();
            if (oldCurrent != Integer.MIN_VALUE) m.add(oldCurrent);
            m.add(newCurrent);
            mintOk = m;
        }

        void afterStep(String what) {
            steps++;
            for (MasterKey k : keep) assertTrue(dev.simLookupMatches(k), "after '" + what + "': live key " + k + " lost");
            OptionalInt mint = dev.simMintKeyId();
            if (mint.isPresent()) {
                assertTrue(mintOk.contains(mint.getAsInt()), "after '" + what + "': minting with " + MasterKey.hexId(mint.getAsInt()));
            }
        }
    }

    static void assertMatches(FpgaDevice d, KeyRing ring) {
        FpgaDevice.KeySlotState hw = d.keySlots();
        MasterKey[] want = ring.slots();
        for (int s = 0; s < 4; s++) {
            if (want[s] == null) {
                assertFalse(hw.valid(s), "slot " + s + " should be empty: " + hw);
            } else {
                assertTrue(hw.valid(s) && hw.id(s) == want[s].id(), "slot " + s + ": " + hw + " vs " + want[s]);
                assertTrue(d.simLookupMatches(want[s]), "key bytes of " + want[s]);
            }
        }
        assertEquals(ring.current().slot(), hw.currentSlot());
        assertEquals(OptionalInt.of(ring.current().id()), d.simMintKeyId());
    }

    @Test
    void rotationsKeepEveryLiveKeyAnsweringAndSwitchMintingOnce() {
        try (FpgaDevice d = SimLibrary.openSim()) {
            Checker check = new Checker(d);
            FpgaKeySlots slots = new FpgaKeySlots(d, check::afterStep);
            KeyRing ring = KeyRing.fromSeed(seed(7), EPOCH, RotationPolicy.DEFAULT, EPOCH + 5);

            check.expect(List.of(), Integer.MIN_VALUE, live(ring), ring.current().id());
            List<String> first = slots.sync(ring);
            assertEquals(List.of("install slot 0 (00000000)", "install slot 1 (00000001)", "current slot 0 (00000000)"), first);
            assertMatches(d, ring);
            assertEquals(List.of(), slots.sync(ring), "a second sync in the same period writes nothing");

            long t = EPOCH + 5;
            long[] jumps = {1, 1, 1, 1, 1, 1, 1, 2, 3, 10, 1};
            for (long j : jumps) {
                List<MasterKey> before = live(ring);
                int oldCur = ring.current().id();
                t += j * DAY;
                ring.advanceTo(t);
                check.expect(before, oldCur, live(ring), ring.current().id());
                int stepsBefore = check.steps;
                List<String> steps = slots.sync(ring);
                assertEquals(steps.size(), check.steps - stepsBefore);
                assertMatches(d, ring);
                long p = ring.currentPeriod();
                if (j == 1 && p >= 3) {
                    // steady state: the new future key into the slot of the key that left, then switch
                    assertEquals(List.of("install slot " + ((p + 1) & 3) + " (" + MasterKey.hexId((int) (p + 1)) + ")",
                            "current slot " + (p & 3) + " (" + MasterKey.hexId((int) p) + ")"), steps, "period " + p);
                }
                if (j >= 4) {
                    // nothing carried over: the old minting slot is rewritten only after the switch
                    int cur = steps.indexOf("current slot " + (p & 3) + " (" + MasterKey.hexId((int) p) + ")");
                    assertTrue(cur >= 1, steps.toString());
                    assertEquals(5, steps.size(), steps.toString());
                }
            }

            // a restarted control plane (new FpgaKeySlots) rewrites each live slot once, same IDs
            FpgaKeySlots again = new FpgaKeySlots(d, check::afterStep);
            check.expect(live(ring), ring.current().id(), live(ring), ring.current().id());
            List<String> resync = again.sync(ring);
            assertEquals(5, resync.size(), resync.toString());
            assertMatches(d, ring);
        }
    }

    @Test
    void retiresSlotsTheRingNoLongerHasAndNeverLeavesAStaleCurrentKey() {
        try (FpgaDevice d = SimLibrary.openSim()) {
            // a stale key in slot 3, minting from it, as a previous run might have left the board
            MasterKey stale = new MasterKey(0x7777_7773, seed(99));
            d.installKey(stale);
            d.setCurrentSlot(3);
            KeyRing ring = KeyRing.fromSeed(seed(8), EPOCH, RotationPolicy.DEFAULT, EPOCH + DAY + 1); // period 1
            Checker check = new Checker(d);
            check.expect(List.of(), stale.id(), live(ring), ring.current().id());
            List<String> steps = new FpgaKeySlots(d, check::afterStep).sync(ring);
            assertTrue(steps.contains("retire slot 3 (77777773)"), steps.toString());
            assertTrue(steps.indexOf("current slot 1 (00000001)") < steps.indexOf("retire slot 3 (77777773)"), steps.toString());
            assertMatches(d, ring);
            assertFalse(d.simLookupMatches(stale));
        }
    }
}
