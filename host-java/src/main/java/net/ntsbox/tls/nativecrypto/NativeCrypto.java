package net.ntsbox.tls.nativecrypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Finds the native libraries, checks them against known answers (RFC 7748 §5.2 for X25519; an
 * OpenSSL signature verified by the JDK for ECDSA P-256) and installs {@link NativeCryptoProvider}
 * first in the JVM's provider list. Installation is JVM-wide (SunJSSE asks the JCA without naming
 * a provider) and happens at most once; every other algorithm still comes from the JDK.
 */
public final class NativeCrypto {
    /** What the probe found: the provider when at least one part works, and a line for the log. */
    public record Probe(Optional<NativeCryptoProvider> provider, boolean x25519, boolean ecdsaP256, String detail) {}

    private static Probe probe;

    private NativeCrypto() {}

    /** Loads and self-tests once per JVM; never throws. */
    public static synchronized Probe probe() {
        if (probe == null) probe = load();
        return probe;
    }

    /**
     * Applies {@code mode}: {@code jdk} installs nothing, {@code auto} installs what works,
     * {@code native} installs both parts or throws. Returns a line for the log.
     */
    public static synchronized String install(KeCryptoMode mode) throws NativeCryptoUnavailableException {
        if (mode == KeCryptoMode.JDK) return "TLS public-key crypto: JDK (nts_ke.crypto = \"jdk\")";
        Probe p = probe();
        if (mode == KeCryptoMode.NATIVE && !(p.x25519() && p.ecdsaP256())) {
            throw new NativeCryptoUnavailableException("nts_ke.crypto = \"native\" but " + p.detail());
        }
        if (p.provider().isEmpty()) return "TLS public-key crypto: JDK (native unavailable: " + p.detail() + ")";
        if (Security.getProvider(NativeCryptoProvider.NAME) == null) Security.insertProviderAt(p.provider().get(), 1);
        return "TLS public-key crypto: " + p.detail();
    }

    private static Probe load() {
        String[] whyX = {""};
        String[] whyE = {""};
        NettleX25519 x = NettleX25519.load(whyX).filter(n -> x25519SelfTest(n, whyX)).orElse(null);
        OpenSslEcdsa e = OpenSslEcdsa.load(whyE).filter(o -> ecdsaSelfTest(o, whyE)).orElse(null);
        String detail = (x != null ? "X25519 by " + x.library() : "X25519 by the JDK (" + whyX[0] + ")") + ", "
                + (e != null ? "ECDSA P-256 signing by " + e.library() : "ECDSA P-256 by the JDK (" + whyE[0] + ")");
        Optional<NativeCryptoProvider> provider = x == null && e == null ? Optional.empty()
                : Optional.of(new NativeCryptoProvider(x, e));
        return new Probe(provider, x != null, e != null, detail);
    }

    /** RFC 7748 §5.2, first vector, and §6.1 (Alice's public key from her scalar). */
    private static boolean x25519SelfTest(NettleX25519 n, String[] why) {
        HexFormat h = HexFormat.of();
        try {
            byte[] out = n.multiply(h.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                    h.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));
            byte[] pub = n.publicFromScalar(h.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
            if (Arrays.equals(out, h.parseHex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"))
                    && Arrays.equals(pub, h.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"))) {
                return true;
            }
            why[0] = n.library() + " failed the RFC 7748 known-answer test";
        } catch (RuntimeException ex) {
            why[0] = n.library() + ": " + ex.getMessage();
        }
        return false;
    }

    /** A signature with a fixed test key (never a real one), verified by the JDK's SunEC. */
    private static boolean ecdsaSelfTest(OpenSslEcdsa o, String[] why) {
        long handle = 0;
        try {
            // RFC 6979 A.2.5's P-256 test key.
            BigInteger d = new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
            BigInteger qx = new BigInteger("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6", 16);
            BigInteger qy = new BigInteger("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299", 16);
            KeyFactory kf = KeyFactory.getInstance("EC", "SunEC");
            PrivateKey priv = kf.generatePrivate(new ECPrivateKeySpec(d, pubParams()));
            PublicKey pub = kf.generatePublic(new ECPublicKeySpec(new java.security.spec.ECPoint(qx, qy), pubParams()));
            byte[] msg = "sample".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            handle = o.newPrivateKey(((ECPrivateKey) priv).getS());
            byte[] sig = o.sign(handle, java.security.MessageDigest.getInstance("SHA-256").digest(msg));
            Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
            v.initVerify(pub);
            v.update(msg);
            if (v.verify(sig)) return true;
            why[0] = o.library() + ": its P-256 signature did not verify with the JDK";
        } catch (GeneralSecurityException | RuntimeException ex) {
            why[0] = o.library() + ": ECDSA self-test: " + ex.getMessage();
        } finally {
            if (handle != 0) o.free(handle);
        }
        return false;
    }

    private static java.security.spec.ECParameterSpec pubParams() throws GeneralSecurityException {
        java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC", "SunEC");
        p.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return p.getParameterSpec(java.security.spec.ECParameterSpec.class);
    }
}
