package net.ntsbox.crypto.nettle;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * GNU Nettle's AES-SIV-CMAC (the library chronyd uses for NTS), bound with the Foreign
 * Function &amp; Memory API: {@code nettle_siv_cmac_aes128_*} and {@code _aes256_*} (set_key,
 * encrypt_message, decrypt_message) from libnettle.so.8. Pointers are passed as 64-bit
 * integers into the caller's own native buffers (no MemorySegment per call: the hot path
 * allocates nothing), and the calls are bound "critical" (no thread-state transition; each
 * runs well under a microsecond). {@link #available()} is false when the
 * library or a symbol is missing or native access is refused; callers then use the Java AEAD.
 */
final class NettleLibrary {
    /** struct siv_cmac_aes128_ctx: cmac128_key (32) + 2 × aes128_ctx (176). */
    static final long CTX128_BYTES = 32 + 2 * 176;
    /** struct siv_cmac_aes256_ctx: cmac128_key (32) + 2 × aes256_ctx (240). */
    static final long CTX256_BYTES = 32 + 2 * 240;
    /** Alignment of the contexts (union nettle_block16 holds uint64_t; 16 for SIMD loads). */
    static final long CTX_ALIGN = 16;

    private static final String[] NAMES = {"libnettle.so.8", "libnettle.so"};
    static final Handles H = Handles.load();
    private static volatile String unavailableReason = H != null ? null : Handles.reason;

    private NettleLibrary() {}

    record Handles(MethodHandle setKey128, MethodHandle encrypt128, MethodHandle decrypt128,
                   MethodHandle setKey256, MethodHandle encrypt256, MethodHandle decrypt256) {
        static String reason = "not loaded";

        static Handles load() {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup lib = null;
                for (String name : NAMES) {
                    try {
                        lib = SymbolLookup.libraryLookup(name, java.lang.foreign.Arena.global());
                        break;
                    } catch (IllegalArgumentException notFound) {
                        // try the next name
                    }
                }
                if (lib == null) {
                    reason = "libnettle.so.8 not found";
                    return null;
                }
                ValueLayout.OfLong A = ValueLayout.JAVA_LONG; // pointers as addresses (LP64: same registers)
                ValueLayout.OfLong Z = ValueLayout.JAVA_LONG; // size_t on LP64
                FunctionDescriptor setKey = FunctionDescriptor.ofVoid(A, A);
                FunctionDescriptor enc = FunctionDescriptor.ofVoid(A, Z, A, Z, A, Z, A, A);
                FunctionDescriptor dec = FunctionDescriptor.of(ValueLayout.JAVA_INT, A, Z, A, Z, A, Z, A, A);
                Linker.Option critical = Linker.Option.critical(false);
                return new Handles(
                        down(linker, lib, "nettle_siv_cmac_aes128_set_key", setKey, critical),
                        down(linker, lib, "nettle_siv_cmac_aes128_encrypt_message", enc, critical),
                        down(linker, lib, "nettle_siv_cmac_aes128_decrypt_message", dec, critical),
                        down(linker, lib, "nettle_siv_cmac_aes256_set_key", setKey, critical),
                        down(linker, lib, "nettle_siv_cmac_aes256_encrypt_message", enc, critical),
                        down(linker, lib, "nettle_siv_cmac_aes256_decrypt_message", dec, critical));
            } catch (RuntimeException | LinkageError e) {
                // IllegalCallerException without --enable-native-access, missing symbol, other platform
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                return null;
            }
        }

        private static MethodHandle down(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd,
                                         Linker.Option o) {
            Optional<java.lang.foreign.MemorySegment> sym = lib.find(name);
            if (sym.isEmpty()) throw new UnsupportedOperationException("symbol " + name + " missing");
            return linker.downcallHandle(sym.get(), fd, o);
        }
    }

    static boolean available() {
        return H != null && Long.BYTES == 8 && System.getProperty("os.arch", "").matches("amd64|x86_64|aarch64");
    }

    /** Why {@link #available()} is false (no key material involved), or null when it is true. */
    static String unavailableReason() {
        return available() ? null : (H == null ? unavailableReason : "not a 64-bit x86 or ARM JVM");
    }
}
