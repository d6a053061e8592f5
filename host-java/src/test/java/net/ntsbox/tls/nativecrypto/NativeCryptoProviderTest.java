package net.ntsbox.tls.nativecrypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native provider against RFC 7748's vectors, the JDK's SunEC (both directions) and Bouncy
 * Castle's ECDSA verifier; the provider is passed explicitly here (installation: {@link
 * NativeCryptoInstallTest}).
 */
class NativeCryptoProviderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static NativeCryptoProvider provider;

    @BeforeAll
    static void load() {
        NativeCrypto.Probe p = NativeCrypto.probe();
        // This machine and CI have both libraries; elsewhere the JDK path is what runs.
        assumeTrue(p.x25519() && p.ecdsaP256(), p.detail());
        provider = p.provider().orElseThrow();
    }

    private static byte[] x25519(String scalarHex, String uHex) throws Exception {
        KeyFactory jdk = KeyFactory.getInstance("XDH", "SunEC");
        PrivateKey k = jdk.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, HEX.parseHex(scalarHex)));
        byte[] u = HEX.parseHex(uHex);
        u[31] &= 0x7f; // RFC 7748 §5: the top bit of u is ignored
        PublicKey p = jdk.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                new BigInteger(1, X25519Codec.reversed(u))));
        KeyAgreement ka = KeyAgreement.getInstance("XDH", provider);
        ka.init(k);
        ka.doPhase(p, true);
        return ka.generateSecret();
    }

    @Test
    void rfc7748Section52Vectors() throws Exception {
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                HEX.formatHex(x25519("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")));
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
                HEX.formatHex(x25519("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")));
    }

    @Test
    void rfc7748Section52Iterated() {
        NettleX25519 n = NettleX25519.load(new String[1]).orElseThrow();
        byte[] k = HEX.parseHex("0900000000000000000000000000000000000000000000000000000000000000");
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] r = n.multiply(k, u);
            u = k;
            k = r;
            if (i == 1) assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", HEX.formatHex(k));
        }
        assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", HEX.formatHex(k));
    }

    @Test
    void rfc7748Section61DiffieHellman() throws Exception {
        String alice = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
        String bob = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
        NettleX25519 n = NettleX25519.load(new String[1]).orElseThrow();
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
                HEX.formatHex(n.publicFromScalar(HEX.parseHex(alice))));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
                HEX.formatHex(n.publicFromScalar(HEX.parseHex(bob))));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, HEX.formatHex(x25519(alice, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")));
        assertEquals(shared, HEX.formatHex(x25519(bob, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")));
    }

    @Test
    void keyPairsAgreeWithSunEcBothWays() throws Exception {
        long seed = System.nanoTime();
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        KeyPairGenerator ours = KeyPairGenerator.getInstance("XDH", provider);
        ours.initialize(NamedParameterSpec.X25519, new java.security.SecureRandom() {
            @Override
            public void nextBytes(byte[] b) {
                rnd.nextBytes(b);
            }
        });
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("XDH", "SunEC");
        jdk.initialize(NamedParameterSpec.X25519);
        for (int i = 0; i < 200; i++) {
            KeyPair a = ours.generateKeyPair();
            KeyPair b = jdk.generateKeyPair();
            KeyAgreement kaOurs = KeyAgreement.getInstance("X25519", provider);
            kaOurs.init(a.getPrivate());
            kaOurs.doPhase(b.getPublic(), true);
            KeyAgreement kaJdk = KeyAgreement.getInstance("XDH", "SunEC");
            kaJdk.init(b.getPrivate());
            kaJdk.doPhase(a.getPublic(), true);
            byte[] s1 = kaOurs.generateSecret("TlsPremasterSecret").getEncoded();
            assertArrayEquals(kaJdk.generateSecret(), s1, "seed " + seed + " iteration " + i);
            // our public key is what SunEC derives from our private scalar
            byte[] scalar = ((java.security.interfaces.XECPrivateKey) a.getPrivate()).getScalar().orElseThrow();
            assertEquals(((XECPublicKey) a.getPublic()).getU(),
                    publicOf(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar)).getU(), "seed " + seed);
        }
    }

    /** The public key SunEC derives from a private scalar: X25519(k, 9) by SunEC. */
    private static XECPublicKeySpec publicOf(XECPrivateKeySpec ps) throws Exception {
        KeyFactory kf = KeyFactory.getInstance("XDH", "SunEC");
        KeyAgreement ka = KeyAgreement.getInstance("XDH", "SunEC");
        ka.init(kf.generatePrivate(ps));
        ka.doPhase(kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9))), true);
        return new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, X25519Codec.reversed(ka.generateSecret())));
    }

    @Test
    void smallOrderPeerPointsAreRefused() throws Exception {
        KeyPair a = KeyPairGenerator.getInstance("XDH", provider).generateKeyPair();
        for (BigInteger u : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, X25519Codec.P}) {
            KeyAgreement ka = KeyAgreement.getInstance("XDH", provider);
            ka.init(a.getPrivate());
            PublicKey p = KeyFactory.getInstance("XDH", "SunEC").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
            assertThrows(InvalidKeyException.class, () -> ka.doPhase(p, true), "u = " + u);
        }
    }

    @Test
    void ecdsaSignaturesVerifyWithSunEcAndBouncyCastle() throws Exception {
        long seed = System.nanoTime();
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        X9ECParameters x9 = NISTNamedCurves.getByName("P-256");
        ECDomainParameters domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
        for (int k = 0; k < 5; k++) {
            KeyPair kp = g.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) kp.getPublic();
            ECDSASigner bc = new ECDSASigner();
            bc.init(false, new ECPublicKeyParameters(x9.getCurve().createPoint(pub.getW().getAffineX(),
                    pub.getW().getAffineY()), domain));
            for (int i = 0; i < 40; i++) {
                byte[] msg = new byte[rnd.nextInt(0, 600)];
                rnd.nextBytes(msg);
                Signature s = Signature.getInstance("SHA256withECDSA", provider);
                s.initSign(kp.getPrivate());
                s.update(msg);
                byte[] sig = s.sign();
                Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
                v.initVerify(pub);
                v.update(msg);
                assertTrue(v.verify(sig), "SunEC, seed " + seed);
                ASN1Sequence rs = ASN1Sequence.getInstance(sig);
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(msg);
                assertTrue(bc.verifySignature(digest, ASN1Integer.getInstance(rs.getObjectAt(0)).getValue(),
                        ASN1Integer.getInstance(rs.getObjectAt(1)).getValue()), "Bouncy Castle, seed " + seed);
                msg = msg.length == 0 ? new byte[] {1} : msg;
                msg[0] ^= 1;
                v.initVerify(pub);
                v.update(msg);
                assertFalse(v.verify(sig), "altered message, seed " + seed);
            }
        }
    }

    @Test
    void ecdsaSignsOnlyWithP256PrivateKeys() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", provider);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = g.generateKeyPair();
        assertThrows(InvalidKeyException.class, () -> s.initSign(p384.getPrivate()));
        g.initialize(new ECGenParameterSpec("secp256r1"));
        assertThrows(InvalidKeyException.class, () -> s.initVerify(g.generateKeyPair().getPublic()));
    }

    @Test
    void signaturesAreRandomisedAndCounted() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey k = g.generateKeyPair().getPrivate();
        long before = provider.counters().ecdsaSignatures();
        Signature s = Signature.getInstance("SHA256withECDSA", provider);
        s.initSign(k);
        s.update(new byte[] {1, 2, 3});
        byte[] a = s.sign();
        s.update(new byte[] {1, 2, 3});
        byte[] b = s.sign();
        assertNotEquals(HEX.formatHex(a), HEX.formatHex(b)); // a fresh nonce per signature
        assertEquals(before + 2, provider.counters().ecdsaSignatures());
    }

    @Test
    void privateKeysDoNotShowTheirScalar() throws Exception {
        KeyPair a = KeyPairGenerator.getInstance("XDH", provider).generateKeyPair();
        byte[] scalar = ((java.security.interfaces.XECPrivateKey) a.getPrivate()).getScalar().orElseThrow();
        assertFalse(a.getPrivate().toString().contains(HEX.formatHex(scalar)));
        assertFalse(a.getPrivate().toString().contains(HEX.formatHex(scalar).substring(0, 8)));
        assertThrows(java.io.NotSerializableException.class,
                () -> new java.io.ObjectOutputStream(java.io.OutputStream.nullOutputStream()).writeObject(a.getPrivate()));
        ((javax.security.auth.Destroyable) a.getPrivate()).destroy();
        assertTrue(((java.security.interfaces.XECPrivateKey) a.getPrivate()).getScalar().isEmpty());
        assertSame(NamedParameterSpec.X25519, ((XECPublicKey) a.getPublic()).getParams());
    }
}
