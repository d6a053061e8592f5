package net.ntsbox.client;

import java.util.ArrayList;
import java.util.List;
import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.ke.KeLimits;
import net.ntsbox.ntp.AuthenticatorParseResult;
import net.ntsbox.ntp.ExtensionFields;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtpParse;
import net.ntsbox.ntp.NtsAuthenticator;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.ntp.ParsedPacket;

/**
 * Checks one datagram as the answer to one NTS request (RFC 8915 §5.7, client side), in this
 * order: well-formed NTPv4, mode 4, origin = the request's transmit timestamp, exactly one UID
 * equal to the request's; then either an NTS NAK (stratum 0, reference ID NTSN, no
 * authenticator) or exactly one authenticator, last, that verifies under S2C with the packet
 * before it as associated data. Only then are the encrypted fields read: each NTS Cookie in
 * them is a new cookie, other fields are ignored. Never throws on any content.
 */
public final class NtsResponseVerifier {
    private NtsResponseVerifier() {}

    public static ResponseResult verify(byte[] d, int off, int len, PendingRequest request,
                                        AeadAlgorithm alg, Aead s2c) {
        if (!(NtpParse.parse(d, off, len) instanceof ParsedPacket p)) {
            return rejected(ResponseRejection.MALFORMED_PACKET);
        }
        NtpHeader h = p.header();
        if (h.mode() != NtpHeader.MODE_SERVER) return rejected(ResponseRejection.NOT_SERVER_MODE);
        if (h.originTimestamp() != request.transmitTimestamp()) return rejected(ResponseRejection.ORIGIN_MISMATCH);
        int uid = -1, auth = -1, uids = 0, auths = 0;
        for (int i = 0; i < p.extensionCount(); i++) {
            int t = p.efType(i);
            if (t == NtsExtensionType.UNIQUE_IDENTIFIER) {
                uids++;
                if (uid < 0) uid = i;
            } else if (t == NtsExtensionType.NTS_AUTHENTICATOR) {
                auths++;
                if (auth < 0) auth = i;
            }
        }
        if (uids == 0) return rejected(ResponseRejection.MISSING_UID);
        if (uids > 1) return rejected(ResponseRejection.DUPLICATE_UID);
        if (!uidMatches(p, uid, request)) return rejected(ResponseRejection.UID_MISMATCH);
        if (auths == 0) {
            return h.stratum() == 0 && h.referenceId() == NtpHeader.REFID_NTSN
                    ? new ResponseResult.Nak(request)
                    : rejected(ResponseRejection.MISSING_AUTHENTICATOR);
        }
        if (auths > 1) return rejected(ResponseRejection.DUPLICATE_AUTHENTICATOR);
        if (auth != p.extensionCount() - 1) return rejected(ResponseRejection.FIELDS_AFTER_AUTHENTICATOR);
        AuthenticatorParseResult ap = NtsAuthenticator.parse(p, auth, alg.nonceLength());
        if (!(ap instanceof NtsAuthenticator a)) return rejected(ResponseRejection.MALFORMED_AUTHENTICATOR);
        int ptLen = a.ciphertextLength() - AeadAlgorithm.TAG_LENGTH;
        if (ptLen < 0) return rejected(ResponseRejection.AUTHENTICATION_FAILED);
        byte[] plaintext = new byte[ptLen];
        if (s2c.openInto(d, a.nonceStart(), a.nonceLength(), d, off, a.associatedDataLength(),
                d, a.ciphertextStart(), a.ciphertextLength(), plaintext, 0) != ptLen) {
            return rejected(ResponseRejection.AUTHENTICATION_FAILED);
        }
        List<byte[]> cookies = encryptedCookies(plaintext);
        java.util.Arrays.fill(plaintext, (byte) 0); // it held cookies, which carry the session keys
        if (cookies == null) return rejected(ResponseRejection.MALFORMED_ENCRYPTED_FIELDS);
        return new ResponseResult.Authenticated(request, h, cookies);
    }

    /** The UID body must be the request's UID plus the zero padding the writer adds. */
    private static boolean uidMatches(ParsedPacket p, int uid, PendingRequest request) {
        byte[] want = request.uid();
        int bodyLen = p.efBodyLength(uid);
        int start = p.efBodyStart(uid);
        if (bodyLen != ExtensionFields.paddedLength(want.length, 0) - ExtensionFields.HEADER_LENGTH) return false;
        if (!request.uidEquals(p.data(), start, want.length)) return false;
        for (int i = want.length; i < bodyLen; i++) {
            if (p.data()[start + i] != 0) return false;
        }
        return true;
    }

    /** Cookies from the decrypted fields (type, length ≥ 16 and a multiple of 4, within the plaintext), or null if malformed. */
    static List<byte[]> encryptedCookies(byte[] pt) {
        List<byte[]> cookies = new ArrayList<>(8);
        int pos = 0;
        while (pos < pt.length) {
            if (pt.length - pos < ExtensionFields.HEADER_LENGTH) return null;
            int type = u16(pt, pos);
            int efLen = u16(pt, pos + 2);
            if (efLen < ExtensionFields.MIN_LENGTH || efLen % 4 != 0 || efLen > pt.length - pos) return null;
            if (type == NtsExtensionType.NTS_COOKIE) {
                int bodyLen = efLen - ExtensionFields.HEADER_LENGTH;
                if (bodyLen > KeLimits.MAX_COOKIE_LENGTH) return null;
                cookies.add(java.util.Arrays.copyOfRange(pt, pos + ExtensionFields.HEADER_LENGTH, pos + efLen));
            }
            pos += efLen;
        }
        return cookies;
    }

    private static int u16(byte[] d, int off) {
        return ((d[off] & 0xFF) << 8) | (d[off + 1] & 0xFF);
    }

    private static ResponseResult rejected(ResponseRejection r) {
        return new ResponseResult.Rejected(r);
    }
}
