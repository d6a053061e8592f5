package net.ntsbox.crypto.aesni;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import net.ntsbox.crypto.AeadAlgorithm;

/**
 * AES-SIV on AES-NI for a key used once or twice (an NTS request's C2S or S2C key): the raw
 * key stays on the Java heap and each call expands, in the library, only the halves it needs
 * (an open of a tag alone needs no CTR key) on the native stack, zeroed before it returns.
 * No native memory is held. {@link #wipe()} zeroes the key copy. One thread at a time.
 */
public final class AesNiSessionSiv extends AesNiAead {
    private final byte[] key;
    private boolean keyed;

    /** True when libntssiv loads and this CPU has AES-NI (see {@link AesNiSiv#available()}). */
    public static boolean available() { return AesNiLibrary.available(); }

    /** An instance without a key yet ({@link #rekey} before use). */
    public AesNiSessionSiv(AeadAlgorithm algorithm) {
        super(algorithm);
        key = new byte[algorithm.keyLength()];
    }

    public AesNiSessionSiv(AeadAlgorithm algorithm, byte[] key) {
        this(algorithm);
        rekey(key);
    }

    /** Binds this instance to another key of the algorithm's length (a copy; no allocation). */
    public void rekey(byte[] newKey) { rekey(newKey, 0, newKey.length); }

    public void rekey(byte[] newKey, int off, int len) {
        if (len != key.length) {
            throw new IllegalArgumentException(algorithm + " needs a " + key.length + "-byte key, got " + len);
        }
        Objects.checkFromIndexSize(off, len, newKey.length);
        System.arraycopy(newKey, off, key, 0, len);
        keyed = true;
    }

    /** Zeroes the key copy; the instance needs {@link #rekey} before its next use. */
    public void wipe() {
        Arrays.fill(key, (byte) 0);
        keyed = false;
    }

    @Override MemorySegment context() { return MemorySegment.NULL; }

    @Override byte[] rawKey() { return key; }

    @Override void checkKeyed() {
        if (!keyed) throw new IllegalStateException("AesNiSessionSiv used after wipe() without rekey()");
    }
}
