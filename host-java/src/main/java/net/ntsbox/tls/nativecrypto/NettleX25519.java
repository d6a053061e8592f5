package net.ntsbox.tls.nativecrypto;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * X25519 (RFC 7748) from Nettle's public-key library libhogweed (what chronyd's GnuTLS uses):
 * {@code nettle_curve25519_mul_g} and {@code nettle_curve25519_mul}, which clamp the scalar and
 * ignore the top bit of u as RFC 7748 says. Both are pure computations over caller buffers, so
 * they are called as critical downcalls on the Java arrays themselves: no scalar is ever
 * copied into native memory.
 */
final class NettleX25519 {
    static final int SIZE = 32;

    private final String library;
    private final MethodHandle mulG;
    private final MethodHandle mul;

    private NettleX25519(String library, MethodHandle mulG, MethodHandle mul) {
        this.library = library;
        this.mulG = mulG;
        this.mul = mul;
    }

    /** Nettle's X25519, or empty with the reason in {@code why[0]}. */
    static Optional<NettleX25519> load(String[] why) {
        NativeLibrary.Result r = NativeLibrary.open("libhogweed.so.6", "libhogweed.so");
        if (r.library().isEmpty()) {
            why[0] = r.lastFailure();
            return Optional.empty();
        }
        NativeLibrary lib = r.library().get();
        try {
            Linker.Option heap = Linker.Option.critical(true);
            FunctionDescriptor two = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS);
            FunctionDescriptor three = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
            return Optional.of(new NettleX25519(lib.name(), lib.function("nettle_curve25519_mul_g", two, heap),
                    lib.function("nettle_curve25519_mul", three, heap)));
        } catch (UnsatisfiedLinkError | IllegalCallerException e) {
            why[0] = e.getMessage();
            return Optional.empty();
        }
    }

    String library() {
        return library;
    }

    /** X25519(k, 9): the public u-coordinate of scalar {@code k} (32 bytes, little-endian). */
    byte[] publicFromScalar(byte[] k) {
        check(k);
        byte[] q = new byte[SIZE];
        try {
            mulG.invokeExact(MemorySegment.ofArray(q), MemorySegment.ofArray(k));
        } catch (Throwable t) {
            throw new IllegalStateException("nettle_curve25519_mul_g failed: " + t.getClass().getSimpleName());
        }
        return q;
    }

    /** X25519(k, u) (both 32 bytes, little-endian). */
    byte[] multiply(byte[] k, byte[] u) {
        check(k);
        check(u);
        byte[] q = new byte[SIZE];
        try {
            mul.invokeExact(MemorySegment.ofArray(q), MemorySegment.ofArray(k), MemorySegment.ofArray(u));
        } catch (Throwable t) {
            throw new IllegalStateException("nettle_curve25519_mul failed: " + t.getClass().getSimpleName());
        }
        return q;
    }

    private static void check(byte[] b) {
        if (b.length != SIZE) throw new IllegalArgumentException("X25519 values are 32 bytes, not " + b.length);
    }
}
