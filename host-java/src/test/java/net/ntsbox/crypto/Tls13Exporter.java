package net.ntsbox.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Test-only TLS 1.3 exporter (RFC 8446 §7.5): from an exporter master secret,
 * derived = HKDF-Expand-Label(secret, label, Hash(""), Hash.length), then
 * HKDF-Expand-Label(derived, "exporter", Hash(context), length). Production code uses the
 * JDK's ExtendedSSLSession.exportKeyingMaterialData instead.
 */
final class Tls13Exporter {
    private final Hkdf hkdf;
    private final String hash;

    Tls13Exporter(String hash) {
        this.hash = hash;
        this.hkdf = switch (hash) {
            case "SHA-256" -> Hkdf.SHA256;
            case "SHA-384" -> Hkdf.SHA384;
            default -> throw new IllegalArgumentException(hash);
        };
    }

    byte[] derivedSecret(byte[] exporterSecret, byte[] label) {
        return expandLabel(exporterSecret, label, digest(new byte[0]), hkdf.hashLength());
    }

    byte[] export(byte[] exporterSecret, byte[] label, byte[] context, int length) {
        return expandLabel(derivedSecret(exporterSecret, label), "exporter".getBytes(StandardCharsets.US_ASCII),
                digest(context), length);
    }

    byte[] expandLabel(byte[] secret, byte[] label, byte[] context, int length) {
        byte[] prefix = "tls13 ".getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + prefix.length + label.length + 1 + context.length];
        int p = 0;
        info[p++] = (byte) (length >>> 8);
        info[p++] = (byte) length;
        info[p++] = (byte) (prefix.length + label.length);
        System.arraycopy(prefix, 0, info, p, prefix.length); p += prefix.length;
        System.arraycopy(label, 0, info, p, label.length); p += label.length;
        info[p++] = (byte) context.length;
        System.arraycopy(context, 0, info, p, context.length);
        return hkdf.expand(secret, info, length);
    }

    private byte[] digest(byte[] b) {
        try {
            return MessageDigest.getInstance(hash).digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
