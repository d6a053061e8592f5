package net.ntsbox.fpga;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.MasterKey;

/**
 * Keeps the FPGA key slots equal to a {@link KeyRing}'s live ratchet keys
 * ({@link KeyRing#slots()}: future, current, past keys, indexed by slot = low 2 bits of the ID).
 *
 * <p>Order of one {@link #sync} (each step is one atomic slot commit or register write):
 * <ol>
 *   <li>install the ring's current key if its slot does not hold it yet (normally it does: it
 *       was the future key), then every other changed slot except the one the hardware is
 *       minting from — in a rotation that is the new future key, into the slot of the key that
 *       just left the window;</li>
 *   <li>switch KMEM_CURRENT to the ring's current key;</li>
 *   <li>install the slot that was current before, if it changed (only after a jump of several
 *       periods), and retire valid slots for which the ring has no key.</li>
 * </ol>
 * A slot is only ever overwritten when the hardware key in it is not live in the ring (checked
 * against the IDs read back before each write); the minting slot is never overwritten with a
 * key other than the new current one. Because key bits cannot be read back, the first sync
 * after attaching rewrites every live slot once (same ID; a commit is atomic, so a lookup sees
 * either copy); later syncs write only slots whose key changed.
 *
 * <p>Keys imported from chrony ({@link KeyRing#importedSlots()}) are software-only and never
 * pushed: the 4 hardware slots belong to the ratchet keys.
 */
public final class FpgaKeySlots {
    private final FpgaDevice dev;
    private final Consumer<String> stepListener;
    private final MasterKey[] installed = new MasterKey[4];
    private boolean attached;

    public FpgaKeySlots(FpgaDevice dev) { this(dev, s -> {}); }

    /** stepListener sees a description of each hardware write (IDs and slots only) after it happened. */
    public FpgaKeySlots(FpgaDevice dev, Consumer<String> stepListener) {
        this.dev = dev;
        this.stepListener = stepListener;
    }

    /** Brings the hardware slots to ring's live keys; returns the steps taken (empty: nothing to do). */
    public synchronized List<String> sync(KeyRing ring) {
        MasterKey[] want = ring.slots();
        MasterKey current = ring.current();
        Set<Integer> live = new HashSet<>();
        for (MasterKey k : want) if (k != null) live.add(k.id());
        List<String> steps = new ArrayList<>();

        FpgaDevice.KeySlotState hw = dev.keySlots();
        int minting = hw.currentSlot();
        int cur = current.slot();
        if (needs(want, hw, cur)) install(want[cur], current, live, steps);
        for (int s = 0; s < 4; s++) {
            if (s != cur && (s != minting || minting == cur) && want[s] != null && needs(want, dev.keySlots(), s)) {
                install(want[s], current, live, steps);
            }
        }
        if (!attached || minting != cur) {
            dev.setCurrentSlot(cur);
            step(steps, "current slot " + cur + " (" + current.idHex() + ")");
        }
        if (minting != cur && want[minting] != null && needs(want, dev.keySlots(), minting)) {
            install(want[minting], current, live, steps);
        }
        hw = dev.keySlots();
        for (int s = 0; s < 4; s++) {
            if (want[s] == null && hw.valid(s)) {
                dev.retireSlot(s);
                installed[s] = null;
                step(steps, "retire slot " + s + " (" + MasterKey.hexId(hw.id(s)) + ")");
            }
        }
        attached = true;
        verify(want, cur);
        return steps;
    }

    private boolean needs(MasterKey[] want, FpgaDevice.KeySlotState hw, int s) {
        MasterKey k = want[s];
        return k != null && (!hw.valid(s) || hw.id(s) != k.id() || installed[s] == null || !installed[s].sameAs(k));
    }

    private void install(MasterKey k, MasterKey current, Set<Integer> live, List<String> steps) {
        int s = k.slot();
        FpgaDevice.KeySlotState hw = dev.keySlots();
        if (hw.valid(s) && hw.id(s) != k.id() && live.contains(hw.id(s))) {
            throw new IllegalStateException("slot " + s + " holds live key " + MasterKey.hexId(hw.id(s))
                    + "; refusing to overwrite it with " + k.idHex());
        }
        if (hw.currentSlot() == s && hw.valid(s) && k.id() != current.id()) {
            throw new IllegalStateException("slot " + s + " is minting; refusing to overwrite it with " + k.idHex());
        }
        dev.installKey(k);
        installed[s] = k;
        step(steps, "install slot " + s + " (" + k.idHex() + ")");
    }

    private void step(List<String> steps, String what) {
        steps.add(what);
        stepListener.accept(what);
    }

    private void verify(MasterKey[] want, int cur) {
        FpgaDevice.KeySlotState hw = dev.keySlots();
        for (int s = 0; s < 4; s++) {
            boolean ok = want[s] == null ? !hw.valid(s) : hw.valid(s) && hw.id(s) == want[s].id();
            if (!ok) throw new IllegalStateException("key slots after sync: " + hw + " do not match the ring");
        }
        if (hw.currentSlot() != cur) throw new IllegalStateException("current slot is " + hw.currentSlot() + ", wanted " + cur);
    }
}
