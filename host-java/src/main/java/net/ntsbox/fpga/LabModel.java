package net.ntsbox.fpga;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Brings the Verilated model library up to date before lab mode opens it: runs
 * {@code make -C <home>/drivers out/libntsfpga.so} (a no-op when nothing changed; about a
 * minute on first use: it verilates csr_top and the whole ntsbox_top) and points the binding
 * at the result unless {@code ntsbox.fpga.lib} / {@code NTSBOX_FPGA_LIB} already chose a library.
 */
public final class LabModel {
    public static final String DEVICE = "sim:model=ntsbox_top";

    private LabModel() {}

    /** The checkout root: {@code ntsbox.home}, else the first parent of the working directory with drivers/. */
    public static Path home() {
        String h = System.getProperty("ntsbox.home");
        if (h != null) return Path.of(h);
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("drivers"))) root = root.getParent();
        if (root == null) throw new IllegalStateException("cannot find the ntsbox checkout (drivers/); set -Dntsbox.home");
        return root;
    }

    /** Builds the library if needed; throws with make's last lines on failure. */
    public static void ensureBuilt(Path home) throws IOException {
        if (System.getProperty(NtsFpgaNative.LIB_PROPERTY) != null || System.getenv("NTSBOX_FPGA_LIB") != null) return;
        Path drivers = home.resolve("drivers");
        Path log = Files.createTempFile("ntsbox-make-", ".log");
        try {
            Process p = new ProcessBuilder("make", "-s", "-C", drivers.toString(), "-j2", "out/libntsfpga.so")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("make -C " + drivers + " took more than 600 s");
            }
            if (p.exitValue() != 0) {
                var lines = Files.readAllLines(log);
                throw new IOException("make -C " + drivers + " out/libntsfpga.so failed (exit " + p.exitValue() + "):\n  "
                        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the FPGA model", e);
        } finally {
            Files.deleteIfExists(log);
        }
        System.setProperty(NtsFpgaNative.LIB_PROPERTY, drivers.resolve("out/libntsfpga.so").toString());
    }
}
