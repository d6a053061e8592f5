package net.ntsbox.ntp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Loads the shared known-answer vectors (system property ntsbox.vectors, else ../shared/vectors). */
public final class TestVectors {
    private TestVectors() {}

    public static Path dir() {
        String p = System.getProperty("ntsbox.vectors");
        if (p != null && Files.isDirectory(Path.of(p))) {
            return Path.of(p);
        }
        for (String c : new String[] {"../shared/vectors", "../../shared/vectors"}) {
            if (Files.isDirectory(Path.of(c))) {
                return Path.of(c);
            }
        }
        throw new IllegalStateException("shared vectors not found (set -Dntsbox.vectors)");
    }

    public static JsonNode load(String file) {
        try {
            return new ObjectMapper().readTree(dir().resolve(file).toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read vector file " + file, e);
        }
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
