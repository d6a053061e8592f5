package net.ntsbox.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test certificates for the interop peers, made once per JVM with the {@code openssl} CLI in a
 * temporary directory that is deleted when the JVM exits.
 *
 * <p>Positive set: a test CA (ECDSA P-256) and two server leaves, ECDSA P-256 and RSA-2048, with
 * SAN {@code DNS:localhost, IP:127.0.0.1, IP:::1} — chrony and NTPsec check the name they were
 * given against an iPAddress SAN for IP literals and a dNSName SAN for names (gotcha G6). Both
 * clients need the server to send the chain, hence the chain files (leaf then CA). notBefore is
 * one day back so a slightly wrong clock never makes a certificate "not yet valid".
 *
 * <p>Negative set, all signed by the same CA so that only the named defect makes them fail: a
 * leaf whose only name is {@code DNS:wrong-name.invalid}, an expired leaf, and an unrelated CA.
 */
public final class TestPki {
    /** Key type of a server certificate. */
    public enum KeyType {
        EC("server-ec"),
        RSA("server-rsa");

        final String stem;

        KeyType(String stem) {
            this.stem = stem;
        }
    }

    /** Password of the PKCS#12 bundles (alias {@code server}), for Java TLS servers under test. */
    public static final String PKCS12_PASSWORD = "changeit";

    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);
    private static final DateTimeFormatter ASN1_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");
    private static TestPki instance;

    private final Path dir;
    private int nextSerial = 0x1000;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** The PKI of this JVM, created on first use. */
    public static synchronized TestPki get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    public Path dir() {
        return dir;
    }

    /** Trust anchor for the clients ({@code ntstrustedcerts} / {@code ca}). */
    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    /** A CA that signed nothing here: trusting it instead of {@link #caCert()} must fail NTS-KE. */
    public Path unrelatedCaCert() {
        return dir.resolve("unrelated-ca.pem");
    }

    public Path serverCertPem(KeyType t) {
        return dir.resolve(t.stem + ".pem");
    }

    /** Leaf followed by the CA, what a server must present. */
    public Path serverChainPem(KeyType t) {
        return dir.resolve(t.stem + "-chain.pem");
    }

    public Path serverKeyPem(KeyType t) {
        return dir.resolve(t.stem + ".key");
    }

    /** PKCS#12 with chain and key, alias {@code server}, password {@link #PKCS12_PASSWORD}. */
    public Path serverPkcs12(KeyType t) {
        return dir.resolve(t.stem + ".p12");
    }

    /** EC leaf whose only SAN is {@code DNS:wrong-name.invalid}: must fail for 127.0.0.1, ::1 and localhost. */
    public Path wrongNameChainPem() {
        return dir.resolve("wrong-name-chain.pem");
    }

    public Path wrongNameKeyPem() {
        return dir.resolve("wrong-name.key");
    }

    /** EC leaf with the right names, valid from 10 days ago until 1 day ago. */
    public Path expiredChainPem() {
        return dir.resolve("expired-chain.pem");
    }

    public Path expiredKeyPem() {
        return dir.resolve("expired.key");
    }

    private static TestPki create() {
        Path dir;
        try {
            dir = Files.createTempDirectory("ntsbox-pki-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for the test PKI", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "test-pki-cleanup"));
        var pki = new TestPki(dir);
        var now = ZonedDateTime.now(ZoneOffset.UTC);
        String from = ASN1_TIME.format(now.minusDays(1));
        String until = ASN1_TIME.format(now.plusDays(825));
        String goodSan = "DNS:localhost, IP:127.0.0.1, IP:::1";

        pki.makeCa("ca", "ntsbox test CA", from, until);
        pki.makeCa("unrelated-ca", "ntsbox unrelated CA", from, until);
        pki.makeLeaf("server-ec", "ec", goodSan, from, until);
        pki.makeLeaf("server-rsa", "rsa", goodSan, from, until);
        pki.makeLeaf("wrong-name", "ec", "DNS:wrong-name.invalid", from, until);
        pki.makeLeaf("expired", "ec", goodSan, ASN1_TIME.format(now.minusDays(10)), ASN1_TIME.format(now.minusDays(1)));
        for (KeyType t : KeyType.values()) {
            pki.openssl("pkcs12", "-export", "-in", pki.serverChainPem(t).toString(), "-inkey", pki.serverKeyPem(t).toString(),
                    "-name", "server", "-passout", "pass:" + PKCS12_PASSWORD, "-out", pki.serverPkcs12(t).toString());
        }
        return pki;
    }

    private void makeCa(String stem, String cn, String from, String until) {
        genKey(stem, "ec");
        Cmd.writeString(dir.resolve(stem + ".ext"), """
                [ext]
                basicConstraints = critical, CA:TRUE
                keyUsage = critical, keyCertSign, cRLSign
                subjectKeyIdentifier = hash
                """);
        sign(stem, cn, from, until, List.of("-selfsign", "-keyfile", dir.resolve(stem + ".key").toString()));
    }

    private void makeLeaf(String stem, String alg, String san, String from, String until) {
        genKey(stem, alg);
        Cmd.writeString(dir.resolve(stem + ".ext"), """
                [ext]
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature, keyEncipherment
                extendedKeyUsage = serverAuth
                subjectKeyIdentifier = hash
                authorityKeyIdentifier = keyid, issuer
                subjectAltName = %s
                """.formatted(san));
        sign(stem, "localhost", from, until, List.of("-cert", caCert().toString(), "-keyfile", dir.resolve("ca.key").toString()));
        try {
            Files.writeString(dir.resolve(stem + "-chain.pem"), Files.readString(dir.resolve(stem + ".pem")) + Files.readString(caCert()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void genKey(String stem, String alg) {
        String key = dir.resolve(stem + ".key").toString();
        if (alg.equals("ec")) {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
        } else {
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key);
        }
    }

    /**
     * Signs a CSR for stem with {@code openssl ca}: OpenSSL 3.0's {@code x509}/{@code req} cannot
     * set an arbitrary notBefore, {@code ca -startdate} can. The CA database is throwaway.
     */
    private void sign(String stem, String cn, String from, String until, List<String> signer) {
        Path db = dir.resolve("db-" + stem);
        try {
            Files.createDirectories(db);
            Files.writeString(db.resolve("index.txt"), "");
            Files.writeString(db.resolve("serial"), Integer.toHexString(nextSerial++) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cmd.writeString(db.resolve("ca.cnf"), """
                [ca]
                default_ca = test
                [test]
                database = %s/index.txt
                serial = %s/serial
                new_certs_dir = %s
                default_md = sha256
                policy = any
                unique_subject = no
                copy_extensions = none
                [any]
                commonName = supplied
                organizationName = optional
                """.formatted(db, db, db));
        String csr = db.resolve("req.csr").toString();
        openssl("req", "-new", "-key", dir.resolve(stem + ".key").toString(), "-subj", "/CN=" + cn + "/O=ntsbox-test", "-out", csr);
        var argv = new java.util.ArrayList<>(List.of("ca", "-batch", "-config", db.resolve("ca.cnf").toString()));
        argv.addAll(signer);
        argv.addAll(List.of("-in", csr, "-startdate", from, "-enddate", until, "-extfile", dir.resolve(stem + ".ext").toString(),
                "-extensions", "ext", "-notext", "-out", dir.resolve(stem + ".pem").toString()));
        openssl(argv.toArray(String[]::new));
        deleteTree(db);
    }

    private void openssl(String... args) {
        var argv = new java.util.ArrayList<String>();
        argv.add("openssl");
        argv.addAll(List.of(args));
        Cmd.run(OPENSSL_TIMEOUT, argv).require();
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit; the directory is under the system temp dir
        }
    }

    @Override
    public String toString() {
        return "TestPki[" + dir + "]";
    }
}
