package net.ntsbox.crypto;


/**
 * {@link Aead} for AEAD_AES_SIV_CMAC_256 (15) and _512 (17): S2V components [AD, nonce], or
 * [nonce] when the AD is absent (RFC 5297 §3, RFC 8915 §5.6). Output V (16) ‖ ciphertext.
 */
public final class AesSivAead extends RegionAead {
    private final AeadAlgorithm algorithm;
    private final AesSiv siv;

    public AesSivAead(AeadAlgorithm algorithm, byte[] key) {
        if (algorithm != AeadAlgorithm.AES_SIV_CMAC_256 && algorithm != AeadAlgorithm.AES_SIV_CMAC_512) {
            throw new IllegalArgumentException(algorithm + " is not an AES-SIV algorithm");
        }
        if (key.length != algorithm.keyLength()) {
            throw new IllegalArgumentException(algorithm + " needs a " + algorithm.keyLength()
                    + "-byte key, got " + key.length);
        }
        this.algorithm = algorithm;
        this.siv = new AesSiv(key);
    }

    @Override public AeadAlgorithm algorithm() { return algorithm; }

    /** Binds this instance to another key of the algorithm's length (reuses the Ciphers). */
    public void rekey(byte[] key) {
        siv.rekey(key, 0, key.length);
    }

    /** The underlying AES-SIV, for callers that need other component lists. */
    public AesSiv siv() { return siv; }

    @Override
    public int sealInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                        byte[] pt, int ptOff, int ptLen, byte[] out, int outOff) {
        return siv.seal(ad, adOff, adLen, nonce, nonceOff, nonceLen, pt, ptOff, ptLen, out, outOff);
    }

    @Override
    public int openInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                        byte[] ct, int ctOff, int ctLen, byte[] out, int outOff) {
        return siv.open(ad, adOff, adLen, nonce, nonceOff, nonceLen, ct, ctOff, ctLen, out, outOff);
    }

    @Override public String toString() { return "AesSivAead[" + algorithm + "]"; }

}
