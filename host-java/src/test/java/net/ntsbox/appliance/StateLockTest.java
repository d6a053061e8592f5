package net.ntsbox.appliance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StateLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondHolderIsRefusedWithTheFirstOnesPidAndPurposeUntilReleased() throws Exception {
        Path state = dir.resolve("sub/keys.state");
        try (StateLock first = StateLock.acquire(state, "ntsbox serve")) {
            assertEquals(dir.resolve("sub/keys.state.lock"), first.file());
            var e = assertThrows(StateLock.HeldException.class, () -> StateLock.acquire(state, "ntsbox keys x"));
            assertTrue(e.getMessage().contains("locked by pid " + ProcessHandle.current().pid() + " (ntsbox serve)"),
                    e.getMessage());
        }
        try (StateLock again = assertDoesNotThrow(() -> StateLock.acquire(state, "ntsbox keys x"))) {
            assertTrue(Files.readString(again.file()).contains("(ntsbox keys x)"));
        }
    }

    /** Two servers on one state directory would overwrite each other's ring: the second does not start. */
    @Test
    void aSecondApplianceOnTheSameStateDoesNotStartAndTheFirstKeepsServing() throws Exception {
        try (var a = SoftwareAppliance.start(SoftwareApplianceTest.config(dir, "[clock]\nrequire_sync = false\n"))) {
            var e = assertThrows(ApplianceStartException.class,
                    () -> SoftwareAppliance.start(SoftwareApplianceTest.config(dir, "[clock]\nrequire_sync = false\n")));
            assertTrue(e.getMessage().contains("is locked by pid " + ProcessHandle.current().pid()), e.getMessage());
            byte[] r = NtsTestClient.exchange(a.ntpAddresses().getFirst(), NtsTestClient.plainRequest(5));
            assertEquals(48, r.length, "the first still answers");
        }
        // closed: the lock is free again
        SoftwareAppliance.start(SoftwareApplianceTest.config(dir, "[clock]\nrequire_sync = false\n")).close();
    }
}
