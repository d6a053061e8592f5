package net.ntsbox.ke;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Client side of NTS-KE (RFC 8915 §4): request building and response parsing, sans-IO. */
public final class KeClient {
    private KeClient() {}

    /**
     * Next Protocol NTPv4 (critical), AEAD list in preference order (critical), optionally the
     * non-critical compliant-128GCM record 1024, End of Message (chrony's request layout).
     */
    public static byte[] buildRequest(List<Integer> aeads, boolean compliant128Gcm) {
        if (aeads.isEmpty()) {
            throw new IllegalArgumentException("offer at least one AEAD");
        }
        List<KeRecord> rs = new ArrayList<>(3);
        rs.add(KeRecord.ofU16s(true, KeRecordType.NEXT_PROTOCOL, KeRecordType.PROTOCOL_NTPV4));
        rs.add(KeRecord.ofU16s(true, KeRecordType.AEAD_ALGORITHM, aeads.stream().mapToInt(Integer::intValue).toArray()));
        if (compliant128Gcm) {
            rs.add(new KeRecord(false, KeRecordType.COMPLIANT_128GCM_EXPORT, new byte[0]));
        }
        return KeMessageCodec.encodeMessage(rs);
    }

    /** Parses a whole response (the server has closed, so a missing End of Message is a failure). */
    public static KeClientResult parseResponse(byte[] message, int length, List<Integer> offeredAeads) {
        return switch (KeMessageCodec.parseFinal(message, length)) {
            case KeParseResult.Complete c -> interpret(c.records(), offeredAeads);
            case KeParseResult.TooLarge t -> fail(KeClientFailure.TOO_LARGE, List.of());
            case KeParseResult.Malformed m -> fail(m.reason() == KeMalformation.TRUNCATED
                    ? KeClientFailure.MISSING_END_OF_MESSAGE : KeClientFailure.MALFORMED_MESSAGE, List.of());
            case KeParseResult.NeedMore n -> fail(KeClientFailure.MISSING_END_OF_MESSAGE, List.of());
        };
    }

    /** Interprets the records of a complete response (End of Message excluded). */
    public static KeClientResult interpret(List<KeRecord> records, List<Integer> offeredAeads) {
        List<Integer> warnings = new ArrayList<>();
        List<byte[]> cookies = new ArrayList<>();
        KeClientFailure first = null;
        OptionalInt error = OptionalInt.empty();
        int protocol = -1;
        int aead = -1;
        boolean sawProtocol = false;
        boolean sawAead = false;
        boolean compliant = false;
        Optional<String> server = Optional.empty();
        OptionalInt port = OptionalInt.empty();
        for (KeRecord r : records) {
            KeClientFailure bad = null;
            int len = r.bodyLength();
            if (KeRecordType.isCappedKnownType(r.type()) && len > KeLimits.MAX_RECORD_BODY_LENGTH) {
                bad = KeClientFailure.RECORD_TOO_LONG;
            } else {
                switch (r.type()) {
                    case KeRecordType.ERROR -> {
                        if (len == 2) {
                            error = OptionalInt.of(r.u16s()[0]);
                        } else {
                            bad = KeClientFailure.BAD_ERROR_OR_WARNING_RECORD;
                        }
                    }
                    case KeRecordType.WARNING -> {
                        if (len == 2) {
                            warnings.add(r.u16s()[0]);
                        } else {
                            bad = KeClientFailure.BAD_ERROR_OR_WARNING_RECORD;
                        }
                    }
                    case KeRecordType.NEXT_PROTOCOL -> {
                        if (sawProtocol) {
                            bad = KeClientFailure.DUPLICATE_NEXT_PROTOCOL;
                        } else if (len == 0) {
                            bad = KeClientFailure.NO_COMMON_PROTOCOL;
                        } else if (len != 2 || r.u16s()[0] != KeRecordType.PROTOCOL_NTPV4) {
                            bad = KeClientFailure.BAD_NEXT_PROTOCOL;
                        } else {
                            protocol = KeRecordType.PROTOCOL_NTPV4;
                        }
                        sawProtocol = true;
                    }
                    case KeRecordType.AEAD_ALGORITHM -> {
                        if (sawAead) {
                            bad = KeClientFailure.DUPLICATE_AEAD;
                        } else if (len == 0) {
                            bad = KeClientFailure.NO_COMMON_AEAD;
                        } else if (len != 2 || !offeredAeads.contains(r.u16s()[0])) {
                            bad = KeClientFailure.BAD_AEAD;
                        } else {
                            aead = r.u16s()[0];
                        }
                        sawAead = true;
                    }
                    case KeRecordType.NEW_COOKIE -> {
                        if (len == 0 || len > KeLimits.MAX_COOKIE_LENGTH) {
                            bad = KeClientFailure.BAD_COOKIE;
                        } else {
                            cookies.add(r.body());
                        }
                    }
                    case KeRecordType.NTPV4_SERVER -> {
                        if (server.isPresent() || !KeNegotiation.printableAscii(r.bodyUnsafe())) {
                            bad = KeClientFailure.BAD_SERVER_RECORD;
                        } else {
                            server = Optional.of(new String(r.bodyUnsafe(), StandardCharsets.US_ASCII));
                        }
                    }
                    case KeRecordType.NTPV4_PORT -> {
                        if (port.isPresent() || len != 2) {
                            bad = KeClientFailure.BAD_PORT_RECORD;
                        } else {
                            port = OptionalInt.of(r.u16s()[0]);
                        }
                    }
                    case KeRecordType.COMPLIANT_128GCM_EXPORT -> compliant = true;
                    default -> {
                        if (r.critical()) {
                            bad = KeClientFailure.UNRECOGNIZED_CRITICAL_RECORD;
                        }
                    }
                }
            }
            if (first == null) {
                first = bad;
            }
        }
        if (error.isPresent()) {
            return new KeClientResult.Failure(KeClientFailure.SERVER_ERROR, error, warnings);
        }
        if (first != null) {
            return fail(first, warnings);
        }
        if (!sawProtocol) {
            return fail(KeClientFailure.MISSING_NEXT_PROTOCOL, warnings);
        }
        if (!sawAead) {
            return fail(KeClientFailure.MISSING_AEAD, warnings);
        }
        if (cookies.isEmpty()) {
            return fail(KeClientFailure.NO_COOKIES, warnings);
        }
        for (byte[] c : cookies) {
            if (c.length != cookies.get(0).length) {
                return fail(KeClientFailure.COOKIE_LENGTHS_DIFFER, warnings);
            }
        }
        return new KeClientResult.Success(protocol, aead, compliant && aead == KeRecordType.AEAD_AES_128_GCM_SIV,
                server, port, cookies, warnings);
    }

    private static KeClientResult fail(KeClientFailure f, List<Integer> warnings) {
        return new KeClientResult.Failure(f, OptionalInt.empty(), warnings);
    }
}
