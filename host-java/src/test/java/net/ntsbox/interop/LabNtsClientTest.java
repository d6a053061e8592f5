package net.ntsbox.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.ntsbox.client.NtsSession;
import net.ntsbox.client.ResponseResult;
import net.ntsbox.client.net.KeEndpoint;
import net.ntsbox.client.net.KeTlsClient;
import net.ntsbox.client.net.NtsUdpClient;
import net.ntsbox.fpga.FpgaDatapath;
import net.ntsbox.fpga.Registers;
import net.ntsbox.interop.TestPki.KeyType;
import net.ntsbox.ntp.NtpTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our own NTS client against {@code ntsbox lab}: authenticated exchanges, then requests
 * tampered on the way (authenticator, cookie) which the RTL must NAK (stratum 0, NTSN), and
 * the FPGA counters read over JNA must match exactly what was sent.
 */
class LabNtsClientTest {
    @TempDir
    Path state;

    @Test
    @Timeout(90)
    void authenticatedThenTamperedRequestsAreNakedAndCounted() throws Exception {
        try (var a = LabChronyInteropTest.startLab(LabChronyInteropTest.config(state, ""))) {
            FpgaDatapath fpga = (FpgaDatapath) a.datapath();
            var before = fpga.counters();
            KeTlsClient ke = new KeTlsClient(KeTlsClient.trustingPem(TestPki.get().caCert()));
            var hs = ke.exchange(new KeEndpoint("127.0.0.1", a.keAddresses().getFirst().getPort(), true), List.of(15),
                    Duration.ofSeconds(10));
            assertTrue(hs.ok(), hs.toString());
            NtsSession session = hs.session();
            InetSocketAddress ntp = new InetSocketAddress("127.0.0.1", a.advertisedNtpPort());
            int answered = 0;
            try (NtsUdpClient udp = new NtsUdpClient(ntp)) {
                for (int i = 0; i < 3; i++) {
                    var x = udp.exchange(session, Duration.ofSeconds(5));
                    assertInstanceOf(NtsUdpClient.Answered.class, x, "exchange " + i + ": " + x);
                    answered++;
                }
            }
            assertEquals(NtsSession.MAX_COOKIES, session.cookiesHeld());

            // a NAK discards a session: one share of the cookies for each tampered request
            List<NtsSession> shares = session.split(2);
            // tampered authenticator: the cookie opens, the request's tag does not verify
            byte[] nak1 = sendTampered(shares.get(0), ntp, len -> len - 1);
            // tampered cookie (UID field 36 bytes, then the cookie field): it no longer opens
            byte[] nak2 = sendTampered(shares.get(1), ntp, len -> 48 + 36 + 4 + 40);
            for (byte[] r : List.of(nak1, nak2)) {
                assertEquals(0, r[1], "stratum 0 (kiss-o'-death)");
                assertEquals("NTSN", new String(r, 12, 4, StandardCharsets.US_ASCII));
            }

            var hw = fpga.counters();
            String diag = "FPGA: " + hw + "\nbridge: " + fpga.bridgeStats();
            assertEquals(answered, hw.counter(Registers.CNT_IDX_NTS_OK) - before.counter(Registers.CNT_IDX_NTS_OK), diag);
            assertEquals(1, hw.counter(Registers.CNT_IDX_NTS_NAK_BAD_TAG), diag);
            assertEquals(1, hw.counter(Registers.CNT_IDX_NTS_NAK_BAD_COOKIE), diag);
            assertEquals(answered + 2, hw.counter(Registers.CNT_IDX_RX_FRAMES), diag);
            assertEquals(answered + 2, hw.counter(Registers.CNT_IDX_RX_OK), diag);
            assertEquals(answered + 2, hw.counter(Registers.CNT_IDX_TX_SENT), diag);
            assertEquals(0, hw.counter(Registers.CNT_IDX_NTP_SERVED) + hw.counter(Registers.CNT_IDX_TX_LATE)
                    + hw.counter(Registers.CNT_IDX_NTS_DROP_LATE) + hw.counter(Registers.CNT_IDX_DROP_OVERLOAD), diag);
            for (String name : hw.asMap().keySet()) {
                if (name.startsWith("drop_")) assertEquals(0L, hw.asMap().get(name), name + "\n" + diag);
            }
            // the software metric names carry the hardware counts
            assertEquals(1L, fpga.outcomes().get(net.ntsbox.server.StepOutcome.NAK_BAD_AUTHENTICATOR), diag);
        }
    }

    /** Builds the session's next request, flips one byte at position(len), sends it, returns the answer. */
    private static byte[] sendTampered(NtsSession session, InetSocketAddress to, java.util.function.IntUnaryOperator position)
            throws Exception {
        SecureRandom rnd = new SecureRandom();
        byte[] uid = new byte[32];
        byte[] nonce = new byte[session.aead().nonceLength()];
        rnd.nextBytes(uid);
        rnd.nextBytes(nonce);
        byte[] out = new byte[1200];
        var p = session.buildRequest(out, 0, NtpTimestamp.fromUnixNanos(NtsUdpClient.nowUnixNanos()), uid, nonce);
        int len = p.length();
        out[position.applyAsInt(len)] ^= 0x01;
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(5000);
            s.send(new DatagramPacket(out, len, to));
            byte[] in = new byte[1500];
            DatagramPacket r = new DatagramPacket(in, in.length);
            s.receive(r);
            byte[] got = Arrays.copyOf(in, r.getLength());
            assertInstanceOf(ResponseResult.Nak.class, session.accept(got, 0, got.length), "a NAK for our request");
            return got;
        }
    }
}
