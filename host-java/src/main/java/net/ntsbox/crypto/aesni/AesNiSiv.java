package net.ntsbox.crypto.aesni;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.Objects;
import net.ntsbox.crypto.AeadAlgorithm;

/**
 * {@link net.ntsbox.crypto.Aead} for AEAD_AES_SIV_CMAC_256 (15) and _512 (17) on AES-NI
 * (libntssiv, native/siv), byte for byte the Java {@code AesSivAead} (the golden model): output
 * V (16) ‖ ciphertext, S2V components [AD, nonce], a null AD absent and an empty one a component.
 *
 * <p>The key is expanded once (both AES key schedules, the CMAC subkeys and CMAC(0)) into a
 * native context: for a key used many times, e.g. a master key's cookie SIV. {@link #wipe()}
 * zeroes the context, {@link #close()} zeroes and frees it, and a Cleaner does the same for an
 * instance dropped unclosed. Each seal or open is one native call over the Java arrays in place.
 * For one-use keys {@link AesNiSessionSiv} skips the context. One thread at a time.
 */
public final class AesNiSiv extends AesNiAead implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Context state;
    private final Cleaner.Cleanable cleanable;
    private boolean keyed;

    /** True when libntssiv loads, native access is granted and this CPU has AES-NI and SSE4.1. */
    public static boolean available() { return AesNiLibrary.available(); }

    /** Why {@link #available()} is false, for a log line; null when it is true. */
    public static String unavailableReason() { return AesNiLibrary.unavailableReason(); }

    /**
     * @throws IllegalArgumentException for another algorithm or a key of the wrong length
     * @throws IllegalStateException when the library is not {@link #available()}
     */
    public AesNiSiv(AeadAlgorithm algorithm, byte[] key) {
        super(algorithm);
        state = new Context();
        cleanable = CLEANER.register(this, state::free);
        rekey(key);
    }

    /** The native context, apart from the Aead so that the Cleaner's action does not keep it reachable. */
    private static final class Context {
        final Arena arena = Arena.ofShared();
        final MemorySegment ctx = arena.allocate(AesNiLibrary.CTX_BYTES, 16);
        boolean freed;

        void free() {
            if (freed) return;
            freed = true;
            ctx.fill((byte) 0);
            arena.close();
        }
    }

    /** Expands another key of the algorithm's length into the context (no allocation). */
    public void rekey(byte[] newKey) { rekey(newKey, 0, newKey.length); }

    public void rekey(byte[] newKey, int off, int len) {
        if (len != algorithm.keyLength()) {
            throw new IllegalArgumentException(algorithm + " needs a " + algorithm.keyLength() + "-byte key, got " + len);
        }
        Objects.checkFromIndexSize(off, len, newKey.length);
        if (state.freed) throw new IllegalStateException("AesNiSiv used after close()");
        int r;
        try {
            r = (int) AesNiLibrary.INIT.invokeExact(state.ctx, MemorySegment.ofArray(newKey).asSlice(off, len), (long) len);
        } catch (Throwable t) {
            throw new IllegalStateException("AES-NI key expansion failed", t);
        }
        if (r != 0) throw new IllegalStateException("AES-NI key expansion failed");
        keyed = true;
    }

    /** Zeroes the expanded key; the instance needs {@link #rekey} before its next use. */
    public void wipe() {
        if (!state.freed) state.ctx.fill((byte) 0);
        keyed = false;
    }

    /** Wipes and frees the native context; the instance is unusable afterwards. */
    @Override public void close() {
        keyed = false;
        forgetArrays();
        cleanable.clean();
    }

    /**
     * {@code count} seals of the same plaintext {@code pt[ptOff, +ptLen)} in one native call (their
     * chains interleave): seal i has components [AD (the same for all; null: absent), the
     * {@code nonceLen} bytes at {@code buf[nonceOff + i * stride]}] and its V ‖ C is written at
     * {@code buf[outOff + i * stride]}. E.g. the cookies of one NTS response, laid out in place.
     * Each output region must not overlap any nonce, the AD or the plaintext.
     */
    public void sealMany(int count, byte[] ad, int adOff, int adLen, byte[] buf, int nonceOff, int nonceLen,
                         int outOff, int stride, byte[] pt, int ptOff, int ptLen) {
        checkKeyed();
        if (count <= 0) return;
        if (ad != null) Objects.checkFromIndexSize(adOff, adLen, ad.length);
        Objects.checkFromIndexSize(ptOff, ptLen, pt.length);
        int outLen = AeadAlgorithm.TAG_LENGTH + ptLen;
        if (stride < 0) throw new IllegalArgumentException("negative stride");
        Objects.checkFromIndexSize(nonceOff, (long) (count - 1) * stride + nonceLen, buf.length);
        Objects.checkFromIndexSize(outOff, (long) (count - 1) * stride + outLen, buf.length);
        int flags = AesNiLibrary.NONCE | (ad != null ? AesNiLibrary.AD : 0);
        long n;
        try {
            n = (long) AesNiLibrary.SEAL_MANY.invokeExact(state.ctx, (long) count, flags, heap(ad), (long) adOff, (long) adLen,
                    heap(buf), (long) nonceOff, (long) nonceLen, (long) stride,
                    heap(pt), (long) ptOff, (long) ptLen, heap(buf), (long) outOff, (long) stride);
        } catch (Throwable t) {
            throw new IllegalStateException("AES-NI seal failed", t);
        }
        if (n != count) throw new IllegalStateException("AES-NI seal failed");
    }

    /**
     * Seals with any S2V components (at most 126; each present, an empty array an empty
     * component), as {@code AesSiv.seal(List, byte[])}: V ‖ C.
     */
    public byte[] seal(List<byte[]> components, byte[] plaintext) {
        checkKeyed();
        byte[] out = new byte[AeadAlgorithm.TAG_LENGTH + plaintext.length];
        long n = components(AesNiLibrary.SEAL_COMPONENTS, components, plaintext, out);
        if (n != out.length) throw new IllegalStateException("AES-NI seal failed");
        return out;
    }

    /** Opens V ‖ C with these components; the plaintext, or null when it does not authenticate. */
    public byte[] open(List<byte[]> components, byte[] sealed) {
        checkKeyed();
        if (sealed.length < AeadAlgorithm.TAG_LENGTH) return null;
        byte[] out = new byte[sealed.length - AeadAlgorithm.TAG_LENGTH];
        return components(AesNiLibrary.OPEN_COMPONENTS, components, sealed, out) == out.length ? out : null;
    }

    private long components(java.lang.invoke.MethodHandle h, List<byte[]> components, byte[] in, byte[] out) {
        if (components.size() > 126) {
            throw new IllegalArgumentException("AES-SIV takes at most 126 components, got " + components.size());
        }
        long[] lens = new long[Math.max(1, components.size())];
        int total = 0;
        for (int i = 0; i < components.size(); i++) {
            lens[i] = components.get(i).length;
            total += components.get(i).length;
        }
        byte[] data = new byte[Math.max(1, total)];
        int at = 0;
        for (byte[] c : components) {
            System.arraycopy(c, 0, data, at, c.length);
            at += c.length;
        }
        try {
            return (long) h.invokeExact(state.ctx, (long) components.size(), MemorySegment.ofArray(lens),
                    MemorySegment.ofArray(data), MemorySegment.ofArray(in), (long) in.length, MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new IllegalStateException("AES-NI S2V call failed", t);
        } finally {
            java.util.Arrays.fill(data, (byte) 0);
        }
    }

    @Override MemorySegment context() { return state.ctx; }

    @Override byte[] rawKey() { return null; }

    @Override void checkKeyed() {
        if (!keyed || state.freed) throw new IllegalStateException("AesNiSiv used after wipe() or close() without rekey()");
    }
}
