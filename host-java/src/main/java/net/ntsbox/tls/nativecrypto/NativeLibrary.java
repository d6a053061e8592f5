package net.ntsbox.tls.nativecrypto;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * A system shared library opened with the Foreign Function &amp; Memory API for the lifetime of
 * the JVM. Opening never throws: a missing library, a missing symbol, another OS or refused
 * native access make {@link #open} return empty with the reason in {@link #lastFailure}.
 */
final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final SymbolLookup lookup;

    private NativeLibrary(String name, SymbolLookup lookup) {
        this.name = name;
        this.lookup = lookup;
    }

    /** The first of {@code names} that opens (Linux x86-64/aarch64 only), or empty with the reason. */
    static Result open(String... names) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            return new Result(Optional.empty(), "not Linux x86-64/aarch64 (" + os + "/" + arch + ")");
        }
        StringBuilder why = new StringBuilder();
        for (String n : names) {
            try {
                return new Result(Optional.of(new NativeLibrary(n, SymbolLookup.libraryLookup(n, Arena.global()))), "");
            } catch (IllegalArgumentException e) {
                why.append(why.isEmpty() ? "" : "; ").append(n).append(" not found");
            } catch (IllegalCallerException e) {
                return new Result(Optional.empty(), "native access refused (needs --enable-native-access)");
            }
        }
        return new Result(Optional.empty(), why.toString());
    }

    record Result(Optional<NativeLibrary> library, String lastFailure) {}

    String name() {
        return name;
    }

    /** A downcall handle; throws {@link UnsatisfiedLinkError} naming the symbol when it is absent. */
    MethodHandle function(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment address = lookup.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError(name + ": no symbol " + symbol));
        return LINKER.downcallHandle(address, descriptor, options);
    }
}
