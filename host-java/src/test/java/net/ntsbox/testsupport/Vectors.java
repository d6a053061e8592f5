package net.ntsbox.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Test helper: the shared known-answer vectors (system property ntsbox.vectors). */
public final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {}

    public static Path dir() {
        String p = System.getProperty("ntsbox.vectors");
        Path d = p != null ? Path.of(p) : Path.of("../shared/vectors");
        if (!Files.isDirectory(d)) d = Path.of("../../shared/vectors");
        if (!Files.isDirectory(d)) throw new IllegalStateException("vectors not found at " + d.toAbsolutePath());
        return d;
    }

    public static JsonNode load(String name) {
        try {
            return JSON.readTree(dir().resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(JsonNode n) { return hex(n.asText()); }

    public static byte[] hex(String s) { return HexFormat.of().parseHex(s); }

    public static String hex(byte[] b) { return HexFormat.of().formatHex(b); }
}
