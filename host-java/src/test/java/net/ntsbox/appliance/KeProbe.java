package net.ntsbox.appliance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.OptionalInt;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import net.ntsbox.ke.KeMessageCodec;
import net.ntsbox.ke.KeParseResult;
import net.ntsbox.ke.KeRecord;
import net.ntsbox.ke.KeRecordType;

/**
 * Raw NTS-KE clients for the bad-input tests: hand-built records over a JDK TLS 1.3 socket
 * (ALPN ntske/1 unless told otherwise), or plain TCP. They read what the server sends until
 * it closes, so a test can tell "Error record", "no bytes at all" and "closed at the deadline".
 */
final class KeProbe {
    static final int READ_TIMEOUT_MS = 5000;

    private KeProbe() {}

    /** One record: critical bit, 15-bit type, body. */
    static byte[] rec(boolean critical, int type, int... body) {
        byte[] out = new byte[4 + body.length];
        out[0] = (byte) ((critical ? 0x80 : 0) | (type >>> 8));
        out[1] = (byte) type;
        out[2] = (byte) (body.length >>> 8);
        out[3] = (byte) body.length;
        for (int i = 0; i < body.length; i++) {
            out[4 + i] = (byte) body[i];
        }
        return out;
    }

    /** A record with {@code n} zero bytes of body. */
    static byte[] recOfLength(boolean critical, int type, int n) {
        return rec(critical, type, new int[n]);
    }

    static final byte[] EOM = rec(true, KeRecordType.END_OF_MESSAGE);
    static final byte[] NEXT_PROTOCOL_NTPV4 = rec(true, KeRecordType.NEXT_PROTOCOL, 0, 0);
    static final byte[] AEAD_15 = rec(false, KeRecordType.AEAD_ALGORITHM, 0, 15);

    /** The records concatenated (no End of Message added). */
    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The records followed by End of Message. */
    static byte[] msg(byte[]... records) {
        return cat(cat(records), EOM);
    }

    /** A valid request: NTPv4, AES-SIV-CMAC-256. */
    static byte[] validRequest() {
        return msg(NEXT_PROTOCOL_NTPV4, AEAD_15);
    }

    /** A TLS 1.3 socket to the server, handshake not yet started. {@code alpn} empty: no ALPN extension. */
    static SSLSocket tls(SSLContext ctx, InetSocketAddress to, String[] protocols, String... alpn) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(to.getAddress(), to.getPort());
        configure(s, protocols, alpn);
        return s;
    }

    /** Like {@link #tls} over a TCP socket bound to {@code source} (another loopback address, for per-IP limits). */
    static SSLSocket tlsFrom(SSLContext ctx, InetAddress source, InetSocketAddress to) throws IOException {
        Socket raw = new Socket(to.getAddress(), to.getPort(), source, 0);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, to.getHostString(), to.getPort(), true);
        configure(s, new String[] {"TLSv1.3"}, "ntske/1");
        return s;
    }

    private static void configure(SSLSocket s, String[] protocols, String... alpn) throws IOException {
        s.setSoTimeout(READ_TIMEOUT_MS);
        s.setTcpNoDelay(true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(protocols);
        if (alpn.length > 0) {
            p.setApplicationProtocols(alpn);
        }
        s.setSSLParameters(p);
    }

    static SSLSocket ntske(SSLContext ctx, InetSocketAddress to) throws IOException {
        SSLSocket s = tls(ctx, to, new String[] {"TLSv1.3"}, "ntske/1");
        s.startHandshake();
        return s;
    }

    /** Handshake, write each chunk as its own TLS record (flushed), read until the server closes. */
    static byte[] exchange(SSLContext ctx, InetSocketAddress to, byte[]... chunks) throws IOException {
        try (SSLSocket s = ntske(ctx, to)) {
            OutputStream out = s.getOutputStream();
            for (byte[] c : chunks) {
                out.write(c);
                out.flush();
            }
            return drain(s.getInputStream());
        }
    }

    /** Reads until EOF, a reset or the read timeout; returns what arrived (application bytes for TLS sockets). */
    static byte[] drain(InputStream in) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            byte[] b = new byte[4096];
            for (int n; (n = in.read(b)) >= 0; ) {
                got.write(b, 0, n);
            }
        } catch (IOException e) {
            // reset or alert from the server, or our timeout: the caller checks timing and bytes
        }
        return got.toByteArray();
    }

    /** The records of a complete reply (End of Message excluded); fails on anything else. */
    static List<KeRecord> records(byte[] reply) {
        KeParseResult r = KeMessageCodec.parseFinal(reply, reply.length);
        if (!(r instanceof KeParseResult.Complete c)) {
            throw new AssertionError("not a complete NTS-KE message (" + reply.length + " bytes): " + r);
        }
        return c.records();
    }

    /** The code of the reply's Error record, if it has one (RFC 8915 §4.1.3). */
    static OptionalInt errorCode(byte[] reply) {
        for (KeRecord r : records(reply)) {
            if (r.type() == KeRecordType.ERROR) {
                int[] v = r.u16s();
                return v.length == 1 ? OptionalInt.of(v[0]) : OptionalInt.of(-1);
            }
        }
        return OptionalInt.empty();
    }

    static long count(byte[] reply, int type) {
        return records(reply).stream().filter(r -> r.type() == type).count();
    }
}
