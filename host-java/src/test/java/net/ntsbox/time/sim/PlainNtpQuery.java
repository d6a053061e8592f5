package net.ntsbox.time.sim;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One unauthenticated NTPv4 client exchange over loopback, for tests that read the server
 * header (LI, stratum, refid, root dispersion) a running appliance advertises.
 */
public final class PlainNtpQuery {
    /** The header fields of a response. */
    public record Reply(int leap, int version, int mode, int stratum, int rootDispersion, String referenceId) {
        @Override public String toString() {
            return "LI " + leap + " v" + version + " mode " + mode + " stratum " + stratum + " refid " + referenceId
                    + " rootdisp " + rootDispersion + "/65536 s";
        }
    }

    private PlainNtpQuery() {}

    /** Sends one mode-3 request; retries up to {@code tries} times on a 2 s timeout. */
    public static Reply query(InetSocketAddress server, int tries) throws IOException {
        byte[] req = new byte[48];
        req[0] = 0x23;                                  // LI 0, version 4, mode 3
        ByteBuffer.wrap(req).putLong(40, System.nanoTime() | 1);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(2_000);
            for (int i = 0; i < tries; i++) {
                s.send(new DatagramPacket(req, req.length, server));
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                try {
                    s.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                byte[] r = Arrays.copyOf(p.getData(), p.getLength());
                if (r.length < 48 || ByteBuffer.wrap(r).getLong(24) != ByteBuffer.wrap(req).getLong(40)) continue;
                ByteBuffer b = ByteBuffer.wrap(r);
                StringBuilder id = new StringBuilder();
                for (int k = 12; k < 16; k++) {
                    if (r[k] != 0) id.append((char) (r[k] & 0x7F));
                }
                return new Reply((r[0] >> 6) & 3, (r[0] >> 3) & 7, r[0] & 7, r[1] & 0xFF, b.getInt(8), id.toString());
            }
        }
        throw new IOException("no NTP response from " + server + " in " + tries + " tries");
    }
}
