package net.ntsbox.ke;

/**
 * The TLS 1.3 exporter of one NTS-KE connection (RFC 8446 §7.5), with the label fixed to
 * {@value #LABEL} (RFC 8915 §5.1). The TLS adapter implements it over the JDK's
 * {@code ExtendedSSLSession.exportKeyingMaterialData}; the core only calls it.
 */
@FunctionalInterface
public interface KeyExporter {
    String LABEL = "EXPORTER-network-time-security";

    /** Exports {@code length} bytes for {@code context} (RFC 8915 §5.1: protocol ‖ AEAD ‖ direction). */
    byte[] export(byte[] context, int length);
}
