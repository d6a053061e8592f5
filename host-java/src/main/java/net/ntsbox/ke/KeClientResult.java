package net.ntsbox.ke;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A parsed NTS-KE response as a client sees it. */
public sealed interface KeClientResult {

    /**
     * A usable response. {@code server}/{@code port} are empty when the server did not send
     * them (then: the KE server's address, port 123). {@code warnings}: codes of Warning
     * records, reported, not fatal (RFC 8915 §4.1.4).
     */
    record Success(int protocol, int aead, boolean compliant128Gcm, Optional<String> server, OptionalInt port,
            List<byte[]> cookies, List<Integer> warnings) implements KeClientResult {
        public Success {
            cookies = List.copyOf(cookies);
            warnings = List.copyOf(warnings);
        }

        /** AEAD id for the exporter context: chrony's rule gives 15 for AEAD 30 unless record 1024 came back. */
        public int exporterContextAead() {
            return aead == KeRecordType.AEAD_AES_128_GCM_SIV && !compliant128Gcm ? KeRecordType.AEAD_AES_SIV_CMAC_256 : aead;
        }

        /** Never shows cookie bytes. */
        @Override
        public String toString() {
            return "Success[protocol=" + protocol + ", aead=" + aead + ", compliant128Gcm=" + compliant128Gcm
                    + ", server=" + server + ", port=" + port + ", cookies=" + cookies.size()
                    + ", warnings=" + warnings + "]";
        }
    }

    /** Unusable; {@code errorCode} is set for {@link KeClientFailure#SERVER_ERROR}. */
    record Failure(KeClientFailure reason, OptionalInt errorCode, List<Integer> warnings) implements KeClientResult {
        public Failure {
            warnings = List.copyOf(warnings);
        }
    }
}
