package net.ntsbox.tls.nativecrypto;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.security.auth.Destroyable;

/**
 * An ephemeral X25519 private key made by this provider: the 32-byte scalar as drawn (RFC 7748
 * clamping happens in each multiplication, as in the JDK's own keys). Never printed, never
 * serialised; {@link #destroy} zeroes it.
 */
final class X25519PrivateKey implements XECPrivateKey, Destroyable {
    private static final long serialVersionUID = 1L;
    /** PrivateKeyInfo for id-X25519 (RFC 8410) up to the CurvePrivateKey bytes. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b656e04220420");

    private final byte[] scalar;
    private volatile boolean destroyed;

    X25519PrivateKey(byte[] scalar) {
        if (scalar.length != NettleX25519.SIZE) throw new IllegalArgumentException("X25519 private keys are 32 bytes");
        this.scalar = scalar.clone();
    }

    /** The scalar itself (no copy), for this package's key agreement. */
    byte[] scalarNoCopy() {
        if (destroyed) throw new IllegalStateException("key destroyed");
        return scalar;
    }

    @Override
    public Optional<byte[]> getScalar() {
        return destroyed ? Optional.empty() : Optional.of(scalar.clone());
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
        return "PKCS#8";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) return null;
        byte[] out = new byte[PKCS8_PREFIX.length + scalar.length];
        System.arraycopy(PKCS8_PREFIX, 0, out, 0, PKCS8_PREFIX.length);
        System.arraycopy(scalar, 0, out, PKCS8_PREFIX.length, scalar.length);
        return out;
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(scalar, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "X25519 private key (ntsbox-native)";
    }

    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("private keys of the ntsbox-native provider are not serialisable");
    }
}
