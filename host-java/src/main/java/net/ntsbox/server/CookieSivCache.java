package net.ntsbox.server;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Function;
import net.ntsbox.crypto.Aead;
import net.ntsbox.keys.MasterKey;

/**
 * The cookie AES-SIV of the last few master keys, kept expanded by a native step crypto (one per
 * datapath thread): rotation is rare, so a master key is expanded once per thread, not once per
 * request. A key not held replaces the oldest entry; the copy of its bytes is wiped at once.
 *
 * @param <A> the backend's expanded-key AEAD
 */
final class CookieSivCache<A extends Aead> {
    /** Master keys held expanded: current, previous, next, and one spare. */
    static final int SIZE = 4;

    private final Function<byte[], A> expand;
    private final BiConsumer<A, byte[]> rekey;
    private final MasterKey[] keys = new MasterKey[SIZE];
    private final Object[] sivs = new Object[SIZE];
    private int nextVictim;

    /**
     * @param expand a new AEAD expanded from key bytes
     * @param rekey expands other key bytes into an AEAD this cache made
     */
    CookieSivCache(Function<byte[], A> expand, BiConsumer<A, byte[]> rekey) {
        this.expand = expand;
        this.rekey = rekey;
    }

    /** The cookie AEAD of {@code key}, expanded now unless it is held. */
    @SuppressWarnings("unchecked")
    A get(MasterKey key) {
        for (int i = 0; i < SIZE; i++) {
            if (keys[i] == key) return (A) sivs[i];
        }
        int i = nextVictim;
        nextVictim = (nextVictim + 1) % SIZE;
        byte[] k = key.keyBytes();
        try {
            if (sivs[i] == null) sivs[i] = expand.apply(k);
            else rekey.accept((A) sivs[i], k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
        keys[i] = key;
        return (A) sivs[i];
    }
}
