package net.ntsbox.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.crypto.NtsExporterContext;
import net.ntsbox.ke.KeClient;
import net.ntsbox.ke.KeClientResult;
import net.ntsbox.ke.KeyExporter;
import net.ntsbox.ntp.AuthenticatorParseResult;
import net.ntsbox.ntp.ExtensionFields;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtpParse;
import net.ntsbox.ntp.NtsAuthenticator;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.ntp.ParsedPacket;

/**
 * A minimal NTS client for the appliance tests, built from the sans-IO client pieces: NTS-KE
 * over a JDK SSLSocket (TLS 1.3, ALPN ntske/1), keys from the JDK exporter, requests built
 * and responses verified here (not with the server's code).
 */
final class NtsTestClient {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What NTS-KE left the client with. */
    record Session(AeadAlgorithm aead, byte[] c2s, byte[] s2c, List<byte[]> cookies, KeClientResult.Success ke) {}

    /** A verified NTS response: header, and the cookies from its encrypted part. */
    record Reply(NtpHeader header, List<byte[]> cookies) {}

    private NtsTestClient() {}

    static SSLContext trusting(X509Certificate cert) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static Session keyExchange(SSLContext tls, InetSocketAddress to, List<Integer> aeads) throws IOException {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(to.getAddress(), to.getPort())) {
            s.setSoTimeout(5000);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setApplicationProtocols(new String[] {"ntske/1"});
            s.setSSLParameters(p);
            s.startHandshake();
            assertEquals("ntske/1", s.getApplicationProtocol());
            s.getOutputStream().write(KeClient.buildRequest(aeads, false));
            s.getOutputStream().flush();
            byte[] reply = readAll(s.getInputStream());
            KeClientResult r = KeClient.parseResponse(reply, reply.length, aeads);
            KeClientResult.Success ok = assertInstanceOf(KeClientResult.Success.class, r, "NTS-KE result " + r);
            AeadAlgorithm alg = AeadAlgorithm.byId(ok.aead()).orElseThrow();
            AeadAlgorithm ctx = AeadAlgorithm.byId(ok.exporterContextAead()).orElseThrow();
            ExtendedSSLSession session = (ExtendedSSLSession) s.getSession();
            byte[] c2s = session.exportKeyingMaterialData(KeyExporter.LABEL,
                    NtsExporterContext.of(NtsExporterContext.NTPV4, ctx, NtsExporterContext.Direction.C2S), alg.keyLength());
            byte[] s2c = session.exportKeyingMaterialData(KeyExporter.LABEL,
                    NtsExporterContext.of(NtsExporterContext.NTPV4, ctx, NtsExporterContext.Direction.S2C), alg.keyLength());
            return new Session(alg, c2s, s2c, new ArrayList<>(ok.cookies()), ok);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        for (int n; (n = in.read(b)) >= 0; ) out.write(b, 0, n);
        return out.toByteArray();
    }

    /** A plain NTPv4 client request (48 bytes) with this transmit timestamp. */
    static byte[] plainRequest(long transmit) {
        byte[] out = new byte[NtpHeader.LENGTH];
        new NtpHeader(0, 4, NtpHeader.MODE_CLIENT, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, transmit).write(out, 0);
        return out;
    }

    /** An NTS request as chrony builds it: UID, one cookie, {@code placeholders} placeholders, authenticator. */
    static byte[] ntsRequest(Session s, byte[] cookie, byte[] uid, long transmit, int placeholders) {
        byte[] nonce = new byte[s.aead().nonceLength()];
        RANDOM.nextBytes(nonce);
        int uidEf = ExtensionFields.paddedLength(uid.length, 0);
        int cookieEf = ExtensionFields.paddedLength(cookie.length, 0);
        int authOff = NtpHeader.LENGTH + uidEf + cookieEf * (1 + placeholders);
        int authLen = NtsAuthenticator.fieldLength(nonce.length, 16, s.aead().nonceLength(), 0);
        byte[] out = new byte[authOff + authLen];
        new NtpHeader(0, 4, NtpHeader.MODE_CLIENT, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, transmit).write(out, 0);
        int o = NtpHeader.LENGTH;
        o += ExtensionFields.write(out, o, NtsExtensionType.UNIQUE_IDENTIFIER, uid, 0, uid.length, 0);
        o += ExtensionFields.write(out, o, NtsExtensionType.NTS_COOKIE, cookie, 0, cookie.length, 0);
        for (int i = 0; i < placeholders; i++) {
            o += ExtensionFields.writeHeader(out, o, NtsExtensionType.NTS_COOKIE_PLACEHOLDER, cookie.length, 0);
        }
        NtsAuthenticator.write(out, o, nonce, 0, nonce.length, 16, s.aead().nonceLength(), 0);
        Aeads.create(s.aead(), s.c2s()).sealInto(nonce, 0, nonce.length, out, 0, o, new byte[0], 0, 0, out,
                NtsAuthenticator.ciphertextStart(o, nonce.length));
        return out;
    }

