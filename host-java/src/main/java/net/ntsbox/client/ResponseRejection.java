package net.ntsbox.client;

/** Why a client refuses a datagram as the answer to one of its NTS requests. Each is a named drop reason. */
public enum ResponseRejection {
    /** Not a well-formed NTPv4 packet (length, version, extension-field framing). */
    MALFORMED_PACKET,
    /** Not a server-mode (4) packet. */
    NOT_SERVER_MODE,
    /** The origin timestamp is not the transmit timestamp of the request: stale, replayed or spoofed. */
    ORIGIN_MISMATCH,
    /** No Unique Identifier field. */
    MISSING_UID,
    /** More than one Unique Identifier field. */
    DUPLICATE_UID,
    /** The Unique Identifier is not the one of the request (or of any outstanding request). */
    UID_MISMATCH,
    /** No authenticator and not an NTS NAK: an unauthenticated response is never trusted. */
    MISSING_AUTHENTICATOR,
    /** More than one authenticator field. */
    DUPLICATE_AUTHENTICATOR,
    /** Extension fields after the authenticator: they would be unauthenticated. */
    FIELDS_AFTER_AUTHENTICATOR,
    /** Authenticator whose nonce/ciphertext lengths do not fit or lack the nonce padding. */
    MALFORMED_AUTHENTICATOR,
    /** The authenticator does not verify under the session's S2C key. */
    AUTHENTICATION_FAILED,
    /** The decrypted extension fields are not well-formed. */
    MALFORMED_ENCRYPTED_FIELDS,
}
