package net.ntsbox.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.ntsbox.interop.TestPki.KeyType;
import org.junit.jupiter.api.Test;

/** The test PKI has the properties the interop tests rely on, checked by openssl and by the JDK. */
class TestPkiTest {
    private final TestPki pki = TestPki.get();

    private static Cmd.Result verify(Path ca, Path cert, String... extra) {
        var argv = new java.util.ArrayList<>(List.of("openssl", "verify", "-CAfile", ca.toString()));
        argv.addAll(List.of(extra));
        argv.add(cert.toString());
        return Cmd.run(Duration.ofSeconds(10), argv);
    }

    /** The leaf is the first certificate of a chain file. */
    private static Path leafOf(Path chain) throws Exception {
        Path leaf = Files.createTempFile("leaf-", ".pem");
        String pem = Files.readString(chain);
        String end = "-----END CERTIFICATE-----";
        Files.writeString(leaf, pem.substring(0, pem.indexOf(end) + end.length()) + "\n");
        return leaf;
    }

    @Test
    void serverCertificatesVerifyForEveryLoopbackName() {
        for (KeyType t : KeyType.values()) {
            for (String[] name : List.of(new String[] {"-verify_ip", "127.0.0.1"}, new String[] {"-verify_ip", "::1"},
                    new String[] {"-verify_hostname", "localhost"})) {
                var r = verify(pki.caCert(), pki.serverCertPem(t), name);
                assertTrue(r.ok(), t + " " + name[1] + ": " + r.describe());
            }
        }
    }

    @Test
    void chainsAreLeafThenCaWithTheRightKeyTypesAndValidity() throws Exception {
        var cf = CertificateFactory.getInstance("X.509");
        for (KeyType t : KeyType.values()) {
            List<X509Certificate> chain;
            try (InputStream in = Files.newInputStream(pki.serverChainPem(t))) {
                chain = cf.generateCertificates(in).stream().map(c -> (X509Certificate) c).toList();
            }
            assertEquals(2, chain.size(), t + " chain length");
            X509Certificate leaf = chain.get(0);
            assertEquals(t == KeyType.EC ? "EC" : "RSA", leaf.getPublicKey().getAlgorithm());
            assertEquals(chain.get(1).getSubjectX500Principal(), leaf.getIssuerX500Principal());
            Set<String> sans = leaf.getSubjectAlternativeNames().stream().map(l -> l.get(1).toString()).collect(Collectors.toSet());
            assertTrue(sans.containsAll(Set.of("localhost", "127.0.0.1")) && sans.stream().anyMatch(s -> s.startsWith("0:0:0:0:0:0:0:1")),
                    "SANs " + sans);
            Instant notBefore = leaf.getNotBefore().toInstant();
            assertTrue(notBefore.isBefore(Instant.now().minus(23, ChronoUnit.HOURS)), "notBefore " + notBefore);
            leaf.checkValidity();
        }
    }

    @Test
    void pkcs12BundlesHoldKeyAndChain() throws Exception {
        for (KeyType t : KeyType.values()) {
            var ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(pki.serverPkcs12(t))) {
                ks.load(in, TestPki.PKCS12_PASSWORD.toCharArray());
            }
            assertTrue(ks.isKeyEntry("server"), t + " key entry");
            assertEquals(2, ks.getCertificateChain("server").length, t + " chain in p12");
        }
    }

    @Test
    void negativeCertificatesFailForTheirOwnReason() throws Exception {
        var wrongName = verify(pki.caCert(), leafOf(pki.wrongNameChainPem()), "-verify_ip", "127.0.0.1");
        assertFalse(wrongName.ok(), wrongName.describe());
        assertTrue(wrongName.output().contains("mismatch"), wrongName.describe());
        assertTrue(verify(pki.caCert(), leafOf(pki.wrongNameChainPem())).ok(), "wrong-name leaf is otherwise valid");

        var expired = verify(pki.caCert(), leafOf(pki.expiredChainPem()), "-verify_ip", "127.0.0.1");
        assertFalse(expired.ok(), expired.describe());
        assertTrue(expired.output().contains("expired"), expired.describe());

        var unrelated = verify(pki.unrelatedCaCert(), pki.serverCertPem(KeyType.EC));
        assertFalse(unrelated.ok(), unrelated.describe());
        assertTrue(Files.isReadable(pki.wrongNameKeyPem()) && Files.isReadable(pki.expiredKeyPem()));
    }
}
