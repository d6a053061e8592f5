package net.ntsbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.HostPort;
import net.ntsbox.config.ManagementSettings;
import net.ntsbox.tls.KeyMaterialException;
import net.ntsbox.tls.PemKeyMaterial;

/**
 * Where the management API of a running appliance is and how to talk to it: base URL, TLS
 * trust and client certificate, bearer token. The token is held here only to be sent; it is
 * never part of {@link #toString()} or of any message.
 *
 * <p>From a configuration it mirrors what {@code serve} does: the API is HTTPS exactly when
 * NTS-KE runs with a configured certificate (it serves that certificate; off loopback it must),
 * plain HTTP otherwise (then it is on loopback). Without {@code --ca} the client then trusts
 * exactly the leaf in {@code nts_ke.cert}: a pin, so the host name is not checked — the
 * configured listen address is often an IP or a wildcard the certificate does not name.
 */
final class ManagementEndpoint {
    /** The endpoint cannot be determined from what was given (exit status 2). */
    static final class UsageException extends Exception {
        UsageException(String message) { super(message); }
    }

    private final URI base;
    private final SSLContext tls;
    private final String trust;
    private final String token;

    private ManagementEndpoint(URI base, SSLContext tls, String trust, String token) {
        this.base = base;
        this.tls = tls;
        this.trust = trust;
        this.token = token;
    }

    URI base() { return base; }

    SSLContext tls() { return tls; }

    /** How the server certificate is checked, for messages ("pinned to FILE", "CA FILE", "JDK trust store"). */
    String trust() { return trust; }

    /** The bearer token, or null for none. Never print it. */
    String token() { return token; }

    @Override
    public String toString() { return base + (token == null ? "" : " (bearer token)"); }

    /** Options of {@code ntsbox status} other than where the endpoint is. */
    record Credentials(Path tokenFile, Path ca, Path clientCert, Path clientKey) {}

    static ManagementEndpoint fromConfig(ApplianceConfig config, Credentials c) throws UsageException {
        ManagementSettings m = config.management();
        if (m.listen().isEmpty()) {
            throw new UsageException("the management API is off in this configuration ([management] listen is not set)");
        }
        InetSocketAddress listen = m.listen().get();
        if (listen.getPort() == 0) {
            throw new UsageException("[management] listen has port 0 (any free port): give the bound port with --url");
        }
        boolean https = config.ntsKe().enabled() && config.ntsKe().cert().isPresent();
        // A wildcard listen address is reached on this host's loopback of the same family.
        InetSocketAddress connect = listen.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(InetAddress.ofLiteral(listen.getAddress() instanceof java.net.Inet6Address
                        ? "::1" : "127.0.0.1"), listen.getPort())
                : listen;
        URI base = URI.create((https ? "https://" : "http://") + HostPort.format(connect));
        Path tokenFile = c.tokenFile() != null ? c.tokenFile() : m.tokenFile().orElse(null);
        String token = tokenFile == null ? null : readToken(tokenFile);
        if (!https) {
            return new ManagementEndpoint(base, null, "plain HTTP (loopback)", token);
        }
        KeyManager[] km = keyManagers(c);
        if (c.ca() != null) {
            return new ManagementEndpoint(base, context(caTrust(c.ca()), km), "CA " + c.ca(), token);
        }
        Path cert = config.ntsKe().cert().get();
        return new ManagementEndpoint(base, context(new TrustManager[] {new PinnedLeaf(firstCertificate(cert), cert)}, km),
                "pinned to the leaf of " + cert, token);
    }

    static ManagementEndpoint fromUrl(String url, Credentials c) throws UsageException {
        URI u;
        try {
            u = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url " + url + ": " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null || u.getPort() < 0) {
            throw new UsageException("--url " + url + ": give http(s)://HOST:PORT of the management API");
        }
        if ((u.getPath() != null && !u.getPath().isEmpty()) || u.getQuery() != null || u.getUserInfo() != null) {
            throw new UsageException("--url " + url + ": only scheme, host and port (the command adds /api/v1/status)");
        }
        String token = c.tokenFile() == null ? null : readToken(c.tokenFile());
        if (scheme.equals("http")) {
            if (c.ca() != null || c.clientCert() != null) {
                throw new UsageException("--ca/--client-cert need an https:// URL");
            }
            return new ManagementEndpoint(u, null, "plain HTTP", token);
        }
        KeyManager[] km = keyManagers(c);
        TrustManager[] tm = c.ca() != null ? caTrust(c.ca()) : null;
        return new ManagementEndpoint(u, context(tm, km), c.ca() != null ? "CA " + c.ca() : "the JDK trust store", token);
    }

    /** One line, as the server reads it. A missing or unreadable file is a usage error (the message names it). */
    static String readToken(Path file) throws UsageException {
        String t;
        try {
            t = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UsageException("cannot read the token file " + file + ": " + e.getMessage());
        }
        if (t.isEmpty() || t.chars().anyMatch(ch -> ch <= ' ' || ch > '~')) {
            throw new UsageException("token file " + file + " must hold one line of printable ASCII without spaces");
        }
        return t;
    }

    private static KeyManager[] keyManagers(Credentials c) throws UsageException {
        if ((c.clientCert() == null) != (c.clientKey() == null)) {
            throw new UsageException("--client-cert and --client-key go together");
        }
        if (c.clientCert() == null) return null;
        try {
            return new KeyManager[] {PemKeyMaterial.load(c.clientCert(), c.clientKey()).keyManager()};
        } catch (KeyMaterialException e) {
            throw new UsageException("--client-cert/--client-key: " + e.getMessage());
        }
    }

    private static TrustManager[] caTrust(Path pem) throws UsageException {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : certificates(pem)) ks.setCertificateEntry("ca" + i++, cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new UsageException("--ca " + pem + ": " + e.getMessage());
        }
    }

    private static X509Certificate firstCertificate(Path pem) throws UsageException {
        return (X509Certificate) certificates(pem).getFirst();
    }

    private static List<? extends Certificate> certificates(Path pem) throws UsageException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<? extends Certificate> l = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (l.isEmpty()) throw new UsageException(pem + ": no PEM certificate in it");
            return l;
        } catch (IOException | CertificateException e) {
            throw new UsageException("cannot read certificates from " + pem + ": " + e.getMessage());
        }
    }

    private static SSLContext context(TrustManager[] tm, KeyManager[] km) throws UsageException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(km, tm, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new UsageException("TLS setup: " + e.getMessage());
        }
    }

    /**
     * Accepts exactly one server certificate. Extended, so that the JDK does not add its own
     * host name check (the pin is the identity).
     */
    private static final class PinnedLeaf extends X509ExtendedTrustManager {
        private final X509Certificate leaf;
        private final Path file;

        PinnedLeaf(X509Certificate leaf, Path file) {
            this.leaf = leaf;
            this.file = file;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0 || !chain[0].equals(leaf)) {
                throw new CertificateException("the server's certificate is not the one in " + file
                        + " (renewed but not reloaded? use --ca)");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
