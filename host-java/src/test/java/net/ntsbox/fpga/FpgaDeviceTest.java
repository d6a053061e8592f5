package net.ntsbox.fpga;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JNA binding against the Verilator model of csr_top (and the UIO refusal path). */
class FpgaDeviceTest {
    @Test
    void simOpensWithItsCapabilitiesAndReadsTheRegisterMap() {
        try (FpgaDevice d = SimLibrary.openSim()) {
            assertTrue(d.isSimulation());
            assertFalse(d.hasPacketPort());
            assertEquals(FpgaDevice.CAP_SIM | FpgaDevice.CAP_CSR_PROBES, d.capabilities());
            assertEquals(Registers.TOP_ID, d.read32(Registers.TOP_NAME));
            assertEquals(Registers.NUM_BLOCKS, d.read32(Registers.TOP_BLOCKS));
            d.write32(Registers.TOP_SCRATCH, 0x1234_5678);
            assertEquals(0x1234_5678, d.read32(Registers.TOP_SCRATCH));
            FpgaException e = assertThrows(FpgaException.class, () -> d.read32(Registers.NUM_BLOCKS * Registers.BLOCK_SIZE));
            assertEquals(FpgaException.EIO, e.errno());
            e = assertThrows(FpgaException.class, () -> d.injectFrame(new byte[64], 10));
            assertEquals(FpgaException.ENOTSUP, e.errno());
        }
    }

    @Test
    void closedDeviceAndBadNamesFailClearly() {
        SimLibrary.require();
        FpgaDevice d = FpgaDevice.open("sim:model=csr_top");
        d.close();
        d.close();
        assertEquals(FpgaException.ENODEV, assertThrows(FpgaException.class, () -> d.read32(0)).errno());
        FpgaException e = assertThrows(FpgaException.class, () -> FpgaDevice.open("sim:model=gpu"));
        assertEquals(FpgaException.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("model=gpu"), e.getMessage());
    }

    @Test
    void uioRefusesAWindowWhoseBlockIsNotOurs(@TempDir Path dir) throws Exception {
        SimLibrary.require();
        Files.createDirectories(dir.resolve("sys/uio0/maps/map0"));
        Files.createDirectories(dir.resolve("dev"));
        Files.writeString(dir.resolve("sys/uio0/name"), "ntsbox\n");
        Files.writeString(dir.resolve("sys/uio0/maps/map0/size"), "0x10000\n");
        Files.write(dir.resolve("dev/uio0"), new byte[0x10000]); // all zero: TOP NAME reads 0
        String spec = "uio:ntsbox,sysfs=" + dir.resolve("sys") + ",dev=" + dir.resolve("dev");
        FpgaException e = assertThrows(FpgaException.class, () -> FpgaDevice.open(spec));
        assertEquals(FpgaException.ENODEV, e.errno());
        assertTrue(e.getMessage().contains("block TOP at 0x0000: NAME reads 0x00000000"), e.getMessage());
        e = assertThrows(FpgaException.class, () -> FpgaDevice.open("uio:other,sysfs=" + dir.resolve("sys")));
        assertEquals(FpgaException.ENOENT, e.errno());
    }
}
