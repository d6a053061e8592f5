package net.ntsbox.ke;

/** Why an NTS-KE byte stream is not a message (framing errors, before any meaning is given to records). */
public enum KeMalformation {
    /** End of Message with a body (RFC 8915 §4.1.1: body length 0). */
    END_OF_MESSAGE_WITH_BODY,
    /** End of Message without the critical bit (RFC 8915 §4.1.1: it MUST be set). */
    END_OF_MESSAGE_NOT_CRITICAL,
    /** Bytes after End of Message: nothing may follow it on the connection (RFC 8915 §4). */
    DATA_AFTER_END_OF_MESSAGE,
    /** The stream ended (peer closed) inside or before End of Message. */
    TRUNCATED,
}
