package net.ntsbox.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live cookie master keys of one server, derived from the cluster ratchet: one future
 * key (period n+1), the current key (n, the only one used to mint) and
 * {@link RotationPolicy#pastKeys()} past keys (n-1, n-2). Period n covers
 * [epoch + n·period, epoch + (n+1)·period). Key IDs are period numbers mod 2^32, so the
 * low 2 bits (the hardware slot) of the ≤ 4 live ratchet keys are 4 consecutive residues:
 * never two in one slot.
 *
 * <p>Keys imported from chrony sit in a second, software-only bank of 4 slots (also indexed
 * by the low 2 bits; chrony's own 4 keys have consecutive low bits) and are accepted, never
 * minted with, until they age out like a key that was current at import time.
 *
 * <p>Time is passed in. {@link #lookup} and {@link #current} read an immutable snapshot and
 * never block; {@link #advanceTo}, imports and {@link #state} are serialized.
 */
public final class KeyRing implements KeyLookup {
    private final long epochSeconds;
    private final RotationPolicy policy;
    private final int past;
    private final KeyRatchet ratchet;
    private final TreeMap<Long, MasterKey> keys = new TreeMap<>();
    private final MasterKey[] importedSlots = new MasterKey[RotationPolicy.SLOTS];
    private final long[] importedLastPeriod = new long[RotationPolicy.SLOTS];
    private long currentPeriod;
    private volatile Live live;

    /** Immutable view used by the hot path. */
    private record Live(long period, MasterKey current, MasterKey[] slots, MasterKey[] imported) {}

    private KeyRing(long epochSeconds, RotationPolicy policy, KeyRatchet ratchet) {
        this.epochSeconds = epochSeconds;
        this.policy = policy;
        this.past = policy.pastKeys();
        this.ratchet = ratchet;
    }

    /**
     * The ring every appliance sharing {@code seed} and {@code epochSeconds} derives for time
     * {@code nowSeconds}. The caller should erase its copy of the seed afterwards: whoever
     * holds the seed can recompute every key.
     */
    public static KeyRing fromSeed(byte[] seed, long epochSeconds, RotationPolicy policy, long nowSeconds) {
        if (nowSeconds < epochSeconds) {
            throw new IllegalArgumentException("time " + nowSeconds + " is before the ratchet epoch " + epochSeconds);
        }
        KeyRing ring = new KeyRing(epochSeconds, policy, KeyRatchet.fromSeed(seed));
        long p = ring.periodAt(nowSeconds);
        long first = Math.max(0, p - ring.past);
        while (ring.ratchet.period() < first) ring.ratchet.advance();
        ring.currentPeriod = p;
        ring.fill(p);
        ring.publish();
        return ring;
    }

    /** Rebuilds a ring from persisted state and brings it forward to {@code nowSeconds}. */
    public static KeyRing restore(KeyRingState s, long nowSeconds) {
        long current = s.ratchetPeriod() - 1;
        if (current < 0) throw new IllegalArgumentException("ratchet period must be at least 1");
        KeyRing ring = new KeyRing(s.epochSeconds(), s.policy(), new KeyRatchet(s.ratchetPeriod(), s.ratchetState()));
        for (KeyRingState.RetainedKey k : s.retained()) {
            if (k.period() > current || k.period() < current - ring.past) {
                throw new IllegalArgumentException("retained key of period " + k.period()
                        + " is outside the window of period " + current);
            }
            if (k.key().id() != (int) k.period()) {
                throw new IllegalArgumentException("retained key " + k.key().idHex() + " does not match period " + k.period());
            }
            if (ring.keys.put(k.period(), k.key()) != null) {
                throw new IllegalArgumentException("two retained keys for period " + k.period());
            }
        }
        if (!ring.keys.containsKey(current)) throw new IllegalArgumentException("no key for the current period " + current);
        ring.currentPeriod = current;
        ring.fill(current);
        for (KeyRingState.ImportedKey k : s.imported()) ring.addImported(k.key(), k.lastPeriod());
        ring.publish();
        ring.advanceTo(nowSeconds);
        return ring;
    }

    public long epochSeconds() { return epochSeconds; }

    public RotationPolicy policy() { return policy; }

    /** The period that contains {@code unixSeconds} (negative before the epoch). */
    public long periodAt(long unixSeconds) {
        return Math.floorDiv(unixSeconds - epochSeconds, policy.periodSeconds());
    }

    /** Start of period {@code p} in Unix seconds. */
    public long periodStart(long p) { return epochSeconds + p * policy.periodSeconds(); }

    public long currentPeriod() { return live.period(); }

    /** The key to mint new cookies with. */
    public MasterKey current() { return live.current(); }

    /**
     * Moves to the period containing {@code nowSeconds}: derives the new future key, drops
     * and wipes keys that left the window, and erases the ratchet states passed over. A time
     * in or before the current period changes nothing (the ratchet never goes back).
     */
    public synchronized void advanceTo(long nowSeconds) {
        long p = periodAt(nowSeconds);
        if (p <= currentPeriod) return;
        currentPeriod = p;
        fill(p);
        for (int s = 0; s < importedSlots.length; s++) {
            if (importedSlots[s] != null && importedLastPeriod[s] < p) {
                importedSlots[s].wipe();
                importedSlots[s] = null;
            }
        }
        publish();
    }

    /** O(1): slot = low 2 bits of the ID, then the full ID must match. Ratchet bank first, then imported bank. */
    @Override
    public MasterKey lookup(int keyId) {
        Live l = live;
        MasterKey k = l.slots()[keyId & 3];
        if (k != null && k.id() == keyId) return k;
        k = l.imported()[keyId & 3];
        if (k != null && k.id() == keyId) return k;
        return null;
    }

    /** The hardware slot table: index = slot; entries of periods before period 0 are null. */
    public MasterKey[] slots() { return live.slots().clone(); }

    /** Imported keys still accepted (software bank), by slot; null entries are empty. */
    public MasterKey[] importedSlots() { return live.imported().clone(); }

    /**
     * Accepts {@code imported} (e.g. from a chrony ntskeys file) for cookie opening from the
     * current period through current + pastKeys, never for minting. Rejects, changing
     * nothing, a key whose ID equals a ratchet key ID live in that time, or whose slot in the
     * imported bank is taken by another imported key.
     */
    public synchronized void importKeys(List<MasterKey> imported) {
        long last = currentPeriod + past;
        MasterKey[] slotsBefore = importedSlots.clone();
        long[] lastBefore = importedLastPeriod.clone();
        try {
            for (MasterKey k : imported) {
                for (long q = currentPeriod - past; q <= last + 1; q++) {
                    if (k.id() == (int) q) {
                        throw new IllegalArgumentException("imported key " + k.idHex()
                                + " has the ID of the ratchet key of period " + q);
                    }
                }
                addImported(k, last);
            }
        } catch (IllegalArgumentException e) {
            System.arraycopy(slotsBefore, 0, importedSlots, 0, slotsBefore.length);
            System.arraycopy(lastBefore, 0, importedLastPeriod, 0, lastBefore.length);
            throw e;
        }
        publish();
    }

    /** A copy of the state to persist (see {@link KeyRingCodec}). */
    public synchronized KeyRingState state() {
        List<KeyRingState.RetainedKey> retained = new ArrayList<>();
        for (Map.Entry<Long, MasterKey> e : keys.entrySet()) {
            if (e.getKey() <= currentPeriod) retained.add(new KeyRingState.RetainedKey(e.getKey(), e.getValue()));
        }
        List<KeyRingState.ImportedKey> imp = new ArrayList<>();
        for (int s = 0; s < importedSlots.length; s++) {
            if (importedSlots[s] != null) imp.add(new KeyRingState.ImportedKey(importedSlots[s], importedLastPeriod[s]));
        }
        return new KeyRingState(epochSeconds, policy, ratchet.period(), ratchet.state(), retained, imp);
    }

    @Override public String toString() {
        Live l = live;
        return "KeyRing[period=" + l.period() + ", current=" + l.current().idHex() + ", past=" + past + "]";
    }

    private void addImported(MasterKey k, long lastPeriod) {
        MasterKey held = importedSlots[k.slot()];
        if (held != null && !held.sameAs(k)) {
            throw new IllegalArgumentException("imported key " + k.idHex() + " needs slot " + k.slot()
                    + " of the imported bank, held by " + held.idHex());
        }
        importedSlots[k.slot()] = k;
        importedLastPeriod[k.slot()] = Math.max(lastPeriod, held == null ? lastPeriod : importedLastPeriod[k.slot()]);
    }

    /** Derives keys for periods p-past .. p+1 not held yet, leaves the ratchet at p+1, drops older keys. */
    private void fill(long p) {
        long oldest = p - past;
        while (ratchet.period() < p + 1) {
            long q = ratchet.period();
            if (q >= oldest && !keys.containsKey(q)) keys.put(q, ratchet.masterKey());
            ratchet.advance();
        }
        if (!keys.containsKey(p + 1)) keys.put(p + 1, ratchet.masterKey());
        while (!keys.isEmpty() && keys.firstKey() < oldest) keys.pollFirstEntry().getValue().wipe();
    }

    private void publish() {
        MasterKey[] slots = new MasterKey[RotationPolicy.SLOTS];
        for (Map.Entry<Long, MasterKey> e : keys.entrySet()) {
            MasterKey k = e.getValue();
            if (slots[k.slot()] != null) {
                throw new IllegalStateException("slot " + k.slot() + " holds " + slots[k.slot()].idHex()
                        + " and " + k.idHex());
            }
            slots[k.slot()] = k;
        }
        live = new Live(currentPeriod, keys.get(currentPeriod), slots, Arrays.copyOf(importedSlots, importedSlots.length));
    }
}
