package net.ntsbox.ntp;

import net.ntsbox.testsupport.Vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One test per named drop reason, on packets built from a real chrony request. */
class NtpParseErrorTest {
    private static final byte[] CHRONY_REQUEST = Vectors.hex(Vectors.load("chrony-ntpsec-captures.json")
            .get("captures").get(0).get("ntp_packets").get(0).get("udp_payload").asText());

    private static byte[] header(int version, int extra) {
        byte[] d = new byte[48 + extra];
        d[0] = (byte) ((version << 3) | 3);
        return d;
    }

    private static void ef(byte[] d, int off, int type, int len) {
        Bytes.putU16(d, off, type);
        Bytes.putU16(d, off + 2, len);
    }

    @Test
    void plainPacketIsAccepted() {
        ParsedPacket p = assertInstanceOf(ParsedPacket.class, NtpParse.parse(header(4, 0)));
        assertEquals(0, p.extensionCount());
        assertInstanceOf(ParsedPacket.class, NtpParse.parse(header(3, 0)));
        assertInstanceOf(ParsedPacket.class, NtpParse.parse(header(1, 0)));
    }

    @Test
    void boundsAndShort() {
        assertEquals(NtpParseError.BAD_BOUNDS, NtpParse.parse(null));
        assertEquals(NtpParseError.BAD_BOUNDS, NtpParse.parse(new byte[48], 1, 48));
        assertEquals(NtpParseError.BAD_BOUNDS, NtpParse.parse(new byte[48], -1, 10));
        assertEquals(NtpParseError.BAD_BOUNDS, NtpParse.parse(new byte[48], 0, -1));
        assertEquals(NtpParseError.BAD_BOUNDS, NtpParse.parse(new byte[48], Integer.MAX_VALUE, 2));
        assertEquals(NtpParseError.TOO_SHORT, NtpParse.parse(header(4, 0), 0, 47));
        assertEquals(NtpParseError.TOO_SHORT, NtpParse.parse(new byte[0]));
    }

    @Test
    void badVersions() {
        assertEquals(NtpParseError.BAD_VERSION, NtpParse.parse(header(0, 0)));
        assertEquals(NtpParseError.BAD_VERSION, NtpParse.parse(header(5, 0)));
        assertEquals(NtpParseError.BAD_VERSION, NtpParse.parse(header(7, 0)));
        byte[] v3 = header(3, 40);
        ef(v3, 48, 0x0104, 40);
        assertEquals(NtpParseError.EXTENSIONS_REQUIRE_V4, NtpParse.parse(v3));
    }

    @Test
    void legacyMacLengthsAreRejectedAsAmbiguous() {
        assertEquals(NtpParseError.LEGACY_MAC_NOT_SUPPORTED, NtpParse.parse(header(4, 20)));
        assertEquals(NtpParseError.LEGACY_MAC_NOT_SUPPORTED, NtpParse.parse(header(4, 24)));
        byte[] d = header(4, 36 + 24);
        ef(d, 48, 0x0104, 36);
        assertEquals(NtpParseError.LEGACY_MAC_NOT_SUPPORTED, NtpParse.parse(d));
        // Even if the 24 bytes look like an EF: RFC 7822 §7.5 makes them a MAC.
        ef(d, 84, 0x0104, 24);
        assertEquals(NtpParseError.LEGACY_MAC_NOT_SUPPORTED, NtpParse.parse(d));
    }

