package net.ntsbox.crypto;

import java.util.Optional;

/**
 * The AEAD algorithms NTS uses (IANA "AEAD Algorithms" registry numbers), with the key and
 * nonce lengths that NTS uses them with.
 */
public enum AeadAlgorithm {
    /** RFC 5297, two AES-128 keys. The only AEAD every NTS implementation speaks. */
    AES_SIV_CMAC_256(15, 32, 16),
    /** RFC 5297, two AES-256 keys. */
    AES_SIV_CMAC_512(17, 64, 16),
    /** RFC 8452. NTS uses the full 12-byte nonce. */
    AES_128_GCM_SIV(30, 16, 12);

    /** Every AEAD here has a 16-byte tag (SIV: the synthetic IV in front; GCM-SIV: behind). */
    public static final int TAG_LENGTH = 16;

    private final int id;
    private final int keyLength;
    private final int nonceLength;

    AeadAlgorithm(int id, int keyLength, int nonceLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.nonceLength = nonceLength;
    }

    /** IANA AEAD algorithm number, as carried in NTS-KE record 4. */
    public int id() { return id; }

    /** Key length in bytes (the C2S/S2C key length exported from TLS). */
    public int keyLength() { return keyLength; }

    /** Nonce length NTS uses with this AEAD (cookie nonces, authenticator nonces). */
    public int nonceLength() { return nonceLength; }

    public static Optional<AeadAlgorithm> byId(int id) {
        for (AeadAlgorithm a : values()) {
            if (a.id == id) return Optional.of(a);
        }
        return Optional.empty();
    }
}
