package net.ntsbox.tls.nativecrypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import net.ntsbox.tls.PemKeyMaterial;
import net.ntsbox.tls.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider installed first in the JVM: what the JCA gives it, and SunJSSE handshakes through it. */
class NativeCryptoInstallTest {
    private NativeCryptoProvider provider;

    @BeforeEach
    void install() throws Exception {
        NativeCrypto.Probe p = NativeCrypto.probe();
        assumeTrue(p.x25519() && p.ecdsaP256(), p.detail());
        provider = p.provider().orElseThrow();
        assertTrue(NativeCrypto.install(KeCryptoMode.NATIVE).contains("libhogweed"));
        assertEquals(NativeCryptoProvider.NAME, Security.getProviders()[0].getName());
    }

    @AfterEach
    void uninstall() {
        Security.removeProvider(NativeCryptoProvider.NAME);
    }

    @Test
    void jdkModeInstallsNothing() throws Exception {
        Security.removeProvider(NativeCryptoProvider.NAME);
        assertTrue(NativeCrypto.install(KeCryptoMode.JDK).contains("JDK"));
        assertNull(Security.getProvider(NativeCryptoProvider.NAME));
    }

    @Test
    void theJcaGivesItOnlyItsOperations() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair p256 = ec.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(p256.getPrivate());
        assertEquals(NativeCryptoProvider.NAME, s.getProvider().getName());
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(p256.getPublic());
        assertEquals("SunEC", v.getProvider().getName());
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        Signature s384 = Signature.getInstance("SHA256withECDSA");
        s384.initSign(ec.generateKeyPair().getPrivate());
        assertEquals("SunEC", s384.getProvider().getName());

        KeyPairGenerator x = KeyPairGenerator.getInstance("XDH");
        x.initialize(NamedParameterSpec.X25519);
        KeyPair a = x.generateKeyPair();
        assertEquals(X25519PrivateKey.class, a.getPrivate().getClass());
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(a.getPrivate());
        assertEquals(NativeCryptoProvider.NAME, ka.getProvider().getName());
        KeyPairGenerator x448 = KeyPairGenerator.getInstance("XDH");
        x448.initialize(NamedParameterSpec.X448);
        KeyPair b = x448.generateKeyPair();
        KeyAgreement ka448 = KeyAgreement.getInstance("XDH");
        ka448.init(b.getPrivate());
        assertEquals("SunEC", ka448.getProvider().getName());
    }

    @Test
    void sunJsseHandshakesThroughIt(@TempDir Path dir) throws Exception {
        PemKeyMaterial server = TestPki.ecServer(dir);
        long sigs = provider.counters().ecdsaSignatures();
        long agreements = provider.counters().x25519Agreements();
        try (SSLServerSocket ss = (SSLServerSocket) server.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ss.setEnabledProtocols(new String[] {"TLSv1.3"});
            ss.setSoTimeout(10_000);
            // completed before the server's close, which waits for the client's close_notify
            CompletableFuture<byte[]> serverSide = new CompletableFuture<>();
            Thread.ofPlatform().daemon(true).start(() -> {
                try (SSLSocket c = (SSLSocket) ss.accept()) {
                    c.setSoTimeout(10_000);
                    c.startHandshake();
                    serverSide.complete(((ExtendedSSLSession) c.getSession())
                            .exportKeyingMaterialData("EXPORTER-test", new byte[2], 32));
                    c.getOutputStream().write(1);
                } catch (Exception e) {
                    serverSide.completeExceptionally(e);
                }
            });
            try (SSLSocket c = (SSLSocket) TestPki.clientTrusting(server.chain()).getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                c.setSoTimeout(10_000);
                c.setEnabledProtocols(new String[] {"TLSv1.3"});
                c.startHandshake();
                assertEquals(1, c.getInputStream().read());
                byte[] k = ((ExtendedSSLSession) c.getSession()).exportKeyingMaterialData("EXPORTER-test", new byte[2], 32);
                assertArrayEquals(serverSide.get(10, TimeUnit.SECONDS), k);
                assertEquals("TLSv1.3", c.getSession().getProtocol());
            }
        }
        // the server's CertificateVerify, and the x25519 share on both ends
        assertEquals(sigs + 1, provider.counters().ecdsaSignatures());
        assertEquals(agreements + 2, provider.counters().x25519Agreements());
    }
}
