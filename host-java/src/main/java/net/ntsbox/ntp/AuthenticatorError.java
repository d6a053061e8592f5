package net.ntsbox.ntp;

/** Why an NTS Authenticator and Encrypted EFs field cannot be used (drop reasons). */
public enum AuthenticatorError implements AuthenticatorParseResult {
    /** The EF index does not name an authenticator EF. */
    NOT_AN_AUTHENTICATOR,
    /** Body shorter than the 4 bytes of nonce and ciphertext lengths. */
    BODY_TOO_SHORT,
    /** Nonce length 0. */
    EMPTY_NONCE,
    /** Padded nonce plus padded ciphertext exceed the body. */
    LENGTHS_OVERRUN_FIELD,
    /**
     * The nonce plus its padding is shorter than the AEAD requires (RFC 8915 §5.6: a short
     * nonce must be followed by enough additional padding; chrony enforces 16 bytes, or the
     * AEAD's maximum nonce if smaller).
     */
    MISSING_NONCE_PADDING,
}
