package net.ntsbox.ke;

import java.util.Optional;
import java.util.OptionalInt;

/** The server's answer to one NTS-KE request, decided by {@link KeNegotiation#negotiate}. */
public sealed interface KeDecision {

    KeOutcome outcome();

    /**
     * NTPv4 with {@code aead}. {@code exporterContextAead} is the AEAD id to put in the TLS
     * exporter context (RFC 8915 §5.1); it differs from {@code aead} only for AES-128-GCM-SIV
     * (30) when the client did not send the compliant-128GCM record: then chrony's rule uses 15.
     * {@code echoCompliant128Gcm}: send record 1024 back. {@code server}/{@code port}: the
     * NTPv4 Server and Port records to send, if any.
     */
    record Accept(int protocol, int aead, int exporterContextAead, boolean echoCompliant128Gcm,
            Optional<String> server, OptionalInt port, int cookieCount) implements KeDecision {

        @Override
        public KeOutcome outcome() {
            return KeOutcome.OK;
        }

        /** protocol(2) ‖ context AEAD(2) ‖ 0x00 for C2S / 0x01 for S2C (RFC 8915 §5.1). */
        public byte[] exporterContext(boolean serverToClient) {
            return new byte[] {(byte) (protocol >>> 8), (byte) protocol,
                    (byte) (exporterContextAead >>> 8), (byte) exporterContextAead, (byte) (serverToClient ? 1 : 0)};
        }
    }

    /** Send an Error record with {@code reason.errorCode()} and End of Message. */
    record Reject(KeRejectReason reason) implements KeDecision {
        @Override
        public KeOutcome outcome() {
            return reason.outcome();
        }

        public int errorCode() {
            return reason.errorCode();
        }
    }

    /**
     * Nothing in common: {@code protocolAgreed} false = no acceptable Next Protocol (answer with
     * an empty Next Protocol record, RFC 8915 §4.1.2); true = NTPv4 but no common AEAD (answer
     * with Next Protocol NTPv4 and an empty AEAD record, §4.1.5). No cookies either way.
     */
    record NoCommon(boolean protocolAgreed) implements KeDecision {
        @Override
        public KeOutcome outcome() {
            return KeOutcome.NO_COMMON_ALGORITHM;
        }
    }
}
