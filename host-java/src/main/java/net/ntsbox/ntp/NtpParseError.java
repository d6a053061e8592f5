package net.ntsbox.ntp;

/** Why a datagram is not an acceptable NTPv4 packet; each value is a named drop reason. */
public enum NtpParseError implements NtpParseResult {
    /** Offset/length do not describe a range inside the given array. */
    BAD_BOUNDS,
    /** Shorter than the 48-byte header. */
    TOO_SHORT,
    /** Version 0 or above 4. */
    BAD_VERSION,
    /** A version 1-3 packet longer than 48 bytes: only NTPv4 carries extension fields. */
    EXTENSIONS_REQUIRE_V4,
    /**
     * 20 or 24 bytes remain where an extension field would start: by RFC 7822 §7.5 that is a
     * legacy symmetric-key MAC (key id + MD5/SHA-1), which we do not serve, and which cannot be
     * told apart from a short last extension field.
     */
    LEGACY_MAC_NOT_SUPPORTED,
    /**
     * A last extension field shorter than 28 bytes with nothing after it: RFC 7822 §7.5
     * requires 28 so that it cannot be mistaken for a MAC (chrony treats ≤ 24 trailing bytes
     * as a MAC too).
     */
    LAST_EF_TOO_SHORT,
    /** Bytes left after the last whole extension field that cannot be one (fewer than 4, or not a multiple of 4). */
    TRAILING_FRAGMENT,
    /** An extension field length that is not a multiple of 4 (RFC 7822 §3). */
    EF_LENGTH_NOT_MULTIPLE_OF_4,
    /** An extension field length below the 16-byte minimum (RFC 7822 §3). */
    EF_TOO_SHORT,
    /** An extension field that claims more bytes than the datagram has left. */
    EF_OVERRUNS_PACKET,
}
