package net.ntsbox.tls.nativecrypto;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidParameterException;
import java.security.KeyPair;
import java.security.KeyPairGeneratorSpi;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;

/**
 * KeyPairGenerator "XDH"/"X25519" for X25519 only: 32 random bytes from the caller's
 * SecureRandom (SunJSSE passes its own), public key by Nettle. Other curves (X448) are refused
 * at initialisation, so the JCA moves on to the JDK's generator.
 */
final class X25519KeyPairGenerator extends KeyPairGeneratorSpi {
    private static final SecureRandom DEFAULT_RANDOM = new SecureRandom();

    private final NettleX25519 nettle;
    private final NativeCryptoCounters counters;
    private SecureRandom random = DEFAULT_RANDOM;

    X25519KeyPairGenerator(NettleX25519 nettle, NativeCryptoCounters counters) {
        this.nettle = nettle;
        this.counters = counters;
    }

    @Override
    public void initialize(int keysize, SecureRandom random) {
        if (keysize != 255) throw new InvalidParameterException("ntsbox-native XDH: X25519 (255 bits) only");
        this.random = random == null ? DEFAULT_RANDOM : random;
    }

    @Override
    public void initialize(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
        if (!X25519Codec.isX25519(params)) throw new InvalidAlgorithmParameterException("ntsbox-native XDH: X25519 only");
        this.random = random == null ? DEFAULT_RANDOM : random;
    }

    @Override
    public KeyPair generateKeyPair() {
        byte[] k = new byte[NettleX25519.SIZE];
        random.nextBytes(k);
        try {
            X25519PrivateKey priv = new X25519PrivateKey(k);
            KeyPair pair = new KeyPair(new X25519PublicKey(nettle.publicFromScalar(k)), priv);
            counters.x25519KeyPairs.increment();
            return pair;
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }
}