    static byte[] uid() {
        byte[] u = new byte[32];
        RANDOM.nextBytes(u);
        return u;
    }

    /** Sends one datagram and waits (2 s at most) for the answer. */
    static byte[] exchange(InetSocketAddress to, byte[] request) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(to);
            ch.write(ByteBuffer.wrap(request));
            ch.configureBlocking(false);
            ByteBuffer in = ByteBuffer.allocate(4096);
            long end = System.nanoTime() + 2_000_000_000L;
            try (var sel = java.nio.channels.Selector.open()) {
                ch.register(sel, java.nio.channels.SelectionKey.OP_READ);
                while (System.nanoTime() < end) {
                    if (sel.select(100) > 0 && ch.read(in) > 0) {
                        return Arrays.copyOf(in.array(), in.position());
                    }
                    sel.selectedKeys().clear();
                }
            }
            throw new IOException("no answer from " + to + " within 2 s");
        }
    }

    /** Checks the response as a client must (UID echoed, origin, authenticator under S2C) and returns its cookies. */
    static Reply verify(Session s, byte[] response, byte[] uid, long transmit) {
        ParsedPacket p = assertInstanceOf(ParsedPacket.class, NtpParse.parse(response, 0, response.length));
        NtpHeader h = p.header();
        assertEquals(NtpHeader.MODE_SERVER, h.mode());
        assertEquals(transmit, h.originTimestamp(), "origin = our transmit timestamp");
        int u = p.indexOf(NtsExtensionType.UNIQUE_IDENTIFIER, 0);
        assertTrue(u >= 0 && Arrays.equals(uid, p.efBody(u)), "UID echoed");
        int a = p.indexOf(NtsExtensionType.NTS_AUTHENTICATOR, 0);
        assertTrue(a >= 0, "response has an authenticator (not a NAK: refid " + Integer.toHexString(h.referenceId()) + ")");
        AuthenticatorParseResult ar = NtsAuthenticator.parse(p, a, s.aead().nonceLength());
        NtsAuthenticator auth = assertInstanceOf(NtsAuthenticator.class, ar);
        byte[] pt = new byte[auth.ciphertextLength()];
        int n = Aeads.create(s.aead(), s.s2c()).openInto(response, auth.nonceStart(), auth.nonceLength(), response, 0,
                auth.associatedDataLength(), response, auth.ciphertextStart(), auth.ciphertextLength(), pt, 0);
        assertTrue(n >= 0, "response authenticates under S2C");
        List<byte[]> cookies = new ArrayList<>();
        for (int o = 0; o < n; ) {
            int type = ((pt[o] & 0xff) << 8) | (pt[o + 1] & 0xff);
            int len = ((pt[o + 2] & 0xff) << 8) | (pt[o + 3] & 0xff);
            assertEquals(NtsExtensionType.NTS_COOKIE, type);
            cookies.add(Arrays.copyOfRange(pt, o + 4, o + len));
            o += len;
        }
        return new Reply(h, cookies);
    }

    /** Key ID (first 4 bytes) of a cookie. */
    static int keyId(byte[] cookie) {
        return ((cookie[0] & 0xff) << 24) | ((cookie[1] & 0xff) << 16) | ((cookie[2] & 0xff) << 8) | (cookie[3] & 0xff);
    }
}
