package net.ntsbox.crypto;

/**
 * One AEAD instance bound to one key. Implementations are pure computation (no I/O, no
 * clock, no randomness: the caller supplies the nonce) and must be safe to use from one
 * thread at a time; create one per thread or per operation.
 *
 * <p>Output layout is the algorithm's own wire layout: AES-SIV returns tag (16) ‖ ciphertext
 * (RFC 5297); AES-GCM-SIV returns ciphertext ‖ tag (16) (RFC 8452). NTS carries either layout
 * as an opaque "ciphertext".
 *
 * <p>Associated data {@code null} means <em>absent</em>: for AES-SIV no S2V component is
 * fed for it, which differs from an empty component (RFC 5297 §2.4). For AES-GCM-SIV an
 * absent AD is the same as an empty one.
 */
public interface Aead {

    AeadAlgorithm algorithm();

    /** Encrypts {@code plaintext} under {@code nonce} and {@code associatedData} (null: absent). */
    byte[] seal(byte[] nonce, byte[] associatedData, byte[] plaintext);

    /**
     * Decrypts and authenticates. Returns the plaintext, or {@code null} when the tag does
     * not verify or the input is shorter than a tag. The tag comparison takes the same time
     * whatever the data.
     */
    byte[] open(byte[] nonce, byte[] associatedData, byte[] ciphertext);
}
