package net.ntsbox.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A server certificate chain and its private key read from PEM files, as a JDK key manager
 * and TLS 1.3 {@link SSLContext}. Keys: PKCS#8 ({@code BEGIN PRIVATE KEY}), SEC1
 * ({@code BEGIN EC PRIVATE KEY}) and PKCS#1 ({@code BEGIN RSA PRIVATE KEY}); ECDSA P-256,
 * P-384, P-521 and RSA of at least 2048 bits. Encrypted keys are refused: the appliance keeps
 * the key file readable by the service only, and a passphrase would have to live next to it.
 */
public final class PemKeyMaterial {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final char[] STORE_PASSWORD = new char[0];
    private static final String ALIAS = "server";

    private final List<X509Certificate> chain;
    private final KeyManagerFactory keyManagerFactory;
    private final X509KeyManager keyManager;

    private PemKeyMaterial(List<X509Certificate> chain, KeyManagerFactory keyManagerFactory) throws KeyMaterialException {
        this.chain = chain;
        this.keyManagerFactory = keyManagerFactory;
        X509KeyManager found = null;
        for (KeyManager km : keyManagerFactory.getKeyManagers()) {
            if (km instanceof X509KeyManager x) {
                found = x;
                break;
            }
        }
        if (found == null) {
            throw new KeyMaterialException("the JDK offered no X.509 key manager");
        }
        this.keyManager = found;
    }

    /** Reads both files; the chain starts with the server (leaf) certificate. */
    public static PemKeyMaterial load(Path certificateChainPem, Path privateKeyPem) throws KeyMaterialException {
        List<X509Certificate> chain = readChain(certificateChainPem);
        PrivateKey key = readPrivateKey(privateKeyPem, chain.getFirst());
        checkKeyMatches(key, chain.getFirst(), certificateChainPem, privateKeyPem);
        return new PemKeyMaterial(List.copyOf(chain), keyManagerFor(chain, key));
    }

    /** The certificate chain, leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The factory behind {@link #keyManager()} (Vert.x takes key material as a factory). */
    public KeyManagerFactory keyManagerFactory() {
        return keyManagerFactory;
    }

    /** A key manager that always offers this one certificate chain. */
    public X509KeyManager keyManager() {
        return keyManager;
    }

    /** The name of the key algorithm and size ("EC P-256", "RSA 2048"): safe to log. */
    public String keyDescription() {
        return describe(chain.getFirst().getPublicKey());
    }

