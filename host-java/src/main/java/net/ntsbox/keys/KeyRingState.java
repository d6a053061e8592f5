package net.ntsbox.keys;

import java.util.List;

/**
 * Everything a {@link KeyRing} needs to continue after a restart: the ratchet state (at the
 * future period = current + 1), the retained master keys of the current and past periods
 * (not recomputable: their ratchet states are erased), and the imported chrony keys with
 * the last period they are accepted in. Holds key material: persist with mode 0600 only.
 */
public record KeyRingState(long epochSeconds, RotationPolicy policy, long ratchetPeriod, byte[] ratchetState,
                           List<RetainedKey> retained, List<ImportedKey> imported) {

    /** A ratchet master key of a period that is still accepted. */
    public record RetainedKey(long period, MasterKey key) {}

    /** A key imported from chrony, accepted (never used to mint) through {@code lastPeriod}. */
    public record ImportedKey(MasterKey key, long lastPeriod) {}

    public KeyRingState {
        retained = List.copyOf(retained);
        imported = List.copyOf(imported);
        ratchetState = ratchetState.clone();
    }

    @Override public byte[] ratchetState() { return ratchetState.clone(); }

    @Override public String toString() {
        return "KeyRingState[epoch=" + epochSeconds + ", " + policy + ", ratchetPeriod=" + ratchetPeriod
                + ", retained=" + retained.size() + ", imported=" + imported.size() + "]";
    }
}
