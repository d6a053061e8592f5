package net.ntsbox.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Test certificates made with the openssl CLI in a temporary directory. */
public final class TestPki {
    private TestPki() {}

    /** Runs openssl with these arguments in {@code dir}; fails the test on a non-zero exit. */
    public static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + new String(out));
        }
    }

    /** Self-signed certificate for localhost/127.0.0.1/::1 over an existing key file. */
    public static Path selfSigned(Path dir, String keyFile, String certFile) throws IOException, InterruptedException {
        openssl(dir, "req", "-x509", "-new", "-key", keyFile, "-subj", "/CN=localhost", "-days", "2",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1", "-out", certFile);
        return dir.resolve(certFile);
    }

    /** A P-256 key (PKCS#8) and self-signed certificate: {@code ec.key}, {@code ec.pem}. */
    public static PemKeyMaterial ecServer(Path dir) throws Exception {
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.key");
        selfSigned(dir, "ec.key", "ec.pem");
        return PemKeyMaterial.load(dir.resolve("ec.pem"), dir.resolve("ec.key"));
    }

    /** A client TLS context that trusts exactly these certificates. */
    public static SSLContext clientTrusting(List<X509Certificate> certs) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        for (int i = 0; i < certs.size(); i++) {
            ts.setCertificateEntry("c" + i, certs.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