    @Test
    void efLengthRules() {
        byte[] d = header(4, 40);
        ef(d, 48, 0x0104, 38);
        assertEquals(NtpParseError.EF_LENGTH_NOT_MULTIPLE_OF_4, NtpParse.parse(d));
        ef(d, 48, 0x0104, 12);
        assertEquals(NtpParseError.EF_TOO_SHORT, NtpParse.parse(d));
        ef(d, 48, 0x0104, 0);
        assertEquals(NtpParseError.EF_TOO_SHORT, NtpParse.parse(d));
        ef(d, 48, 0x0104, 44);
        assertEquals(NtpParseError.EF_OVERRUNS_PACKET, NtpParse.parse(d));
        ef(d, 48, 0x0104, 40);
        assertInstanceOf(ParsedPacket.class, NtpParse.parse(d));

        byte[] last16 = header(4, 36 + 16);
        ef(last16, 48, 0x0104, 36);
        ef(last16, 84, 0x0104, 16);
        assertEquals(NtpParseError.LAST_EF_TOO_SHORT, NtpParse.parse(last16));
        byte[] last28 = header(4, 16 + 28);
        ef(last28, 48, 0x0104, 16); // a 16-byte EF is fine when it is not the last
        ef(last28, 64, 0x0104, 28);
        ParsedPacket p = assertInstanceOf(ParsedPacket.class, NtpParse.parse(last28));
        assertEquals(2, p.extensionCount());
    }

    @Test
    void trailingFragmentsOfRealRequest() {
        for (int extra : new int[] {1, 2, 3}) {
            byte[] d = Arrays.copyOf(CHRONY_REQUEST, CHRONY_REQUEST.length + extra);
            assertEquals(NtpParseError.TRAILING_FRAGMENT, NtpParse.parse(d), "extra " + extra);
        }
        byte[] d = Arrays.copyOf(CHRONY_REQUEST, CHRONY_REQUEST.length + 8);
        assertEquals(NtpParseError.EF_TOO_SHORT, NtpParse.parse(d));
        // Truncating the real request inside its authenticator.
        assertEquals(NtpParseError.EF_OVERRUNS_PACKET, NtpParse.parse(CHRONY_REQUEST, 0, CHRONY_REQUEST.length - 4));
    }

    @Test
    void authenticatorChecks() {
        byte[] d = Arrays.copyOf(CHRONY_REQUEST, CHRONY_REQUEST.length);
        ParsedPacket p = (ParsedPacket) NtpParse.parse(d);
        int ai = p.indexOf(NtsExtensionType.NTS_AUTHENTICATOR, 0);
        assertEquals(AuthenticatorError.NOT_AN_AUTHENTICATOR, NtsAuthenticator.parse(p, 0, 16));
        assertEquals(AuthenticatorError.NOT_AN_AUTHENTICATOR, NtsAuthenticator.parse(p, 99, 16));
        int body = p.efBodyStart(ai);
        Bytes.putU16(d, body, 0);
        assertEquals(AuthenticatorError.EMPTY_NONCE, NtsAuthenticator.parse(p, ai, 16));
        Bytes.putU16(d, body, 17);
        assertEquals(AuthenticatorError.LENGTHS_OVERRUN_FIELD, NtsAuthenticator.parse(p, ai, 16));
        // A 12-byte nonce with no extra padding: too short for AES-SIV (16), fine for GCM-SIV (12).
        Bytes.putU16(d, body, 12);
        Bytes.putU16(d, body + 2, 20);
        assertEquals(AuthenticatorError.MISSING_NONCE_PADDING, NtsAuthenticator.parse(p, ai, 16));
        assertInstanceOf(NtsAuthenticator.class, NtsAuthenticator.parse(p, ai, 12));
        // Sizes of real fields: chrony request (16-byte nonce, tag only) and response (tag + 1 cookie EF).
        assertEquals(40, NtsAuthenticator.fieldLength(16, 16, 16, 0));
        assertEquals(144, NtsAuthenticator.fieldLength(16, 16 + 104, 16, 0));
        assertEquals(36, NtsAuthenticator.fieldLength(12, 16, 12, 0));
        // A 4-byte nonce must be followed by padding up to 16 for AES-SIV, and the EF meets minEfLength.
        assertEquals(4 + 4 + 16 + 16, NtsAuthenticator.fieldLength(4, 16, 16, 0));
        assertEquals(200, NtsAuthenticator.fieldLength(16, 16, 16, 197));
    }
}
