package net.ntsbox.fpga;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Points the binding at drivers/out/libntsfpga.so of this checkout and brings it up to date
 * with {@code make -C drivers} (a no-op when nothing changed; about 12 s from scratch). Tests
 * are skipped only when the library is absent and cannot be built here (no make or
 * Verilator); a build that runs and fails fails the test.
 */
final class SimLibrary {
    private static Boolean ready;

    private SimLibrary() {}

    static synchronized void require() {
        if (ready == null) ready = prepare();
        assumeTrue(ready, "libntsfpga is not built and make/verilator are not available");
    }

    static FpgaDevice openSim() {
        require();
        return FpgaDevice.open("sim:");
    }

    private static boolean prepare() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("drivers"))) root = root.getParent();
        if (root == null) return false;
        Path lib = root.resolve("drivers/out/libntsfpga.so");
        if (System.getProperty(NtsFpgaNative.LIB_PROPERTY) == null) System.setProperty(NtsFpgaNative.LIB_PROPERTY, lib.toString());
        if (!onPath("make") || !onPath("verilator")) return Files.exists(lib);
        try {
            Process p = new ProcessBuilder("make", "-s", "-C", root.resolve("drivers").toString(), "-j2", "out/libntsfpga.so")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("make -C drivers took more than 180 s");
            }
            if (p.exitValue() != 0) throw new IllegalStateException("make -C drivers failed (exit " + p.exitValue() + "); run drivers/run-tests.sh");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, exe))) return true;
        }
        return false;
    }
}
