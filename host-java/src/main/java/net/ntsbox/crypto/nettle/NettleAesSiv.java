package net.ntsbox.crypto.nettle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Objects;
import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.AesSivAead;

/**
 * {@link Aead} for AEAD_AES_SIV_CMAC_256 (15) and _512 (17) on GNU Nettle through the Foreign
 * Function &amp; Memory API, byte for byte the same as the Java {@link AesSivAead} (the golden
 * model): output V (16) ‖ ciphertext, S2V components [AD, nonce].
 *
 * <p>Nettle always feeds the AD as a component, so a present AD (empty included: the cookie
 * convention [empty AD, nonce]) and a nonce of at least one byte run natively; an absent AD
 * ([nonce] only) or an empty nonce is computed by the Java AES-SIV under the same key, because
 * nettle cannot express it.
 *
 * <p>The expanded keys live in native memory owned by this instance: {@link #wipe()} zeroes
 * them (the step does it after each request's session keys), {@link #close()} zeroes and frees
 * them, and a Cleaner does the same if an instance is dropped unclosed. Every region is
 * bounds-checked in Java before the call, since the native code reads and writes the arrays in
 * place. One thread at a time, like every Aead. toString() names the algorithm only.
 */
public final class NettleAesSiv implements Aead, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final AeadAlgorithm algorithm;
    private final MemorySegment ctx;
    private final MethodHandle setKey, encrypt, decrypt;
    private final Cleaner.Cleanable cleanable;
    /** The key, for the components nettle cannot express (absent AD, empty nonce); zeroed with the context. */
    private final byte[] key;
    private AesSivAead javaFallback;
    private boolean keyed;

    /** True when libnettle.so.8 is loaded and bound (and native access is granted). */
    public static boolean available() { return NettleLibrary.available(); }

    /** Why {@link #available()} is false, for a log line; null when it is true. */
    public static String unavailableReason() { return NettleLibrary.unavailableReason(); }

    /**
     * @throws IllegalArgumentException for another algorithm or a key of the wrong length
     * @throws IllegalStateException when nettle is not {@link #available()}
     */
    public NettleAesSiv(AeadAlgorithm algorithm, byte[] key) {
        if (algorithm != AeadAlgorithm.AES_SIV_CMAC_256 && algorithm != AeadAlgorithm.AES_SIV_CMAC_512) {
            throw new IllegalArgumentException(algorithm + " is not an AES-SIV algorithm");
        }
        if (!available()) throw new IllegalStateException("nettle AES-SIV unavailable: " + unavailableReason());
        this.algorithm = algorithm;
        NettleLibrary.Handles h = NettleLibrary.H;
        boolean small = algorithm == AeadAlgorithm.AES_SIV_CMAC_256;
        setKey = small ? h.setKey128() : h.setKey256();
        encrypt = small ? h.encrypt128() : h.encrypt256();
        decrypt = small ? h.decrypt128() : h.decrypt256();
        Arena arena = Arena.ofShared();
        ctx = arena.allocate(small ? NettleLibrary.CTX128_BYTES : NettleLibrary.CTX256_BYTES, NettleLibrary.CTX_ALIGN);
        this.key = new byte[algorithm.keyLength()];
        cleanable = CLEANER.register(this, new Release(arena, ctx, this.key));
        rekey(key);
    }

    /** Zeroes and frees the native context; a Cleaner action so that it holds no reference to the Aead. */
    private record Release(Arena arena, MemorySegment ctx, byte[] key) implements Runnable {
        @Override public void run() {
            ctx.fill((byte) 0);
            Arrays.fill(key, (byte) 0);
            arena.close();
        }
    }

    @Override public AeadAlgorithm algorithm() { return algorithm; }

    /** Binds this instance to another key of the algorithm's length (no allocation, no native memory). */
    public void rekey(byte[] newKey) { rekey(newKey, 0, newKey.length); }

    public void rekey(byte[] newKey, int off, int len) {
        if (len != key.length) {
            throw new IllegalArgumentException(algorithm + " needs a " + key.length + "-byte key, got " + len);
        }
        Objects.checkFromIndexSize(off, len, newKey.length);
        System.arraycopy(newKey, off, key, 0, len);
        try {
            setKey.invokeExact(ctx, MemorySegment.ofArray(key));
        } catch (Throwable t) {
            throw new IllegalStateException("nettle set_key failed", t);
        }
        if (javaFallback != null) javaFallback.rekey(key);
        keyed = true;
    }

    /** Zeroes the expanded keys (native) and the key copy; the instance needs {@link #rekey} before its next use. */
    public void wipe() {
        ctx.fill((byte) 0);
        Arrays.fill(key, (byte) 0);
        keyed = false;
        // the Java fallback (rare: absent AD) keeps JDK Ciphers that cannot be wiped; drop it
        javaFallback = null;
    }

    /** Wipes and frees the native memory; the instance is unusable afterwards. */
    @Override public void close() {
        keyed = false;
        javaFallback = null;
        cleanable.clean();
    }

    @Override
    public byte[] seal(byte[] nonce, byte[] ad, byte[] pt) {
        byte[] out = new byte[AeadAlgorithm.TAG_LENGTH + pt.length];
        sealInto(nonce, 0, nonce.length, ad, 0, ad == null ? 0 : ad.length, pt, 0, pt.length, out, 0);
        return out;
    }

    @Override
    public byte[] open(byte[] nonce, byte[] ad, byte[] ct) {
        if (ct.length < AeadAlgorithm.TAG_LENGTH) return null;
        byte[] out = new byte[ct.length - AeadAlgorithm.TAG_LENGTH];
        int n = openInto(nonce, 0, nonce.length, ad, 0, ad == null ? 0 : ad.length, ct, 0, ct.length, out, 0);
        return n < 0 ? null : out;
    }

    @Override
    public int sealInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                        byte[] pt, int ptOff, int ptLen, byte[] out, int outOff) {
        checkKeyed();
        int outLen = AeadAlgorithm.TAG_LENGTH + ptLen;
        Objects.checkFromIndexSize(nonceOff, nonceLen, nonce.length);
        Objects.checkFromIndexSize(ptOff, ptLen, pt.length);
        Objects.checkFromIndexSize(outOff, outLen, out.length);
        if (ad == null || nonceLen == 0) {
            return java().sealInto(nonce, nonceOff, nonceLen, ad, adOff, adLen, pt, ptOff, ptLen, out, outOff);
        }
        Objects.checkFromIndexSize(adOff, adLen, ad.length);
        try {
            encrypt.invokeExact(ctx, (long) nonceLen, region(nonce, nonceOff, nonceLen), (long) adLen,
                    region(ad, adOff, adLen), (long) outLen, region(out, outOff, outLen), region(pt, ptOff, ptLen));
        } catch (Throwable t) {
            throw new IllegalStateException("nettle encrypt failed", t);
        }
        return outLen;
    }

    @Override
    public int openInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                        byte[] ct, int ctOff, int ctLen, byte[] out, int outOff) {
        checkKeyed();
        if (ctLen < AeadAlgorithm.TAG_LENGTH) return -1;
        int ptLen = ctLen - AeadAlgorithm.TAG_LENGTH;
        Objects.checkFromIndexSize(nonceOff, nonceLen, nonce.length);
        Objects.checkFromIndexSize(ctOff, ctLen, ct.length);
        Objects.checkFromIndexSize(outOff, ptLen, out.length);
        if (ad == null || nonceLen == 0) {
            return java().openInto(nonce, nonceOff, nonceLen, ad, adOff, adLen, ct, ctOff, ctLen, out, outOff);
        }
        Objects.checkFromIndexSize(adOff, adLen, ad.length);
        int ok;
        try {
            ok = (int) decrypt.invokeExact(ctx, (long) nonceLen, region(nonce, nonceOff, nonceLen), (long) adLen,
                    region(ad, adOff, adLen), (long) ptLen, region(out, outOff, ptLen), region(ct, ctOff, ctLen));
        } catch (Throwable t) {
            throw new IllegalStateException("nettle decrypt failed", t);
        }
        if (ok == 0) {
            Arrays.fill(out, outOff, outOff + ptLen, (byte) 0);
            return -1;
        }
        return ptLen;
    }

    private static MemorySegment region(byte[] a, int off, int len) {
        return MemorySegment.ofArray(a).asSlice(off, len);
    }

    private void checkKeyed() {
        if (!keyed) throw new IllegalStateException("NettleAesSiv used after wipe() or close() without rekey()");
    }

    private AesSivAead java() {
        if (javaFallback == null) javaFallback = new AesSivAead(algorithm, key);
        return javaFallback;
    }

    @Override public String toString() { return "NettleAesSiv[" + algorithm + "]"; }
}
