package net.ntsbox.ke;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Server-side NTS-KE negotiation as a pure function of the request records and the policy
 * (RFC 8915 §4.1). Record order does not matter except that the first violation found, in
 * record order, names the rejection; count checks (missing records) come after the walk.
 */
public final class KeNegotiation {
    private KeNegotiation() {}

    /**
     * Decides on the bytes received so far: empty while more are needed; a Reject for broken
     * framing (Error 1) or an over-long request (Error 1, outcome TOO_LARGE); else {@link #negotiate}.
     */
    public static Optional<KeDecision> decide(byte[] receivedSoFar, int length, KeServerPolicy policy) {
        return switch (KeMessageCodec.parse(receivedSoFar, length)) {
            case KeParseResult.NeedMore n -> Optional.empty();
            case KeParseResult.TooLarge t -> Optional.of(new KeDecision.Reject(KeRejectReason.MESSAGE_TOO_LARGE));
            case KeParseResult.Malformed m -> Optional.of(new KeDecision.Reject(KeRejectReason.MALFORMED_MESSAGE));
            case KeParseResult.Complete c -> Optional.of(negotiate(c.records(), policy));
        };
    }

    /** Negotiates on a complete request's records (End of Message excluded). */
    public static KeDecision negotiate(List<KeRecord> records, KeServerPolicy policy) {
        int[] protocols = null;
        int[] aeads = null;
        boolean compliant128Gcm = false;
        for (KeRecord r : records) {
            KeRejectReason bad = null;
            int len = r.bodyLength();
            if (KeRecordType.isCappedKnownType(r.type()) && len > KeLimits.MAX_RECORD_BODY_LENGTH) {
                bad = KeRejectReason.RECORD_TOO_LONG;
            } else {
                switch (r.type()) {
                    // §4.1.1: End of Message ends the message; one inside the list means broken framing.
                    case KeRecordType.END_OF_MESSAGE -> bad = KeRejectReason.MALFORMED_MESSAGE;
                    // §4.1.2: exactly one, a list of 16-bit ids. Its critical bit MUST be set by
                    // the sender; we accept it either way as nothing is lost by doing so.
                    case KeRecordType.NEXT_PROTOCOL -> {
                        if (protocols != null) {
                            bad = KeRejectReason.DUPLICATE_NEXT_PROTOCOL;
                        } else if (len % 2 != 0) {
                            bad = KeRejectReason.ODD_NEXT_PROTOCOL_LENGTH;
                        } else if (len == 0) {
                            bad = KeRejectReason.EMPTY_NEXT_PROTOCOL;
                        } else {
                            protocols = r.u16s();
                        }
                    }
                    // §4.1.5: critical bit optional (NTPsec clients send it clear); one record of 16-bit ids.
                    case KeRecordType.AEAD_ALGORITHM -> {
                        if (aeads != null) {
                            bad = KeRejectReason.DUPLICATE_AEAD;
                        } else if (len % 2 != 0) {
                            bad = KeRejectReason.ODD_AEAD_LENGTH;
                        } else if (len == 0) {
                            bad = KeRejectReason.EMPTY_AEAD;
                        } else {
                            aeads = r.u16s();
                        }
                    }
                    // §4.1.3 / §4.1.4: clients MUST NOT send Error or Warning records.
                    case KeRecordType.ERROR -> bad = KeRejectReason.CLIENT_SENT_ERROR;
                    case KeRecordType.WARNING -> bad = KeRejectReason.CLIENT_SENT_WARNING;
                    // §4.1.6: New Cookie flows server to client only; chrony rejects it in requests.
                    case KeRecordType.NEW_COOKIE -> bad = KeRejectReason.CLIENT_SENT_COOKIE;
                    // §4.1.7 / §4.1.8: a client MAY ask for a server or port; the server MAY ignore
                    // the request, and we do. A malformed one is rejected only if marked critical.
                    case KeRecordType.NTPV4_SERVER -> {
                        if (r.critical() && !printableAscii(r.bodyUnsafe())) {
                            bad = KeRejectReason.BAD_SERVER_RECORD;
                        }
                    }
                    case KeRecordType.NTPV4_PORT -> {
                        if (r.critical() && len != 2) {
                            bad = KeRejectReason.BAD_PORT_RECORD;
                        }
                    }
                    // chrony's compliant-128GCM spec: empty body (chrony answers Error 1 otherwise).
                    case KeRecordType.COMPLIANT_128GCM_EXPORT -> {
                        if (len != 0) {
                            bad = KeRejectReason.NON_EMPTY_COMPLIANT_128GCM_RECORD;
                        } else {
                            compliant128Gcm = true;
                        }
                    }
                    // §4: unknown critical records get error 0; unknown non-critical ones are ignored.
                    default -> {
                        if (r.critical()) {
                            bad = KeRejectReason.UNRECOGNIZED_CRITICAL_RECORD;
                        }
                    }
                }
            }
            if (bad != null) {
                return new KeDecision.Reject(bad);
            }
        }
        if (protocols == null) {
            return new KeDecision.Reject(KeRejectReason.MISSING_NEXT_PROTOCOL);
        }
        if (!contains(protocols, KeRecordType.PROTOCOL_NTPV4)) {
            return new KeDecision.NoCommon(false);
        }
        if (aeads == null) {
            return new KeDecision.Reject(KeRejectReason.MISSING_AEAD);
        }
        // Client order wins, as in chrony: the first client AEAD the server supports.
        for (int a : aeads) {
            if (policy.aeads().contains(a)) {
                boolean gcm = a == KeRecordType.AEAD_AES_128_GCM_SIV;
                // chrony's compatibility rule: AEAD 30 keys are exported with id 15 in the context
                // unless the client sent record 1024, which is then echoed.
                int contextAead = gcm && !compliant128Gcm ? KeRecordType.AEAD_AES_SIV_CMAC_256 : a;
                return new KeDecision.Accept(KeRecordType.PROTOCOL_NTPV4, a, contextAead, gcm && compliant128Gcm,
                        policy.ntpServer(),
                        policy.sendsPortRecord() ? OptionalInt.of(policy.ntpPort()) : OptionalInt.empty(),
                        policy.cookieCount());
            }
        }
        return new KeDecision.NoCommon(true);
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    static boolean printableAscii(byte[] b) {
        if (b.length == 0) {
            return false;
        }
        for (byte c : b) {
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }
}