    /** A fresh JDK (SunJSSE) TLS context over this key material, for TLS 1.3 servers. */
    public SSLContext sslContext() throws KeyMaterialException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3", "SunJSSE");
            ctx.init(new KeyManager[] {keyManager}, null, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("cannot create a TLS 1.3 context: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PemKeyMaterial[" + chain.getFirst().getSubjectX500Principal().getName() + ", " + keyDescription()
                + ", chain of " + chain.size() + "]";
    }

    private static String readText(Path file, String what) throws KeyMaterialException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new KeyMaterialException(what + " file not found: " + file);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot read " + what + " file " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new KeyMaterialException(what + " file " + file + " is not PEM text");
        }
    }

    private static List<X509Certificate> readChain(Path file) throws KeyMaterialException {
        String text = readText(file, "certificate");
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                if (!m.group(1).equals("CERTIFICATE")) {
                    continue;
                }
                byte[] der = base64(m.group(2), file);
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new KeyMaterialException("certificate file " + file + " holds a certificate that cannot be parsed: "
                    + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new KeyMaterialException("certificate file " + file + " holds no PEM CERTIFICATE block");
        }
        return certs;
    }

    private static PrivateKey readPrivateKey(Path file, X509Certificate leaf) throws KeyMaterialException {
        String text = readText(file, "private key");
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            switch (type) {
                case "EC PARAMETERS", "CERTIFICATE" -> { /* openssl ecparam -genkey writes these beside the key */ }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                case "PRIVATE KEY" -> {
                    return decode(base64(body, file), file, leaf);
                }
                case "EC PRIVATE KEY", "RSA PRIVATE KEY" -> {
                    if (body.contains("Proc-Type:") || body.contains("DEK-Info:")) {
                        throw encrypted(file);
                    }
                    return decode(toPkcs8(type, base64(body, file), file), file, leaf);
                }
                default -> throw new KeyMaterialException("private key file " + file + " holds an unsupported PEM block '"
                        + type + "' (supported: PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY)");
            }
        }
        throw new KeyMaterialException("private key file " + file + " holds no PEM private key block");
    }

    private static KeyMaterialException encrypted(Path file) {
        return new KeyMaterialException("private key file " + file
                + " is encrypted; encrypted keys are not supported (store it unencrypted, readable by the service only)");
    }

    private static byte[] base64(String body, Path file) throws KeyMaterialException {
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new KeyMaterialException("file " + file + " holds a PEM block that is not valid base64");
        }
    }

    /** SEC1 and PKCS#1 carry the same key as PKCS#8 without the algorithm identifier; add it. */
    private static byte[] toPkcs8(String type, byte[] der, Path file) throws KeyMaterialException {
        try {
            ASN1Primitive asn1 = ASN1Primitive.fromByteArray(der);
            PrivateKeyInfo info;
            if (type.equals("EC PRIVATE KEY")) {
                ECPrivateKey ec = ECPrivateKey.getInstance(asn1);
                if (!(ec.getParametersObject() instanceof ASN1ObjectIdentifier curve)) {
                    throw new KeyMaterialException("EC private key in " + file
                            + " has no named curve (explicit curve parameters are not supported)");
                }
                info = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), ec);
            } else {
                RSAPrivateKey rsa = RSAPrivateKey.getInstance(asn1);
                info = new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa);
            }
            return info.getEncoded("DER");
        } catch (IOException | RuntimeException e) {
            throw new KeyMaterialException("private key file " + file + ": the " + type + " block is not valid DER");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static PrivateKey decode(byte[] pkcs8, Path file, X509Certificate leaf) throws KeyMaterialException {
        String certAlg = leaf.getPublicKey().getAlgorithm();
        try {
            for (String alg : new String[] {certAlg, "EC", "RSA"}) {
                try {
                    return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } catch (GeneralSecurityException | RuntimeException e) {
                    // try the next algorithm; a mismatch with the certificate is reported below
                }
            }
            throw new KeyMaterialException("private key file " + file
                    + " holds a key that is neither a valid EC nor RSA PKCS#8 key");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static void checkKeyMatches(PrivateKey key, X509Certificate leaf, Path certFile, Path keyFile)
            throws KeyMaterialException {
        PublicKey pub = leaf.getPublicKey();
        String mismatch = "private key in " + keyFile + " does not match the certificate in " + certFile;
        if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
            throw new KeyMaterialException(mismatch + " (" + key.getAlgorithm() + " key, " + pub.getAlgorithm()
                    + " certificate)");
        }
        switch (pub) {
            case ECPublicKey ec -> {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                if (bits != 256 && bits != 384 && bits != 521) {
                    throw new KeyMaterialException("certificate in " + certFile + " uses an unsupported EC curve of "
                            + bits + " bits (supported: P-256, P-384, P-521)");
                }
            }
            case RSAPublicKey rsa -> {
                if (rsa.getModulus().bitLength() < 2048) {
                    throw new KeyMaterialException("certificate in " + certFile + " has an RSA key of "
                            + rsa.getModulus().bitLength() + " bits; at least 2048 are required");
                }
            }
            default -> throw new KeyMaterialException("certificate in " + certFile + " has an unsupported key type "
                    + pub.getAlgorithm() + " (supported: EC, RSA)");
        }
        // A signature round trip proves the pair for both key types without comparing key internals.
        try {
            String sigAlg = pub instanceof ECPublicKey ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(sigAlg);
            signer.initSign(key);
            signer.update(challenge);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(sigAlg);
            verifier.initVerify(pub);
            verifier.update(challenge);
            if (!verifier.verify(sig)) {
                throw new KeyMaterialException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(mismatch + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static KeyManagerFactory keyManagerFor(List<X509Certificate> chain, PrivateKey key) throws KeyMaterialException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("NewSunX509");
            kmf.init(ks, STORE_PASSWORD);
            return kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyMaterialException("cannot build a key manager: " + e.getClass().getSimpleName());
        }
    }

    private static String describe(PublicKey pub) {
        return switch (pub) {
            case ECPublicKey ec -> "EC P-" + ec.getParams().getCurve().getField().getFieldSize();
            case RSAPublicKey rsa -> "RSA " + rsa.getModulus().bitLength();
            default -> pub.getAlgorithm();
        };
    }
}
