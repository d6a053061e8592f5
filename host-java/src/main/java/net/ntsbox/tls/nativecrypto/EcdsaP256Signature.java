package net.ntsbox.tls.nativecrypto;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.AlgorithmParameterSpec;

/**
 * Signature "SHA256withECDSA", signing with P-256 private keys only (SHA-256 by the JDK, the
 * signature by OpenSSL, DER-encoded as the JDK's). Verification is refused at initialisation,
 * so the JCA hands public keys to the JDK's implementation.
 */
final class EcdsaP256Signature extends SignatureSpi {
    private final OpenSslEcdsa openssl;
    private final EcKeyCache keys;
    private final MessageDigest sha256;
    private final NativeCryptoCounters counters;
    private ECPrivateKey key;
    private long handle;

    EcdsaP256Signature(OpenSslEcdsa openssl, EcKeyCache keys, NativeCryptoCounters counters) {
        this.openssl = openssl;
        this.counters = counters;
        this.keys = keys;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (!(privateKey instanceof ECPrivateKey ec) || !P256.matches(ec.getParams())) {
            throw new InvalidKeyException("ntsbox-native SHA256withECDSA: P-256 private keys only");
        }
        handle = keys.handleFor(ec);
        key = ec;
        sha256.reset();
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        throw new InvalidKeyException("ntsbox-native SHA256withECDSA signs only; the JDK verifies");
    }

    @Override
    protected void engineUpdate(byte b) {
        sha256.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) {
        sha256.update(b, off, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        sha256.update(input);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (key == null) throw new SignatureException("not initialised for signing");
        byte[] digest = sha256.digest();
        try {
            byte[] sig = openssl.sign(handle, digest);
            counters.ecdsaSignatures.increment();
            return sig;
        } catch (IllegalStateException e) {
            throw new SignatureException(e.getMessage());
        } finally {
            Reference.reachabilityFence(key); // the native key lives as long as the Java key
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        throw new SignatureException("ntsbox-native SHA256withECDSA signs only");
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (params != null) throw new InvalidAlgorithmParameterException("No parameter accepted");
    }

    @Override
    protected java.security.AlgorithmParameters engineGetParameters() {
        return null;
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new UnsupportedOperationException("setParameter() not supported");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new UnsupportedOperationException("getParameter() not supported");
    }
}
