package net.ntsbox.keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.ntsbox.crypto.Hkdf;

/**
 * Forward-secure key ratchet over a cluster seed. state_0 = HKDF-Extract(salt, seed);
 * state_{n+1} = HKDF-Expand(state_n, "ntsbox ratchet next", 32); the master key of period
 * n is HKDF-Expand(state_n, "ntsbox master key", 32) and its ID is n mod 2^32 (so ID mod 4 =
 * n mod 4 = hardware slot). Advancing overwrites the old state: earlier states and keys
 * cannot be recomputed from this object. Not thread-safe.
 */
final class KeyRatchet {
    static final int STATE_LENGTH = 32;
    static final int MIN_SEED_LENGTH = 32;
    private static final byte[] SALT = "ntsbox key ratchet v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT = "ntsbox ratchet next".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MASTER = "ntsbox master key".getBytes(StandardCharsets.US_ASCII);

    private byte[] state;
    private long period;

    KeyRatchet(long period, byte[] state) {
        if (state.length != STATE_LENGTH) throw new IllegalArgumentException("ratchet state must be 32 bytes");
        if (period < 0) throw new IllegalArgumentException("ratchet period must not be negative");
        this.state = state.clone();
        this.period = period;
    }

    static KeyRatchet fromSeed(byte[] seed) {
        if (seed.length < MIN_SEED_LENGTH) {
            throw new IllegalArgumentException("cluster seed must be at least " + MIN_SEED_LENGTH + " bytes");
        }
        byte[] s = Hkdf.SHA256.extract(SALT, seed);
        KeyRatchet r = new KeyRatchet(0, s);
        Arrays.fill(s, (byte) 0);
        return r;
    }

    long period() { return period; }

    byte[] state() { return state.clone(); }

    MasterKey masterKey() {
        byte[] k = Hkdf.SHA256.expand(state, MASTER, MasterKey.LENGTH);
        MasterKey m = new MasterKey((int) period, k);
        Arrays.fill(k, (byte) 0);
        return m;
    }

    void advance() {
        byte[] next = Hkdf.SHA256.expand(state, NEXT, STATE_LENGTH);
        Arrays.fill(state, (byte) 0);
        state = next;
        period++;
    }

    void wipe() { Arrays.fill(state, (byte) 0); }
}
