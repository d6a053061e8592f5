package net.ntsbox.tls.nativecrypto;

import java.math.BigInteger;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.NamedParameterSpec;

/** Conversions between the JCA's X25519 forms (BigInteger u, named parameters) and RFC 7748 bytes. */
final class X25519Codec {
    /** 2^255 - 19. */
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private X25519Codec() {}

    static boolean isX25519(AlgorithmParameterSpec params) {
        return params instanceof NamedParameterSpec n && n.getName().equalsIgnoreCase("X25519");
    }

    /**
     * u as 32 little-endian bytes after reduction mod p, as the JDK's XDH does with a public key
     * given as a number (so a peer's key means here what it means to SunEC).
     */
    static byte[] encodeU(BigInteger u) {
        byte[] be = OpenSslEcdsa.toFixed(u.mod(P), NettleX25519.SIZE);
        return reversed(be);
    }

    static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) r[i] = b[b.length - 1 - i];
        return r;
    }
}
