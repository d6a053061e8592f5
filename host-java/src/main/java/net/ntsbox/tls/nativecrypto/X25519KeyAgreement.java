package net.ntsbox.tls.nativecrypto;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * KeyAgreement "XDH"/"X25519" for X25519 by Nettle, with the JDK's behaviour: a peer key is
 * taken as its u mod p, an all-zero shared secret (small-order peer point) is refused
 * (RFC 7748 §6.1, RFC 8446 §7.4.2), one doPhase, and generateSecret resets for the next one.
 */
final class X25519KeyAgreement extends KeyAgreementSpi {
    private final NettleX25519 nettle;
    private final NativeCryptoCounters counters;
    private byte[] scalar;
    private byte[] secret;

    X25519KeyAgreement(NettleX25519 nettle, NativeCryptoCounters counters) {
        this.nettle = nettle;
        this.counters = counters;
    }

    @Override
    protected void engineInit(Key key, SecureRandom random) throws InvalidKeyException {
        clear();
        if (key instanceof X25519PrivateKey own) {
            scalar = own.scalarNoCopy().clone();
        } else if (key instanceof XECPrivateKey x && X25519Codec.isX25519(x.getParams())) {
            scalar = x.getScalar().orElseThrow(() -> new InvalidKeyException("X25519 private key without a scalar"));
            if (scalar.length != NettleX25519.SIZE) {
                clear();
                throw new InvalidKeyException("X25519 scalar must be 32 bytes");
            }
        } else {
            throw new InvalidKeyException("ntsbox-native XDH: an X25519 private key is needed, not "
                    + (key == null ? "null" : key.getAlgorithm()));
        }
    }

    @Override
    protected void engineInit(Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (params != null && !X25519Codec.isX25519(params)) {
            throw new InvalidAlgorithmParameterException("ntsbox-native XDH: X25519 only");
        }
        engineInit(key, random);
    }

    @Override
    protected Key engineDoPhase(Key key, boolean lastPhase) throws InvalidKeyException {
        if (scalar == null) throw new IllegalStateException("not initialised");
        if (!lastPhase) throw new IllegalStateException("X25519 has one phase only");
        if (!(key instanceof XECPublicKey pub) || !X25519Codec.isX25519(pub.getParams())) {
            throw new InvalidKeyException("an X25519 public key is needed");
        }
        byte[] s = nettle.multiply(scalar, X25519Codec.encodeU(pub.getU()));
        int any = 0;
        for (byte b : s) any |= b;
        counters.x25519Agreements.increment();
        if (any == 0) throw new InvalidKeyException("Point has small order");
        if (secret != null) Arrays.fill(secret, (byte) 0);
        secret = s;
        return null;
    }

    @Override
    protected byte[] engineGenerateSecret() {
        if (secret == null) throw new IllegalStateException("doPhase first");
        byte[] s = secret;
        secret = null;
        return s;
    }

    @Override
    protected int engineGenerateSecret(byte[] out, int offset) throws ShortBufferException {
        if (secret == null) throw new IllegalStateException("doPhase first");
        if (out.length - offset < secret.length) throw new ShortBufferException("needs " + secret.length + " bytes");
        byte[] s = engineGenerateSecret();
        System.arraycopy(s, 0, out, offset, s.length);
        Arrays.fill(s, (byte) 0);
        return s.length;
    }

    @Override
    protected SecretKey engineGenerateSecret(String algorithm) throws NoSuchAlgorithmException {
        if (algorithm == null) throw new NoSuchAlgorithmException("Algorithm must not be null");
        if (!algorithm.equalsIgnoreCase("TlsPremasterSecret") && !algorithm.equalsIgnoreCase("Generic")) {
            throw new NoSuchAlgorithmException("Unsupported secret key algorithm: " + algorithm);
        }
        byte[] s = engineGenerateSecret();
        try {
            return new SecretKeySpec(s, algorithm);
        } finally {
            Arrays.fill(s, (byte) 0);
        }
    }

    private void clear() {
        if (scalar != null) Arrays.fill(scalar, (byte) 0);
        if (secret != null) Arrays.fill(secret, (byte) 0);
        scalar = null;
        secret = null;
    }
}
