package net.ntsbox.crypto.aesni;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * libntssiv (native/siv: AES-SIV on AES-NI), bound with the Foreign Function &amp; Memory API.
 * Found at the system property {@value #LIB_PROPERTY} (a path; surefire sets it), else at
 * {@code <ntsbox.home>/native/siv/out/libntssiv.so} (the launcher builds it there).
 *
 * <p>The crypto calls are bound "critical" with heap access: Java arrays are passed in place
 * (no copy into native memory, so no plaintext or key is left there), and each call runs well
 * under a microsecond. {@link #available()} is false when the library or a symbol is missing,
 * native access is refused, the JVM is not x86-64, or the CPU lacks AES-NI / SSSE3 / SSE4.1
 * (asked of the library's CPUID check before any AES instruction runs).
 */
final class AesNiLibrary {
    /** System property: the path of libntssiv.so (overrides ntsbox.home). */
    static final String LIB_PROPERTY = "ntsbox.siv.lib";
    static final String RELATIVE_PATH = "native/siv/out/libntssiv.so";
    /** S2V component flags (include/ntssiv.h). */
    static final int AD = 1, NONCE = 2;

    static final MethodHandle SEAL, OPEN, SEAL_MANY, SEAL_COMPONENTS, OPEN_COMPONENTS, INIT;
    /** sizeof the expanded-key context (alignment 16); 0 when unavailable. */
    static final long CTX_BYTES;
    private static final String REASON;

    private AesNiLibrary() {}

    static {
        MethodHandle seal = null, open = null, many = null, sealC = null, openC = null, init = null;
        long ctxBytes = 0;
        String reason = null;
        try {
            String arch = System.getProperty("os.arch", "");
            Path lib = location();
            if (!arch.equals("amd64") && !arch.equals("x86_64")) {
                reason = "AES-NI needs an x86-64 JVM (os.arch " + arch + ")";
            } else if (lib == null) {
                reason = "neither -D" + LIB_PROPERTY + " nor -Dntsbox.home is set";
            } else if (!Files.isRegularFile(lib)) {
                reason = lib + " not found (make -C native/siv)";
            } else {
                Linker linker = Linker.nativeLinker();
                SymbolLookup l = SymbolLookup.libraryLookup(lib, Arena.global());
                ValueLayout.OfLong J = ValueLayout.JAVA_LONG; // size_t on LP64
                ValueLayout A = ValueLayout.ADDRESS;
                ValueLayout.OfInt I = ValueLayout.JAVA_INT;
                MethodHandle cpu = linker.downcallHandle(find(l, "ntssiv_cpu_supported"), FunctionDescriptor.of(I));
                if ((int) cpu.invokeExact() == 0) {
                    reason = "this CPU lacks AES-NI, SSSE3 or SSE4.1";
                } else {
                    Linker.Option heap = Linker.Option.critical(true);
                    FunctionDescriptor oneShot = FunctionDescriptor.of(J, A, A, J, J, I, A, J, J, A, J, J, A, J, J, A, J);
                    FunctionDescriptor comps = FunctionDescriptor.of(J, A, J, A, A, A, J, A);
                    seal = linker.downcallHandle(find(l, "ntssiv_seal"), oneShot, heap);
                    open = linker.downcallHandle(find(l, "ntssiv_open"), oneShot, heap);
                    many = linker.downcallHandle(find(l, "ntssiv_seal_many"),
                            FunctionDescriptor.of(J, A, J, I, A, J, J, A, J, J, J, A, J, J, A, J, J), heap);
                    sealC = linker.downcallHandle(find(l, "ntssiv_seal_components"), comps, heap);
                    openC = linker.downcallHandle(find(l, "ntssiv_open_components"), comps, heap);
                    init = linker.downcallHandle(find(l, "ntssiv_init"), FunctionDescriptor.of(I, A, A, J), heap);
                    ctxBytes = (long) linker.downcallHandle(find(l, "ntssiv_ctx_bytes"), FunctionDescriptor.of(J)).invokeExact();
                }
            }
        } catch (Throwable e) {
            // IllegalCallerException without --enable-native-access, a missing symbol, a bad file
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            seal = open = many = sealC = openC = init = null;
        }
        SEAL = seal;
        OPEN = open;
        SEAL_MANY = many;
        SEAL_COMPONENTS = sealC;
        OPEN_COMPONENTS = openC;
        INIT = init;
        CTX_BYTES = seal == null ? 0 : ctxBytes;
        REASON = seal == null ? (reason == null ? "not loaded" : reason) : null;
    }

    /** Where the library is looked for, or null when neither property is set. */
    static Path location() {
        String p = System.getProperty(LIB_PROPERTY);
        if (p != null && !p.isEmpty()) return Path.of(p);
        String home = System.getProperty("ntsbox.home");
        return home == null || home.isEmpty() ? null : Path.of(home).resolve(RELATIVE_PATH);
    }

    private static MemorySegment find(SymbolLookup l, String name) {
        return l.find(name).orElseThrow(() -> new UnsupportedOperationException("symbol " + name + " missing"));
    }

    static boolean available() { return REASON == null; }

    /** Why {@link #available()} is false (never key material), or null when it is true. */
    static String unavailableReason() { return REASON; }
}
