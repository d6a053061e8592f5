package net.ntsbox.tls.nativecrypto;

import java.math.BigInteger;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;

/** An X25519 public key made by this provider: the u-coordinate, 32 bytes little-endian. */
final class X25519PublicKey implements XECPublicKey {
    private static final long serialVersionUID = 1L;
    /** SubjectPublicKeyInfo for id-X25519 (RFC 8410) up to the key bytes. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b656e032100");

    private final byte[] u;

    X25519PublicKey(byte[] u) {
        if (u.length != NettleX25519.SIZE) throw new IllegalArgumentException("X25519 public keys are 32 bytes");
        this.u = u.clone();
    }

    @Override
    public BigInteger getU() {
        return new BigInteger(1, X25519Codec.reversed(u));
    }

    @Override
    public AlgorithmParameterSpec getParams() {
        return NamedParameterSpec.X25519;
    }

    @Override
    public String getAlgorithm() {
        return "XDH";
    }

    @Override
    public String getFormat() {
        return "X.509";
    }

    @Override
    public byte[] getEncoded() {
        byte[] out = new byte[X509_PREFIX.length + u.length];
        System.arraycopy(X509_PREFIX, 0, out, 0, X509_PREFIX.length);
        System.arraycopy(u, 0, out, X509_PREFIX.length, u.length);
        return out;
    }

    @Override
    public String toString() {
        return "X25519 public key " + HexFormat.of().formatHex(u);
    }
}
