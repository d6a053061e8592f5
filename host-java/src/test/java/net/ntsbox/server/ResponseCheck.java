package net.ntsbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.ntp.AuthenticatorParseResult;
import net.ntsbox.ntp.NtpParse;
import net.ntsbox.ntp.NtsAuthenticator;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.ntp.ParsedPacket;

/** Verifies an NTS response the way a client must, returning the cookies it carries. */
final class ResponseCheck {
    private ResponseCheck() {}

    static List<byte[]> verify(byte[] response, int len, AeadAlgorithm aead, byte[] s2c, byte[] uid) {
        ParsedPacket p = (ParsedPacket) NtpParse.parse(response, 0, len);
        assertEquals(4, p.header().mode());
        int uidIdx = p.indexOf(NtsExtensionType.UNIQUE_IDENTIFIER, 0);
        assertTrue(uidIdx == 0, "UID is the first EF");
        assertTrue(Arrays.equals(uid, p.efBody(uidIdx)), "UID echoed");
        int authIdx = p.indexOf(NtsExtensionType.NTS_AUTHENTICATOR, 0);
        assertEquals(p.extensionCount() - 1, authIdx, "authenticator is last");
        AuthenticatorParseResult ar = NtsAuthenticator.parse(p, authIdx, aead.nonceLength());
        NtsAuthenticator a = (NtsAuthenticator) ar;
        byte[] pt = new byte[a.ciphertextLength()];
        int n = Aeads.create(aead, s2c).openInto(response, a.nonceStart(), a.nonceLength(), response, 0,
                a.associatedDataLength(), response, a.ciphertextStart(), a.ciphertextLength(), pt, 0);
        assertTrue(n >= 0, "response authenticator verifies under S2C");
        List<byte[]> cookies = new ArrayList<>();
        int o = 0;
        while (o < n) {
            int type = ((pt[o] & 0xff) << 8) | (pt[o + 1] & 0xff);
            int efLen = ((pt[o + 2] & 0xff) << 8) | (pt[o + 3] & 0xff);
            assertEquals(NtsExtensionType.NTS_COOKIE, type);
            cookies.add(Arrays.copyOfRange(pt, o + 4, o + efLen));
            o += efLen;
        }
        assertEquals(n, o, "plaintext is whole cookie EFs");
        return cookies;
    }
}
