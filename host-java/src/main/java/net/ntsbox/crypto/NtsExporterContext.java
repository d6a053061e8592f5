package net.ntsbox.crypto;

/**
 * The TLS exporter context of RFC 8915 §5.1: Next Protocol ID (2 bytes) ‖ AEAD algorithm
 * ID (2 bytes) ‖ 0x00 for the client-to-server key or 0x01 for the server-to-client key.
 * The exporter label is {@code "EXPORTER-network-time-security"} and the length is the
 * AEAD key length.
 */
public final class NtsExporterContext {
    /** NTS Next Protocol ID of NTPv4. */
    public static final int NTPV4 = 0;

    public enum Direction {
        C2S(0), S2C(1);
        final int code;
        Direction(int code) { this.code = code; }
    }

    private NtsExporterContext() {}

    public static byte[] of(int nextProtocol, AeadAlgorithm aead, Direction direction) {
        if (nextProtocol < 0 || nextProtocol > 0xffff) {
            throw new IllegalArgumentException("next protocol id out of range: " + nextProtocol);
        }
        return new byte[] {
            (byte) (nextProtocol >>> 8), (byte) nextProtocol,
            (byte) (aead.id() >>> 8), (byte) aead.id(),
            (byte) direction.code
        };
    }

    /** Context for the NTPv4 C2S key. */
    public static byte[] c2s(AeadAlgorithm aead) { return of(NTPV4, aead, Direction.C2S); }

    /** Context for the NTPv4 S2C key. */
    public static byte[] s2c(AeadAlgorithm aead) { return of(NTPV4, aead, Direction.S2C); }
}
