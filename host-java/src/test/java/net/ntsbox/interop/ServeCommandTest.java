package net.ntsbox.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.ntsbox.cli.Main;
import net.ntsbox.config.HostPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ntsbox serve} as a command: a fresh state dir on loopback, the printed client hints, SIGTERM, start failures. */
class ServeCommandTest {
    @TempDir
    Path state;

    @Test
    @Timeout(60)
    void serveStartsOnAFreshStateDirAnswersAndStopsOnSigterm() throws Exception {
        try (var serve = ServeProcess.start(null, Duration.ofSeconds(30), "--state-dir", state.toString(),
                "--ke-listen", "127.0.0.1:0", "--ntp-listen", "127.0.0.1:0", "--ntp-listen", "[::1]:0",
                "--require-sync", "false", "--threads", "1")) {
            String out = serve.output();
            assertTrue(serve.running(), out);
            InetSocketAddress ntp = serve.listening("udp").getFirst();
            int ke = serve.listening("tcp").getFirst().getPort();
            assertEquals(2, serve.listening("udp").size(), out);
            assertTrue(out.contains("server 127.0.0.1 iburst nts port " + ntp.getPort() + " ntsport " + ke), out);
            assertTrue(out.contains("ntstrustedcerts " + state.resolve("ntske-selfsigned.pem")), out);
            assertTrue(out.contains("server 127.0.0.1:" + ke + " nts ca " + state.resolve("ntske-selfsigned.pem")), out);
            assertTrue(out.contains("created a NEW cluster seed"), out);
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.connect(ntp);
                byte[] rq = new byte[48];
                rq[0] = 0x23;
                ch.write(ByteBuffer.wrap(rq));
                ByteBuffer in = ByteBuffer.allocate(100);
                ch.socket().setSoTimeout(2000);
                ch.socket().receive(new java.net.DatagramPacket(in.array(), 100));
                in.position(48);
                assertEquals(48, in.position());
                assertEquals(0x24, in.get(0), "leap 0, v4, server mode");
                assertEquals(1, in.get(1), "stratum 1 (require_sync false)");
            }
            serve.terminate();
            assertEquals(143, serve.awaitExit(Duration.ofSeconds(5)), "128 + SIGTERM, after the shutdown hook ran");
            assertTrue(serve.output().contains("ntsbox serve: stopping"), serve.output());
            assertTrue(Files.exists(state.resolve("keys.state")));
        }
    }

    @Test
    void badConfigurationExitsWithOneAndNamesTheKey() throws Exception {
        Path cfg = state.resolve("bad.toml");
        Files.writeString(cfg, "[ntp]\nthreads = \"many\"\n");
        var r = run("serve", "--config", cfg.toString());
        assertEquals(1, r.status);
        assertTrue(r.err.contains("ntsbox serve: bad configuration: " + cfg + ": ntp.threads: must be an integer"), r.err);
        var r2 = run("serve", "--ntp-listen", "127.0.0.1", "--state-dir", state.toString());
        assertEquals(1, r2.status);
        assertTrue(r2.err.contains("ntp.listen (from --ntp-listen)"), r2.err);
    }

    @Test
    void aPortInUseExitsWithOne() throws Exception {
        try (DatagramChannel taken = DatagramChannel.open()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            String at = HostPort.format((InetSocketAddress) taken.getLocalAddress());
            var r = run("serve", "--state-dir", state.toString(), "--ke-listen", "127.0.0.1:0", "--ntp-listen", at);
            assertEquals(1, r.status);
            assertTrue(r.err.contains("ntsbox serve: cannot start: cannot bind UDP " + at), r.err);
        }
    }

    @Test
    void anUnreadableCertificateExitsWithOne() throws Exception {
        var r = run("serve", "--state-dir", state.toString(), "--ke-listen", "127.0.0.1:0", "--ntp-listen", "127.0.0.1:0",
                "--cert", state.resolve("missing.pem").toString(), "--key", state.resolve("missing.key").toString());
        assertEquals(1, r.status);
        assertTrue(r.err.contains("ntsbox serve: cannot start: nts_ke.cert/nts_ke.key"), r.err);
    }

    private record Run(int status, String err) {}

    private static Run run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            int s = Main.commandLine().execute(args);
            return new Run(s, buf.toString());
        } finally {
            System.setErr(old);
        }
    }
}
