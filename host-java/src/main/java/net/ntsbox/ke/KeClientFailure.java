package net.ntsbox.ke;

/** Why a client cannot use an NTS-KE response. */
public enum KeClientFailure {
    /** The stream ended before End of Message. */
    MISSING_END_OF_MESSAGE,
    /** Broken framing (End of Message with a body or not critical, data after it). */
    MALFORMED_MESSAGE,
    /** Longer than {@link KeLimits#MAX_MESSAGE_LENGTH}. */
    TOO_LARGE,
    /** The server sent an Error record (RFC 8915 §4.1.3); see the error code. */
    SERVER_ERROR,
    /** Empty Next Protocol record: no protocol in common (§4.1.2). */
    NO_COMMON_PROTOCOL,
    /** Empty AEAD record: no algorithm in common (§4.1.5). */
    NO_COMMON_AEAD,
    MISSING_NEXT_PROTOCOL,
    DUPLICATE_NEXT_PROTOCOL,
    /** Next Protocol not exactly one 16-bit id, or not NTPv4 (we only offer NTPv4). */
    BAD_NEXT_PROTOCOL,
    MISSING_AEAD,
    DUPLICATE_AEAD,
    /** AEAD not exactly one 16-bit id, or one the client did not offer. */
    BAD_AEAD,
    /** No New Cookie records. */
    NO_COOKIES,
    /** A cookie that is empty or longer than {@link KeLimits#MAX_COOKIE_LENGTH}. */
    BAD_COOKIE,
    /** Cookies of different lengths: RFC 8915 §5.7 has the client size placeholders from its cookies, and chrony/NTPsec cookies of one key have one length. */
    COOKIE_LENGTHS_DIFFER,
    BAD_SERVER_RECORD,
    BAD_PORT_RECORD,
    /** Warning or Error record whose body is not one 16-bit code. */
    BAD_ERROR_OR_WARNING_RECORD,
    /** A non-cookie record longer than {@link KeLimits#MAX_RECORD_BODY_LENGTH}. */
    RECORD_TOO_LONG,
    /** A critical record the client does not know (§4: the client must abort). */
    UNRECOGNIZED_CRITICAL_RECORD,
}
