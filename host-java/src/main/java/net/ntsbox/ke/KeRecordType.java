package net.ntsbox.ke;

/** NTS-KE record types (RFC 8915 §4.1, IANA "NTS Key Establishment Record Types"), error codes and protocol ids. */
public final class KeRecordType {
    public static final int END_OF_MESSAGE = 0;
    public static final int NEXT_PROTOCOL = 1;
    public static final int ERROR = 2;
    public static final int WARNING = 3;
    public static final int AEAD_ALGORITHM = 4;
    public static final int NEW_COOKIE = 5;
    public static final int NTPV4_SERVER = 6;
    public static final int NTPV4_PORT = 7;
    /**
     * chrony's "Compliant AES-128-GCM-SIV Exporter Context" (IANA 1024, non-critical, empty
     * body; chrony-project.org/doc/spec/nts-compliant-128gcm.html).
     */
    public static final int COMPLIANT_128GCM_EXPORT = 1024;

    /** Next Protocol id of NTPv4 (RFC 8915 §7.7). */
    public static final int PROTOCOL_NTPV4 = 0;

    /** Error codes (RFC 8915 §4.1.3). */
    public static final int ERROR_UNRECOGNIZED_CRITICAL_RECORD = 0;
    public static final int ERROR_BAD_REQUEST = 1;
    public static final int ERROR_INTERNAL_SERVER_ERROR = 2;

    /** AEAD ids (RFC 5116 / RFC 8452 registry) that matter to the exporter-context rule. */
    public static final int AEAD_AES_SIV_CMAC_256 = 15;
    public static final int AEAD_AES_128_GCM_SIV = 30;

    private KeRecordType() {}

    /**
     * Types whose body is capped at {@link KeLimits#MAX_RECORD_BODY_LENGTH}: the known ones
     * except New Cookie (capped separately) and End of Message. Unknown non-critical records
     * are skipped whatever their size; the message cap bounds them.
     */
    public static boolean isCappedKnownType(int type) {
        return (type >= NEXT_PROTOCOL && type <= NTPV4_PORT && type != NEW_COOKIE) || type == COMPLIANT_128GCM_EXPORT;
    }

    public static String name(int type) {
        return switch (type) {
            case END_OF_MESSAGE -> "EndOfMessage";
            case NEXT_PROTOCOL -> "NextProtocol";
            case ERROR -> "Error";
            case WARNING -> "Warning";
            case AEAD_ALGORITHM -> "AeadAlgorithm";
            case NEW_COOKIE -> "NewCookie";
            case NTPV4_SERVER -> "Ntpv4Server";
            case NTPV4_PORT -> "Ntpv4Port";
            case COMPLIANT_128GCM_EXPORT -> "Compliant128GcmExport";
            default -> "type" + type;
        };
    }
}
