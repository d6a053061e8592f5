package net.ntsbox.ke;

/** Why a request gets an Error record; each names the RFC 8915 rule (and carries the error code sent). */
public enum KeRejectReason {
    /** A critical record of a type we do not know (§4.1.3 error 0; §4: "MUST respond with error 0"). */
    UNRECOGNIZED_CRITICAL_RECORD(KeRecordType.ERROR_UNRECOGNIZED_CRITICAL_RECORD),
    /** No Next Protocol record (§4.1.2: the request MUST contain exactly one). */
    MISSING_NEXT_PROTOCOL(KeRecordType.ERROR_BAD_REQUEST),
    /** Two or more Next Protocol records (§4.1.2: exactly one). */
    DUPLICATE_NEXT_PROTOCOL(KeRecordType.ERROR_BAD_REQUEST),
    /** Next Protocol body of odd length (§4.1.2: a sequence of 16-bit ids). */
    ODD_NEXT_PROTOCOL_LENGTH(KeRecordType.ERROR_BAD_REQUEST),
    /** Next Protocol with no ids: a client must offer at least one (chrony: bad request). */
    EMPTY_NEXT_PROTOCOL(KeRecordType.ERROR_BAD_REQUEST),
    /** NTPv4 offered but no AEAD record (§4.1.5: the client MUST send it when NTPv4 is offered). */
    MISSING_AEAD(KeRecordType.ERROR_BAD_REQUEST),
    /** Two or more AEAD records (§4.1.5: at most one; chrony: exactly one). */
    DUPLICATE_AEAD(KeRecordType.ERROR_BAD_REQUEST),
    /** AEAD body of odd length (§4.1.5: 16-bit ids). */
    ODD_AEAD_LENGTH(KeRecordType.ERROR_BAD_REQUEST),
    /** AEAD record with no ids (chrony: bad request). */
    EMPTY_AEAD(KeRecordType.ERROR_BAD_REQUEST),
    /** Error record in a request (§4.1.3: clients MUST NOT send it). */
    CLIENT_SENT_ERROR(KeRecordType.ERROR_BAD_REQUEST),
    /** Warning record in a request (§4.1.4: clients MUST NOT send it). */
    CLIENT_SENT_WARNING(KeRecordType.ERROR_BAD_REQUEST),
    /** New Cookie in a request (§4.1.6: a server-to-client record; chrony rejects it). */
    CLIENT_SENT_COOKIE(KeRecordType.ERROR_BAD_REQUEST),
    /** NTPv4 Port body not exactly 2 bytes (§4.1.8: a 16-bit port). */
    BAD_PORT_RECORD(KeRecordType.ERROR_BAD_REQUEST),
    /** NTPv4 Server body empty or not printable ASCII (§4.1.7: an ASCII name or address). */
    BAD_SERVER_RECORD(KeRecordType.ERROR_BAD_REQUEST),
    /** Compliant-128GCM record with a body (chrony spec: empty body). */
    NON_EMPTY_COMPLIANT_128GCM_RECORD(KeRecordType.ERROR_BAD_REQUEST),
    /** A record body longer than {@link KeLimits#MAX_RECORD_BODY_LENGTH}. */
    RECORD_TOO_LONG(KeRecordType.ERROR_BAD_REQUEST),
    /** The framing was broken (see {@link KeMalformation}). */
    MALFORMED_MESSAGE(KeRecordType.ERROR_BAD_REQUEST),
    /** The request exceeded {@link KeLimits#MAX_MESSAGE_LENGTH}. */
    MESSAGE_TOO_LARGE(KeRecordType.ERROR_BAD_REQUEST);

    private final int errorCode;

    KeRejectReason(int errorCode) {
        this.errorCode = errorCode;
    }

    /** The code in the Error record sent back (RFC 8915 §4.1.3). */
    public int errorCode() {
        return errorCode;
    }

    /** The metrics label of the exchange. */
    public KeOutcome outcome() {
        return switch (this) {
            case UNRECOGNIZED_CRITICAL_RECORD -> KeOutcome.UNRECOGNIZED_CRITICAL;
            case MESSAGE_TOO_LARGE -> KeOutcome.TOO_LARGE;
            default -> KeOutcome.BAD_REQUEST;
        };
    }
}
