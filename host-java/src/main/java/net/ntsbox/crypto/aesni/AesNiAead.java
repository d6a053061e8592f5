package net.ntsbox.crypto.aesni;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.RegionAead;

/**
 * The seal/open calls shared by {@link AesNiSiv} (key expanded once, in native memory) and
 * {@link AesNiSessionSiv} (raw key passed to each call): bounds checks, then one native call
 * that runs S2V and CTR over the Java arrays in place. S2V components are [AD, nonce] with a
 * null AD (or nonce) absent and an empty one present, exactly as the Java {@code AesSiv}.
 */
abstract sealed class AesNiAead extends RegionAead permits AesNiSiv, AesNiSessionSiv {
    final AeadAlgorithm algorithm;

    AesNiAead(AeadAlgorithm algorithm) {
        if (algorithm != AeadAlgorithm.AES_SIV_CMAC_256 && algorithm != AeadAlgorithm.AES_SIV_CMAC_512) {
            throw new IllegalArgumentException(algorithm + " is not an AES-SIV algorithm");
        }
        if (!AesNiLibrary.available()) {
            throw new IllegalStateException("AES-NI AES-SIV unavailable: " + AesNiLibrary.unavailableReason());
        }
        this.algorithm = algorithm;
    }

    /** The expanded-key context, or {@link MemorySegment#NULL} when {@link #rawKey()} is passed instead. */
    abstract MemorySegment context();

    /** The raw key (K1 ‖ K2) passed to each call, or null when {@link #context()} holds the key. */
    abstract byte[] rawKey();

    /** Throws unless the instance holds a key. */
    abstract void checkKeyed();

    @Override public final AeadAlgorithm algorithm() { return algorithm; }

    @Override
    public final int sealInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                              byte[] pt, int ptOff, int ptLen, byte[] out, int outOff) {
        checkKeyed();
        int outLen = AeadAlgorithm.TAG_LENGTH + ptLen;
        int flags = checkComponents(nonce, nonceOff, nonceLen, ad, adOff, adLen);
        Objects.checkFromIndexSize(ptOff, ptLen, pt.length);
        Objects.checkFromIndexSize(outOff, outLen, out.length);
        byte[] key = rawKey();
        long n;
        try {
            n = (long) AesNiLibrary.SEAL.invokeExact(context(), heap(key), 0L, key == null ? 0L : (long) key.length, flags,
                    heap(ad), (long) adOff, (long) adLen, heap(nonce), (long) nonceOff, (long) nonceLen,
                    heap(pt), (long) ptOff, (long) ptLen, heap(out), (long) outOff);
        } catch (Throwable t) {
            throw new IllegalStateException("AES-NI seal failed", t);
        }
        if (n != outLen) throw new IllegalStateException("AES-NI seal failed");
        return outLen;
    }

    @Override
    public final int openInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                              byte[] ct, int ctOff, int ctLen, byte[] out, int outOff) {
        checkKeyed();
        if (ctLen < AeadAlgorithm.TAG_LENGTH) return -1;
        int ptLen = ctLen - AeadAlgorithm.TAG_LENGTH;
        int flags = checkComponents(nonce, nonceOff, nonceLen, ad, adOff, adLen);
        Objects.checkFromIndexSize(ctOff, ctLen, ct.length);
        Objects.checkFromIndexSize(outOff, ptLen, out.length);
        byte[] key = rawKey();
        long n;
        try {
            n = (long) AesNiLibrary.OPEN.invokeExact(context(), heap(key), 0L, key == null ? 0L : (long) key.length, flags,
                    heap(ad), (long) adOff, (long) adLen, heap(nonce), (long) nonceOff, (long) nonceLen,
                    heap(ct), (long) ctOff, (long) ctLen, heap(out), (long) outOff);
        } catch (Throwable t) {
            throw new IllegalStateException("AES-NI open failed", t);
        }
        return n == ptLen ? ptLen : -1; // on failure the library has zeroed the output
    }

    private static int checkComponents(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen) {
        int flags = 0;
        if (nonce != null) {
            Objects.checkFromIndexSize(nonceOff, nonceLen, nonce.length);
            flags |= AesNiLibrary.NONCE;
        }
        if (ad != null) {
            Objects.checkFromIndexSize(adOff, adLen, ad.length);
            flags |= AesNiLibrary.AD;
        }
        return flags;
    }

    /*
     * Heap segments of the arrays recently passed (the step's request, output and scratch
     * buffers recur on every call), so the hot path does not allocate a MemorySegment per
     * argument: a clock cache, an array seen again keeps its slot, one-off arrays (e.g. a
     * cookie's fresh plaintext) take the unreferenced slots. It holds array references only.
     */
    private static final int SEGMENTS = 8;
    private final byte[][] cachedArrays = new byte[SEGMENTS][];
    private final MemorySegment[] cachedSegments = new MemorySegment[SEGMENTS];
    private final boolean[] referenced = new boolean[SEGMENTS];
    private int hand;

    final MemorySegment heap(byte[] a) {
        if (a == null) return MemorySegment.NULL;
        for (int i = 0; i < SEGMENTS; i++) {
            if (cachedArrays[i] == a) {
                referenced[i] = true;
                return cachedSegments[i];
            }
        }
        MemorySegment s = MemorySegment.ofArray(a);
        while (referenced[hand]) {
            referenced[hand] = false;
            hand = (hand + 1) & (SEGMENTS - 1);
        }
        cachedArrays[hand] = a;
        cachedSegments[hand] = s;
        hand = (hand + 1) & (SEGMENTS - 1);
        return s;
    }

    /** Drops the cached array references (close). */
    final void forgetArrays() {
        java.util.Arrays.fill(cachedArrays, null);
        java.util.Arrays.fill(cachedSegments, null);
        java.util.Arrays.fill(referenced, false);
    }

    @Override public String toString() { return getClass().getSimpleName() + "[" + algorithm + "]"; }
}
