package net.ntsbox.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.ntsbox.fpga.FpgaDevice;
import net.ntsbox.fpga.FpgaException;
import net.ntsbox.fpga.LabModel;

/**
 * Builds drivers/out/libntsfpga.so of this checkout (as lab mode does) and checks that it holds
 * the ntsbox_top model. Lab tests are skipped only when make/verilator are missing or the
 * engine RTL is not in the tree (the library then answers -ENOTSUP for the model); a build
 * that fails fails the test.
 */
public final class LabModelLibrary {
    private static Boolean ready;

    private LabModelLibrary() {}

    public static synchronized Path require() throws Exception {
        Path home = LabModel.home();
        if (ready == null) {
            Path lib = home.resolve("drivers/out/libntsfpga.so");
            if (onPath("make") && onPath("verilator")) LabModel.ensureBuilt(home);
            System.setProperty("ntsbox.fpga.lib", lib.toString());
            boolean ok = Files.exists(lib);
            if (ok) {
                try (FpgaDevice d = FpgaDevice.open(LabModel.DEVICE)) {
                    ok = d.hasPacketPort();
                } catch (FpgaException e) {
                    if (e.errno() != 95) throw e;   // ENOTSUP: built without the engine RTL
                    ok = false;
                }
            }
            ready = ok;
        }
        assumeTrue(ready, "the ntsbox_top model is not available (engine RTL missing, or no make/verilator)");
        return home;
    }

    /** JVM options for a child {@code ntsbox lab}: native access, this library, this checkout. */
    public static List<String> childJvmArgs() throws Exception {
        Path home = require();
        return List.of("--enable-native-access=ALL-UNNAMED", "-Dntsbox.home=" + home,
                "-Dntsbox.fpga.lib=" + home.resolve("drivers/out/libntsfpga.so"));
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, exe))) return true;
        }
        return false;
    }
}
