package net.ntsbox.appliance;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed NTS-KE certificate so that {@code ntsbox serve} starts on a fresh machine: an
 * ECDSA P-256 key (PKCS#8 PEM, mode 0600) and a certificate for DNS localhost, IP 127.0.0.1
 * and IP ::1, in the state directory. Created once and reused; recreated only when the
 * certificate is within 30 days of expiry. Clients must be told to trust this exact file
 * (chrony {@code ntstrustedcerts}, ntpsec {@code ca}). The JDK's own key generator makes the
 * key; Bouncy Castle only builds the X.509 structure.
 */
public final class SelfSignedCertificate {
    public static final String CERT_FILE = "ntske-selfsigned.pem";
    public static final String KEY_FILE = "ntske-selfsigned.key";
    static final Duration VALIDITY = Duration.ofDays(825);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final System.Logger LOG = System.getLogger("net.ntsbox.appliance");

    /** Paths of the certificate and key, and whether they were created by this call. */
    public record CertificateFiles(Path certificate, Path key, boolean created) {}

    private SelfSignedCertificate() {}

    /** Reuses the pair in {@code stateDir} if present and valid for 30 more days, else makes a new one. */
    public static CertificateFiles ensure(Path stateDir, Instant now) throws IOException {
        Path cert = stateDir.resolve(CERT_FILE);
        Path key = stateDir.resolve(KEY_FILE);
        if (Files.exists(cert) && Files.exists(key) && !expiresSoon(cert, now)) return new CertificateFiles(cert, key, false);
        Files.createDirectories(stateDir);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = g.generateKeyPair();
            X500Name subject = new X500Name("CN=localhost, O=ntsbox self-signed");
            BigInteger serial = new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            // As `openssl req -x509` makes it: a CA:TRUE self-signed certificate, so trust stores accept it as an anchor.
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")}));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(kp.getPublic()));
            X509CertificateHolder h = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
            writeAtomically(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded()), "rw-------");
            writeAtomically(cert, pem("CERTIFICATE", h.getEncoded()), "rw-r--r--");
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create a self-signed certificate: " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "created a self-signed NTS-KE certificate " + cert + " (key " + key
                + ", 0600) for localhost, 127.0.0.1 and ::1");
        return new CertificateFiles(cert, key, true);
    }

    private static boolean expiresSoon(Path cert, Instant now) {
        try (var in = Files.newInputStream(cert)) {
            X509Certificate c = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            return c.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE));
        } catch (IOException | GeneralSecurityException e) {
            return true; // our own file, unreadable: make a new pair
        }
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeAtomically(Path target, byte[] bytes, String mode) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        try {
            Files.write(tmp, bytes);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
