package net.ntsbox.ke;

/** Size caps of NTS-KE messages, the same as chrony's ({@code nts_ke.h}). */
public final class KeLimits {
    /** Largest request or response message, End of Message included (chrony NKE_MAX_MESSAGE_LENGTH). */
    public static final int MAX_MESSAGE_LENGTH = 16384;
    /** Largest body of any record except New Cookie (chrony NKE_MAX_RECORD_BODY_LENGTH). */
    public static final int MAX_RECORD_BODY_LENGTH = 256;
    /** Largest cookie a client accepts (chrony NKE_MAX_COOKIE_LENGTH). */
    public static final int MAX_COOKIE_LENGTH = 256;
    /** Cookies sent per exchange by default and most a client keeps (chrony NKE_MAX_COOKIES; RFC 8915 §4.1.6 says 8). */
    public static final int DEFAULT_COOKIES = 8;
    /** Record header: critical bit + 15-bit type, 16-bit body length. */
    public static final int RECORD_HEADER_LENGTH = 4;

    private KeLimits() {}
}
