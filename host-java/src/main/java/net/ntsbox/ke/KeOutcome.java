package net.ntsbox.ke;

/** How one NTS-KE exchange ended, as counted in metrics (one label value each). */
public enum KeOutcome {
    /** Cookies sent. */
    OK,
    /** Error 0 sent: the request carried a critical record we do not know. */
    UNRECOGNIZED_CRITICAL,
    /** Error 1 sent: malformed, incomplete or contradictory request. */
    BAD_REQUEST,
    /** The request grew past the size cap before End of Message; Error 1 sent. */
    TOO_LARGE,
    /** No protocol or AEAD in common: response without cookies (RFC 8915 §4.1.2, §4.1.5). */
    NO_COMMON_ALGORITHM,
}
