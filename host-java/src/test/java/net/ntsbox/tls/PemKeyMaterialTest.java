package net.ntsbox.tls;

import static net.ntsbox.tls.TestPki.openssl;
import static net.ntsbox.tls.TestPki.selfSigned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyMaterialTest {
    @TempDir
    Path dir;

    private PemKeyMaterial load(String cert, String key) throws KeyMaterialException {
        return PemKeyMaterial.load(dir.resolve(cert), dir.resolve(key));
    }

    private static void assertBlock(Path file, String type) throws Exception {
        assertTrue(Files.readString(file).contains("-----BEGIN " + type + "-----"), file + " should hold " + type);
    }

    @Test
    void ecP256InAllThreePemForms() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "pk8.key");
        selfSigned(dir, "pk8.key", "c.pem");
        openssl(dir, "ec", "-in", "pk8.key", "-out", "sec1.key");
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "ecparam.key"); // EC PARAMETERS + SEC1
        selfSigned(dir, "ecparam.key", "c2.pem");
        assertBlock(dir.resolve("pk8.key"), "PRIVATE KEY");
        assertBlock(dir.resolve("sec1.key"), "EC PRIVATE KEY");
        assertBlock(dir.resolve("ecparam.key"), "EC PARAMETERS");

        for (PemKeyMaterial m : new PemKeyMaterial[] {load("c.pem", "pk8.key"), load("c.pem", "sec1.key"),
                load("c2.pem", "ecparam.key")}) {
            assertEquals("EC P-256", m.keyDescription());
            assertEquals(1, m.chain().size());
            String[] aliases = m.keyManager().getServerAliases("EC", null);
            assertEquals(1, aliases.length);
            assertNotNull(m.keyManager().getPrivateKey(aliases[0]));
            assertNotNull(m.sslContext());
        }
    }

    @Test
    void ecP384() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "k.key");
        selfSigned(dir, "k.key", "c.pem");
        openssl(dir, "ec", "-in", "k.key", "-out", "sec1.key");
        assertEquals("EC P-384", load("c.pem", "k.key").keyDescription());
        assertEquals("EC P-384", load("c.pem", "sec1.key").keyDescription());
    }

    @Test
    void rsaPkcs8AndPkcs1() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pk8.key");
        selfSigned(dir, "pk8.key", "c.pem");
        openssl(dir, "rsa", "-in", "pk8.key", "-traditional", "-out", "pkcs1.key");
        assertBlock(dir.resolve("pkcs1.key"), "RSA PRIVATE KEY");
        assertEquals("RSA 2048", load("c.pem", "pk8.key").keyDescription());
        assertEquals("RSA 2048", load("c.pem", "pkcs1.key").keyDescription());
    }

    @Test
    void jdkGeneratedKeyInPkcs8() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair kp = g.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(kp.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(dir.resolve("jdk.key"), pem);
        selfSigned(dir, "jdk.key", "c.pem");
        PemKeyMaterial m = load("c.pem", "jdk.key");
        assertEquals("EC P-384", m.keyDescription());
        assertEquals(kp.getPublic(), m.chain().getFirst().getPublicKey());
    }

    @Test
    void chainKeepsOrder() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "k.key");
        selfSigned(dir, "k.key", "c.pem");
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key");
        selfSigned(dir, "other.key", "other.pem");
        Files.writeString(dir.resolve("chain.pem"), Files.readString(dir.resolve("c.pem")) + Files.readString(dir.resolve("other.pem")));
        PemKeyMaterial m = load("chain.pem", "k.key");
        assertEquals(2, m.chain().size());
    }

    @Test
    void clearErrors() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "k.key");
        selfSigned(dir, "k.key", "c.pem");
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key");
        openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key");
        openssl(dir, "pkcs8", "-topk8", "-in", "k.key", "-v2", "aes-256-cbc", "-passout", "pass:secret", "-out", "enc8.key");
        openssl(dir, "ec", "-in", "k.key", "-aes256", "-passout", "pass:secret", "-out", "encsec1.key");
        Files.writeString(dir.resolve("empty.pem"), "no pem here\n");
        String keyText = Files.readString(dir.resolve("k.key"));
        String keyBase64 = keyText.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();

        assertMessage("certificate file not found", () -> load("missing.pem", "k.key"));
        assertMessage("private key file not found", () -> load("c.pem", "missing.key"));
        assertMessage("holds no PEM CERTIFICATE block", () -> load("empty.pem", "k.key"));
        assertMessage("holds no PEM private key block", () -> load("c.pem", "empty.pem"));
        assertMessage("does not match the certificate", () -> load("c.pem", "other.key"));
        assertMessage("does not match the certificate", () -> load("c.pem", "rsa.key"));
        assertMessage("encrypted keys are not supported", () -> load("c.pem", "enc8.key"));
        assertMessage("encrypted keys are not supported", () -> load("c.pem", "encsec1.key"));
        for (String name : new String[] {"other.key", "rsa.key", "enc8.key"}) {
            KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> load("c.pem", name));
            assertFalse(e.getMessage().contains(keyBase64.substring(0, 16)), "key bytes in message");
        }
    }

    private interface Loader {
        PemKeyMaterial run() throws Exception;
    }

    private static void assertMessage(String expected, Loader l) {
        KeyMaterialException e = assertThrows(KeyMaterialException.class, l::run);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
