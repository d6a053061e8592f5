package net.ntsbox.server;

/**
 * What the server step did with one datagram. Each value is one metric label; the drop
 * reasons name exactly what was wrong so an operator can tell a broken client from an attack.
 */
public enum StepOutcome {
    /** NTPv4 (or v1–v3) request without NTS fields: plain 48-byte response. */
    PLAIN_RESPONSE(Kind.RESPONSE),
    /** Authenticated NTS response with new cookies. */
    NTS_RESPONSE(Kind.RESPONSE),
    /** NTS NAK: the cookie names no live master key (expired, or never ours). */
    NAK_UNKNOWN_KEY(Kind.NAK),
    /** NTS NAK: the cookie does not open (bad tag under a live key, or a length no session AEAD has). */
    NAK_BAD_COOKIE(Kind.NAK),
    /** NTS NAK: the cookie opened but the request's authenticator does not verify under its C2S key. */
    NAK_BAD_AUTHENTICATOR(Kind.NAK),
    /** Not a well-formed NTP packet (length, version, extension-field framing). */
    DROP_MALFORMED_PACKET(Kind.DROP),
    /** Not a client-mode (3) request. */
    DROP_NOT_CLIENT_MODE(Kind.DROP),
    /** NTS fields present but no Unique Identifier before the authenticator. */
    DROP_MISSING_UID(Kind.DROP),
    /** More than one Unique Identifier before the authenticator. */
    DROP_DUPLICATE_UID(Kind.DROP),
    /** Unique Identifier shorter than 32 bytes (RFC 8915 §5.3). */
    DROP_SHORT_UID(Kind.DROP),
    /** NTS fields present but no cookie before the authenticator. */
    DROP_MISSING_COOKIE(Kind.DROP),
    /** More than one cookie before the authenticator (RFC 8915 §5.7: exactly one). */
    DROP_DUPLICATE_COOKIE(Kind.DROP),
    /** NTS fields present but no authenticator. */
    DROP_MISSING_AUTHENTICATOR(Kind.DROP),
    /** Authenticator EF whose nonce/ciphertext lengths do not fit or lack the nonce padding. */
    DROP_MALFORMED_AUTHENTICATOR(Kind.DROP),
    /** The output buffer cannot hold the response (a caller bug; never from network input). */
    DROP_OUTPUT_TOO_SMALL(Kind.DROP);

    public enum Kind { RESPONSE, NAK, DROP }

    private final Kind kind;

    StepOutcome(Kind kind) { this.kind = kind; }

    public Kind kind() { return kind; }

    /** True when a datagram goes back to the client (response or NAK). */
    public boolean answers() { return kind != Kind.DROP; }
}
