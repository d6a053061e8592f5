package net.ntsbox.tls.nativecrypto;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * ECDSA P-256 signing with OpenSSL 3's libcrypto (its x86-64/ARMv8 assembly P-256), through the
 * EC_KEY calls: one native key per Java private key, built once from the scalar and freed with
 * {@code EC_KEY_free} (which clears it). The scalar's native copy exists only between
 * {@code BN_bin2bn} and {@code EC_KEY_set_private_key} and is zeroed right after.
 */
final class OpenSslEcdsa {
    private static final int NID_X9_62_PRIME256V1 = 415;
    private static final long MIN_VERSION = 0x30000000L;

    private final String library;
    private final MethodHandle newKey;      // EC_KEY *EC_KEY_new_by_curve_name(int)
    private final MethodHandle setPrivate;  // int EC_KEY_set_private_key(EC_KEY *, const BIGNUM *)
    private final MethodHandle freeKey;     // void EC_KEY_free(EC_KEY *)
    private final MethodHandle bin2bn;      // BIGNUM *BN_bin2bn(const unsigned char *, int, BIGNUM *)
    private final MethodHandle clearFreeBn; // void BN_clear_free(BIGNUM *)
    private final MethodHandle sign;        // int ECDSA_sign(int, const unsigned char *, int, unsigned char *, unsigned int *, EC_KEY *)
    private final MethodHandle clearErrors; // void ERR_clear_error(void)

    private OpenSslEcdsa(String library, NativeLibrary lib) {
        this.library = library;
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout a = ValueLayout.ADDRESS;
        newKey = lib.function("EC_KEY_new_by_curve_name", FunctionDescriptor.of(a, i));
        setPrivate = lib.function("EC_KEY_set_private_key", FunctionDescriptor.of(i, a, a));
        freeKey = lib.function("EC_KEY_free", FunctionDescriptor.ofVoid(a));
        bin2bn = lib.function("BN_bin2bn", FunctionDescriptor.of(a, a, i, a));
        clearFreeBn = lib.function("BN_clear_free", FunctionDescriptor.ofVoid(a));
        sign = lib.function("ECDSA_sign", FunctionDescriptor.of(i, i, a, i, a, a, a));
        clearErrors = lib.function("ERR_clear_error", FunctionDescriptor.ofVoid());
    }

    /** OpenSSL ≥ 3.0's ECDSA, or empty with the reason in {@code why[0]}. */
    static Optional<OpenSslEcdsa> load(String[] why) {
        NativeLibrary.Result r = NativeLibrary.open("libcrypto.so.3");
        if (r.library().isEmpty()) {
            why[0] = r.lastFailure();
            return Optional.empty();
        }
        NativeLibrary lib = r.library().get();
        try {
            long version = (long) lib.function("OpenSSL_version_num", FunctionDescriptor.of(ValueLayout.JAVA_LONG))
                    .invokeExact();
            if (version < MIN_VERSION) {
                why[0] = lib.name() + " is OpenSSL " + Long.toHexString(version) + ", below 3.0";
                return Optional.empty();
            }
            return Optional.of(new OpenSslEcdsa(lib.name(), lib));
        } catch (UnsatisfiedLinkError | IllegalCallerException e) {
            why[0] = e.getMessage();
            return Optional.empty();
        } catch (Throwable t) {
            why[0] = lib.name() + ": OpenSSL_version_num failed: " + t.getClass().getSimpleName();
            return Optional.empty();
        }
    }

    String library() {
        return library;
    }

    /** A native P-256 key for scalar {@code s} (1 ≤ s &lt; n); the caller frees it with {@link #free}. */
    long newPrivateKey(BigInteger s) {
        byte[] be = toFixed(s, 32);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scalar = arena.allocate(32);
            MemorySegment.copy(be, 0, scalar, ValueLayout.JAVA_BYTE, 0, 32);
            Arrays.fill(be, (byte) 0);
            MemorySegment key = MemorySegment.NULL;
            MemorySegment bn = MemorySegment.NULL;
            try {
                key = (MemorySegment) newKey.invokeExact(NID_X9_62_PRIME256V1);
                bn = (MemorySegment) bin2bn.invokeExact(scalar, 32, MemorySegment.NULL);
                scalar.fill((byte) 0);
                if (key.address() == 0 || bn.address() == 0) throw failure("EC_KEY_new_by_curve_name/BN_bin2bn", null);
                int ok = (int) setPrivate.invokeExact(key, bn);
                if (ok != 1) throw failure("EC_KEY_set_private_key", null);
                long k = key.address();
                key = MemorySegment.NULL;
                return k;
            } finally {
                scalar.fill((byte) 0);
                if (bn.address() != 0) clearFreeBn.invokeExact(bn);
                if (key.address() != 0) freeKey.invokeExact(key);
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw failure("EC key setup", t);
        }
    }

    /** The DER-encoded ECDSA signature (r, s) of a 32-byte digest. */
    byte[] sign(long key, byte[] digest) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = arena.allocate(digest.length);
            MemorySegment.copy(digest, 0, d, ValueLayout.JAVA_BYTE, 0, digest.length);
            MemorySegment sig = arena.allocate(80); // ECDSA_size for P-256 is 72
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 80);
            int ok = (int) sign.invokeExact(0, d, digest.length, sig, len, MemorySegment.ofAddress(key));
            if (ok != 1) throw failure("ECDSA_sign", null);
            int n = len.get(ValueLayout.JAVA_INT, 0);
            if (n <= 0 || n > 80) throw failure("ECDSA_sign length " + n, null);
            return sig.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw failure("ECDSA_sign", t);
        }
    }

    void free(long key) {
        try {
            freeKey.invokeExact(MemorySegment.ofAddress(key));
        } catch (Throwable t) {
            // EC_KEY_free does not fail; nothing else to do in a cleaner
        }
    }

    /** A failure without key material: the OpenSSL error queue is cleared, not quoted. */
    private IllegalStateException failure(String what, Throwable cause) {
        try {
            clearErrors.invokeExact();
        } catch (Throwable ignored) {
            // best effort
        }
        return new IllegalStateException(library + ": " + what + " failed"
                + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"));
    }

    static byte[] toFixed(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length == length) return b;
        byte[] out = new byte[length];
        if (b.length > length) {
            if (b.length != length + 1 || b[0] != 0) throw new IllegalArgumentException("value longer than " + length + " bytes");
            System.arraycopy(b, 1, out, 0, length);
        } else {
            System.arraycopy(b, 0, out, length - b.length, b.length);
        }
        Arrays.fill(b, (byte) 0);
        return out;
    }
}
