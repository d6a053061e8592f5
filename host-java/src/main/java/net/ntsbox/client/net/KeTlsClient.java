package net.ntsbox.client.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import net.ntsbox.client.NtsSession;
import net.ntsbox.ke.KeClient;
import net.ntsbox.ke.KeClientResult;
import net.ntsbox.ke.KeLimits;
import net.ntsbox.ke.KeMessageCodec;
import net.ntsbox.ke.KeParseResult;
import net.ntsbox.ke.KeRecordType;
import net.ntsbox.ke.KeyExporter;

/**
 * NTS-KE client over the JDK's TLS (SSLSocket): TLS 1.3 only, ALPN ntske/1, the server
 * certificate validated against the given trust anchors with HTTPS endpoint identification
 * (IP SANs for IP literals, no SNI then), keys from the session's TLS exporter. The protocol
 * itself is {@link KeClient}; this class only moves bytes.
 */
public final class KeTlsClient {
    public static final String ALPN_NTSKE = "ntske/1";

    private final SSLContext tls;

    public KeTlsClient(SSLContext tls) {
        this.tls = tls;
    }

    /** Trust exactly the certificates in a PEM file (one or more). */
    public static SSLContext trustingPem(Path pem) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : cf.generateCertificates(in)) ks.setCertificateEntry("ca" + i++, c);
            if (i == 0) throw new GeneralSecurityException("no certificate in " + pem);
        }
        return context(ks);
    }

    /** Trust the JDK's default trust store (cacerts, or javax.net.ssl.trustStore when set). */
    public static SSLContext systemTrust() throws GeneralSecurityException {
        return context(null);
    }

    private static SSLContext context(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** One NTS-KE: what the server said, and the session if it was usable. */
    public record Handshake(KeClientResult result, NtsSession session, InetAddress peer, String cipherSuite,
                            long handshakeNanos) {
        public boolean ok() { return session != null; }

        @Override
        public String toString() {
            return "Handshake[" + result + ", peer=" + peer.getHostAddress() + ", " + cipherSuite + "]";
        }
    }

    /**
     * Connects, handshakes, sends the request offering {@code aeads} (record 1024 too when 30
     * is offered) and reads the response until End of Message or the server closes.
     * @throws IOException for connect, TLS (certificate, ALPN) and timeout failures
     */
    public Handshake exchange(KeEndpoint to, List<Integer> aeads, Duration timeout) throws IOException {
        InetAddress addr = InetAddress.getByName(to.host());
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        long start = System.nanoTime();
        Socket raw = new Socket();
        try {
            raw.connect(new InetSocketAddress(addr, to.port()), ms);
            raw.setSoTimeout(ms);
            raw.setTcpNoDelay(true);
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, to.host(), to.port(), true);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setApplicationProtocols(new String[] {ALPN_NTSKE});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(to.isIpLiteral() ? List.of() : List.of(new SNIHostName(to.host())));
            s.setSSLParameters(p);
            s.startHandshake();
            if (!ALPN_NTSKE.equals(s.getApplicationProtocol())) {
                throw new SSLException("server did not select ALPN " + ALPN_NTSKE + " (got "
                        + s.getApplicationProtocol() + ")");
            }
            if (!(s.getSession() instanceof ExtendedSSLSession session)) {
                throw new SSLException("TLS session has no exporter");
            }
            boolean offers30 = aeads.contains(KeRecordType.AEAD_AES_128_GCM_SIV);
            s.getOutputStream().write(KeClient.buildRequest(aeads, offers30));
            s.getOutputStream().flush();
            byte[] response = readResponse(s.getInputStream());
            KeClientResult result = KeClient.parseResponse(response, response.length, aeads);
            NtsSession ntsSession = null;
            if (result instanceof KeClientResult.Success ok) {
                KeyExporter exporter = (context, length) -> {
                    try {
                        return session.exportKeyingMaterialData(KeyExporter.LABEL, context, length);
                    } catch (SSLException e) {
                        throw new IllegalStateException("TLS exporter failed", e);
                    }
                };
                ntsSession = NtsSession.establish(ok, exporter);
            }
            String suite = session.getCipherSuite();
            s.close();
            return new Handshake(result, ntsSession, addr, suite, System.nanoTime() - start);
        } finally {
            raw.close();
        }
    }

    /** Reads until a whole message is there, the stream ends, or the size cap is passed. */
    private static byte[] readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream(1024);
        byte[] buf = new byte[4096];
        while (got.size() <= KeLimits.MAX_MESSAGE_LENGTH) {
            int n = in.read(buf);
            if (n < 0) break;
            got.write(buf, 0, n);
            KeParseResult r = KeMessageCodec.parse(got.toByteArray());
            if (!(r instanceof KeParseResult.NeedMore)) break;
        }
        return got.toByteArray();
    }
}
