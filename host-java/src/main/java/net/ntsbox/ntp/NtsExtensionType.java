package net.ntsbox.ntp;

/** NTP extension field types of NTS (RFC 8915 §7.5, IANA "NTP Extension Field Types"). */
public final class NtsExtensionType {
    public static final int UNIQUE_IDENTIFIER = 0x0104;
    public static final int NTS_COOKIE = 0x0204;
    public static final int NTS_COOKIE_PLACEHOLDER = 0x0304;
    public static final int NTS_AUTHENTICATOR = 0x0404;

    private NtsExtensionType() {}
}
