package net.ntsbox.crypto;

/** Creates the {@link Aead} for an NTS AEAD algorithm and key. */
public final class Aeads {
    private Aeads() {}

    /** @throws IllegalArgumentException when the key length does not fit the algorithm */
    public static Aead create(AeadAlgorithm algorithm, byte[] key) {
        return switch (algorithm) {
            case AES_SIV_CMAC_256, AES_SIV_CMAC_512 -> new AesSivAead(algorithm, key);
            case AES_128_GCM_SIV -> new GcmSivAead(key);
        };
    }
}
