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

    /** Output length of {@link #seal} for a plaintext of {@code plaintextLength} bytes. */
    default int sealedLength(int plaintextLength) { return plaintextLength + AeadAlgorithm.TAG_LENGTH; }

    /**
     * {@link #seal} over array regions, without copying them: writes
     * {@link #sealedLength}{@code (ptLen)} bytes at {@code out[outOff]} and returns that count.
     * {@code ad} null means absent (its offset and length are then ignored). The output must
     * not overlap the inputs.
     */
    default int sealInto(byte[] nonce, int nonceOff, int nonceLen,
                         byte[] ad, int adOff, int adLen,
                         byte[] pt, int ptOff, int ptLen,
                         byte[] out, int outOff) {
        byte[] r = seal(java.util.Arrays.copyOfRange(nonce, nonceOff, nonceOff + nonceLen),
                ad == null ? null : java.util.Arrays.copyOfRange(ad, adOff, adOff + adLen),
                java.util.Arrays.copyOfRange(pt, ptOff, ptOff + ptLen));
        System.arraycopy(r, 0, out, outOff, r.length);
        return r.length;
    }

    /**
     * {@link #open} over array regions, without copying them (e.g. the AD is a packet prefix
     * read in place). Writes the plaintext at {@code out[outOff]} and returns its length, or
     * returns -1 when the input is shorter than a tag or does not authenticate.
     */
    default int openInto(byte[] nonce, int nonceOff, int nonceLen,
                         byte[] ad, int adOff, int adLen,
                         byte[] ct, int ctOff, int ctLen,
                         byte[] out, int outOff) {
        byte[] r = open(java.util.Arrays.copyOfRange(nonce, nonceOff, nonceOff + nonceLen),
                ad == null ? null : java.util.Arrays.copyOfRange(ad, adOff, adOff + adLen),
                java.util.Arrays.copyOfRange(ct, ctOff, ctOff + ctLen));
        if (r == null) return -1;
        System.arraycopy(r, 0, out, outOff, r.length);
        return r.length;
    }
}
