package net.ntsbox.metrics;

import java.util.ArrayList;
import java.util.List;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.MasterKey;

/**
 * A live cookie master key as shown to operators: ID, slot, role and age, never key bytes.
 *
 * @param id          key ID, 8 hex digits
 * @param slot        hardware slot (low 2 bits of the ID)
 * @param role        "future", "current", "past" (ratchet keys) or "imported" (chrony keys)
 * @param period      rotation period of a ratchet key, null for imported keys
 * @param startSeconds start of that period, Unix time; null for imported keys
 * @param ageSeconds  now minus that start (negative for the future key); null for imported keys
 */
public record LiveKey(String id, int slot, String role, Long period, Long startSeconds, Long ageSeconds) {

    /** The ring's live keys: ratchet slots by period (newest first), then imported keys. */
    public static List<LiveKey> of(KeyRing ring, long nowSeconds) {
        long current = ring.currentPeriod();
        List<LiveKey> out = new ArrayList<>();
        MasterKey[] slots = ring.slots();
        for (long p = current + 1; p >= current - ring.policy().pastKeys(); p--) {
            for (MasterKey k : slots) {
                if (k != null && k.id() == (int) p) {
                    String role = p > current ? "future" : p == current ? "current" : "past";
                    long start = ring.periodStart(p);
                    out.add(new LiveKey(k.idHex(), k.slot(), role, p, start, nowSeconds - start));
                }
            }
        }
        for (MasterKey k : ring.importedSlots()) {
            if (k != null) {
                out.add(new LiveKey(k.idHex(), k.slot(), "imported", null, null, null));
            }
        }
        return out;
    }
}
