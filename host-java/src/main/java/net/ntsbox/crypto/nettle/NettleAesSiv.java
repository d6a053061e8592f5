package net.ntsbox.crypto.nettle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Objects;
import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.RegionAead;
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
 * <p>The inputs are copied into a native buffer owned by this instance, the call runs there and
 * the output is copied back; the buffer is zeroed after every call (it held plaintext or a key)
 * and grows (never shrinks) with the largest message. The expanded keys live in a native
 * context: {@link #wipe()} zeroes it (the step does it after each request's session keys),
 * {@link #close()} zeroes and frees all native memory, and a Cleaner does the same if an
 * instance is dropped unclosed. One thread at a time, like every Aead. toString() names the
 * algorithm only.
 */
public final class NettleAesSiv extends RegionAead implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    /** First buffer size: a minimal NTS request's largest call (about 200 bytes of AD) fits. */
    private static final int INITIAL_BUFFER = 1024;

    private final AeadAlgorithm algorithm;
    private final MethodHandle setKey, encrypt, decrypt;
    private final NativeState state;
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
        this.key = new byte[algorithm.keyLength()];
        state = new NativeState(small ? NettleLibrary.CTX128_BYTES : NettleLibrary.CTX256_BYTES, INITIAL_BUFFER, this.key);
        cleanable = CLEANER.register(this, state::free);
        rekey(key);
    }

    /**
     * The native memory (context and buffer), apart from the Aead so that the Cleaner's action
     * does not keep the Aead reachable. The buffer is replaced when a message needs more room.
     */
    private static final class NativeState {
        final Arena ctxArena = Arena.ofShared();
        final MemorySegment ctx;
        final long ctxAddr;
        final byte[] key;
        Arena bufArena;
        MemorySegment buf;
        long bufAddr;
        byte[] zeros;
        boolean freed;

        NativeState(long ctxBytes, int bufBytes, byte[] key) {
            ctx = ctxArena.allocate(ctxBytes, NettleLibrary.CTX_ALIGN);
            ctxAddr = ctx.address();
            this.key = key;
            grow(bufBytes);
        }

        void grow(int bytes) {
            Arena next = Arena.ofShared();
            MemorySegment b = next.allocate(bytes, 16);
            if (bufArena != null) {
                buf.fill((byte) 0);
                bufArena.close();
            }
            bufArena = next;
            buf = b;
            bufAddr = b.address();
            zeros = new byte[bytes];
        }

        /** Room for {@code bytes}; false once freed. */
        boolean ensure(long bytes) {
            if (freed) return false;
            if (bytes > buf.byteSize()) grow((int) Math.max(bytes, 2 * buf.byteSize()));
            return true;
        }

        /** Zeroes the first {@code bytes} of the buffer (no allocation). */
        void clear(int bytes) {
            MemorySegment.copy(zeros, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes);
        }

        void free() {
            if (freed) return;
            freed = true;
            ctx.fill((byte) 0);
            buf.fill((byte) 0);
            Arrays.fill(key, (byte) 0);
            ctxArena.close();
            bufArena.close();
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
        if (!state.ensure(len)) throw new IllegalStateException("NettleAesSiv used after close()");
        System.arraycopy(newKey, off, key, 0, len);
        MemorySegment.copy(key, 0, state.buf, ValueLayout.JAVA_BYTE, 0, len);
        try {
            setKey.invokeExact(state.ctxAddr, state.bufAddr);
        } catch (Throwable t) {
            throw new IllegalStateException("nettle set_key failed", t);
        } finally {
            state.clear(len);
        }
        if (javaFallback != null) javaFallback.rekey(key);
        keyed = true;
    }

    /** Zeroes the expanded keys (native) and the key copy; the instance needs {@link #rekey} before its next use. */
    public void wipe() {
        if (!state.freed) state.ctx.fill((byte) 0);
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
        // buffer: nonce | AD | plaintext | output
        long adAt = nonceLen, ptAt = adAt + adLen, outAt = ptAt + ptLen;
        int used = (int) (outAt + outLen);
        if (!state.ensure(used)) throw new IllegalStateException("NettleAesSiv used after close()");
        MemorySegment buf = state.buf;
        long base = state.bufAddr;
        try {
            MemorySegment.copy(nonce, nonceOff, buf, ValueLayout.JAVA_BYTE, 0, nonceLen);
            MemorySegment.copy(ad, adOff, buf, ValueLayout.JAVA_BYTE, adAt, adLen);
            MemorySegment.copy(pt, ptOff, buf, ValueLayout.JAVA_BYTE, ptAt, ptLen);
            encrypt.invokeExact(state.ctxAddr, (long) nonceLen, base, (long) adLen, base + adAt, (long) outLen,
                    base + outAt, base + ptAt);
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, outAt, out, outOff, outLen);
        } catch (Throwable t) {
            throw new IllegalStateException("nettle encrypt failed", t);
        } finally {
            state.clear(used);
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
        // buffer: nonce | AD | V ‖ C | plaintext
        long adAt = nonceLen, ctAt = adAt + adLen, ptAt = ctAt + ctLen;
        int used = (int) (ptAt + ptLen);
        if (!state.ensure(used)) throw new IllegalStateException("NettleAesSiv used after close()");
        MemorySegment buf = state.buf;
        long base = state.bufAddr;
        int ok;
        try {
            MemorySegment.copy(nonce, nonceOff, buf, ValueLayout.JAVA_BYTE, 0, nonceLen);
            MemorySegment.copy(ad, adOff, buf, ValueLayout.JAVA_BYTE, adAt, adLen);
            MemorySegment.copy(ct, ctOff, buf, ValueLayout.JAVA_BYTE, ctAt, ctLen);
            ok = (int) decrypt.invokeExact(state.ctxAddr, (long) nonceLen, base, (long) adLen, base + adAt,
                    (long) ptLen, base + ptAt, base + ctAt);
            if (ok != 0) MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, ptAt, out, outOff, ptLen);
        } catch (Throwable t) {
            throw new IllegalStateException("nettle decrypt failed", t);
        } finally {
            state.clear(used);
        }
        if (ok == 0) {
            Arrays.fill(out, outOff, outOff + ptLen, (byte) 0);
            return -1;
        }
        return ptLen;
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
