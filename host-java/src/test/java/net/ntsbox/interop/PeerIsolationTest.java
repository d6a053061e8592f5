package net.ntsbox.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The peers run the way docs/testing.md promises: no CAP_SYS_TIME, and stopped by PID with nothing left behind. */
class PeerIsolationTest {
    private static final int CAP_SYS_TIME = 25;

    private static boolean hasCap(long pid, String set, int cap) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(set + ":")) {
                return new BigInteger(line.substring(set.length() + 1).strip(), 16).testBit(cap);
            }
        }
        throw new IllegalStateException(set + " not in /proc/" + pid + "/status");
    }

    @Test
    @Timeout(40)
    void chronyPeersCannotSetTheClockAndLeaveNoProcessBehind() throws Exception {
        long serverPid;
        long clientPid;
        try (var server = ChronyServerPeer.builder().start(); var client = ChronyClientPeer.of(server, "127.0.0.1").start()) {
            serverPid = server.pid();
            clientPid = client.pid();
            for (long pid : new long[] {serverPid, clientPid}) {
                assertFalse(hasCap(pid, "CapBnd", CAP_SYS_TIME), "CAP_SYS_TIME must not be in the bounding set of " + pid);
                assertFalse(hasCap(pid, "CapEff", CAP_SYS_TIME), "CAP_SYS_TIME must not be effective in " + pid);
            }
            assertTrue(server.configFile().toString().startsWith(PeerDirs.BASE.toString()));
        }
        for (long pid : new long[] {serverPid, clientPid}) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still alive after close");
        }
    }

    @Test
    @Timeout(40)
    void ntpdInANamespaceCannotSetTheClock() throws Exception {
        try (var ns = NetNamespace.create();
                var server = ChronyServerPeer.builder().netns(ns).start();
                var client = NtpsecClientPeer.builder(ns, "127.0.0.1", server.kePort()).start()) {
            assertFalse(hasCap(client.pid(), "CapBnd", CAP_SYS_TIME));
            // ntpd 1.2.2 calls ntp_adjtime() at start-up even with 'disable kernel' (G3): it must be refused
            boolean refused = Ports.await(Duration.ofSeconds(5), client::isRunning,
                    () -> client.logText().contains("ntp_adjtime: Operation not permitted"));
            assertTrue(refused, "expected ntpd's clock calls to get EPERM\n" + client.diagnostics());
        }
    }
}
