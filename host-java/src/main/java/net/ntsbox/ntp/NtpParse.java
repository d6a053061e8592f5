package net.ntsbox.ntp;

/**
 * Parses an NTP datagram into a {@link ParsedPacket} or a named {@link NtpParseError}; never
 * throws on any content.
 *
 * <p>Extension-field rules (what chrony 4.x and NTPsec accept): each EF is type(2) ‖
 * length(2) ‖ body, the length counts the header, is a multiple of 4 and at least 16 (RFC 7822
 * §3; RFC 8915 NTS EFs are ordinary EFs, so chrony's 36-byte UID and 40-byte authenticator
 * fit). When 20 or 24 bytes remain they would be a legacy MAC (RFC 7822 §7.5); we serve no
 * symmetric-key MACs, so that is rejected as {@link NtpParseError#LEGACY_MAC_NOT_SUPPORTED}.
 * A last EF must be at least 28 bytes (RFC 7822 §7.5) so that it is never ambiguous with a MAC.
 */
public final class NtpParse {
    /** Remaining lengths that RFC 7822 §7.5 reserves for a legacy NTPv4 MAC (key id + 16/20-byte digest). */
    public static final int LEGACY_MAC_MD5_LENGTH = 20;
    public static final int LEGACY_MAC_SHA1_LENGTH = 24;
    /** Minimum length of the last EF when no MAC follows (RFC 7822 §7.5). */
    public static final int MIN_LAST_EF_LENGTH = 28;

    private NtpParse() {}

    public static NtpParseResult parse(byte[] d) {
        return d == null ? NtpParseError.BAD_BOUNDS : parse(d, 0, d.length);
    }

    public static NtpParseResult parse(byte[] d, int off, int len) {
        if (d == null || off < 0 || len < 0 || off > d.length - len) {
            return NtpParseError.BAD_BOUNDS;
        }
        if (len < NtpHeader.LENGTH) {
            return NtpParseError.TOO_SHORT;
        }
        int version = ((d[off] & 0xFF) >>> 3) & 7;
        if (version < 1 || version > 4) {
            return NtpParseError.BAD_VERSION;
        }
        if (version != 4 && len != NtpHeader.LENGTH) {
            return NtpParseError.EXTENSIONS_REQUIRE_V4;
        }
        int[] fields = new int[3 * ((len - NtpHeader.LENGTH) / ExtensionFields.MIN_LENGTH)];
        int count = 0;
        int pos = NtpHeader.LENGTH;
        while (pos < len) {
            int remaining = len - pos;
            if (remaining < ExtensionFields.HEADER_LENGTH) {
                return NtpParseError.TRAILING_FRAGMENT;
            }
            if (remaining == LEGACY_MAC_MD5_LENGTH || remaining == LEGACY_MAC_SHA1_LENGTH) {
                return NtpParseError.LEGACY_MAC_NOT_SUPPORTED;
            }
            int type = Bytes.getU16(d, off + pos);
            int efLen = Bytes.getU16(d, off + pos + 2);
            if (efLen % 4 != 0) {
                return NtpParseError.EF_LENGTH_NOT_MULTIPLE_OF_4;
            }
            if (efLen < ExtensionFields.MIN_LENGTH) {
                return NtpParseError.EF_TOO_SHORT;
            }
            if (efLen > remaining) {
                return NtpParseError.EF_OVERRUNS_PACKET;
            }
            if (efLen == remaining && efLen < MIN_LAST_EF_LENGTH) {
                return NtpParseError.LAST_EF_TOO_SHORT;
            }
            fields[count * 3] = type;
            fields[count * 3 + 1] = pos;
            fields[count * 3 + 2] = efLen;
            count++;
            pos += efLen;
        }
        return new ParsedPacket(d, off, len, NtpHeader.read(d, off), fields, count);
    }
}
