package net.ntsbox.ke;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds NTS-KE response messages for a {@link KeDecision}, in the record order chrony 4.x sends. */
public final class KeResponses {
    private KeResponses() {}

    /**
     * Next Protocol, AEAD, [compliant-128GCM echo], [Port], [Server], one non-critical New
     * Cookie per cookie, End of Message (chrony's {@code prepare_response} order).
     * @throws IllegalArgumentException for no cookies, an over-long cookie, or a message over
     *     {@link KeLimits#MAX_MESSAGE_LENGTH} (caller bugs)
     */
    public static byte[] accept(KeDecision.Accept a, List<byte[]> cookies) {
        if (cookies.isEmpty()) {
            throw new IllegalArgumentException("an accepted NTS-KE response needs at least one cookie");
        }
        List<KeRecord> rs = new ArrayList<>(cookies.size() + 6);
        rs.add(KeRecord.ofU16s(true, KeRecordType.NEXT_PROTOCOL, a.protocol()));
        rs.add(KeRecord.ofU16s(true, KeRecordType.AEAD_ALGORITHM, a.aead()));
        if (a.echoCompliant128Gcm()) {
            rs.add(new KeRecord(false, KeRecordType.COMPLIANT_128GCM_EXPORT, new byte[0]));
        }
        a.port().ifPresent(p -> rs.add(KeRecord.ofU16s(true, KeRecordType.NTPV4_PORT, p)));
        a.server().ifPresent(s -> rs.add(new KeRecord(true, KeRecordType.NTPV4_SERVER,
                s.getBytes(StandardCharsets.US_ASCII))));
        for (byte[] c : cookies) {
            if (c.length == 0 || c.length > KeLimits.MAX_COOKIE_LENGTH) {
                throw new IllegalArgumentException("cookie length " + c.length);
            }
            rs.add(new KeRecord(false, KeRecordType.NEW_COOKIE, c));
        }
        byte[] msg = KeMessageCodec.encodeMessage(rs);
        if (msg.length > KeLimits.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("response of " + msg.length + " bytes exceeds the cap");
        }
        return msg;
    }

    /** Critical Error record with {@code code} (RFC 8915 §4.1.3), then End of Message. */
    public static byte[] error(int code) {
        return KeMessageCodec.encodeMessage(List.of(KeRecord.ofU16s(true, KeRecordType.ERROR, code)));
    }

    /** Empty Next Protocol (§4.1.2), or Next Protocol NTPv4 and an empty AEAD record (§4.1.5); no cookies. */
    public static byte[] noCommon(KeDecision.NoCommon n) {
        List<KeRecord> rs = new ArrayList<>(2);
        if (n.protocolAgreed()) {
            rs.add(KeRecord.ofU16s(true, KeRecordType.NEXT_PROTOCOL, KeRecordType.PROTOCOL_NTPV4));
            rs.add(new KeRecord(true, KeRecordType.AEAD_ALGORITHM, new byte[0]));
        } else {
            rs.add(new KeRecord(true, KeRecordType.NEXT_PROTOCOL, new byte[0]));
        }
        return KeMessageCodec.encodeMessage(rs);
    }

    /** The response for any decision; {@code cookies} is used only for an Accept. */
    public static byte[] forDecision(KeDecision d, List<byte[]> cookies) {
        return switch (d) {
            case KeDecision.Accept a -> accept(a, cookies);
            case KeDecision.Reject r -> error(r.errorCode());
            case KeDecision.NoCommon n -> noCommon(n);
        };
    }
}
