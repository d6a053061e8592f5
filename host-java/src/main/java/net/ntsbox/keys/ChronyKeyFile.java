package net.ntsbox.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Parser for chronyd's server key dump {@code ntsdumpdir/ntskeys}, so cookies chronyd
 * issued keep opening after a migration.
 * <ul>
 *   <li>NKS0 (chrony ≤ 4.3): line 2 {@code <AEAD id> <key age s>}, then {@code <id hex> <key hex>}.</li>
 *   <li>NKS1 (chrony ≥ 4.4): line 2 {@code <key age s>}, then {@code <id hex> <key hex> <AEAD id>}.</li>
 * </ul>
 * Only AEAD 15 (AES-SIV-CMAC-256, 32-byte key) keys are accepted: that is the cookie AEAD
 * our codec and the FPGA use. Any other line is an error naming the line.
 */
public final class ChronyKeyFile {
    /** chronyd keeps MAX_SERVER_KEYS = 4 keys. */
    public static final int MAX_KEYS = 4;
    private static final String FILE = "ntskeys";

    /** The parsed file: the age of the newest key as chronyd saved it, and the keys in file order. */
    public record Contents(String format, double keyAgeSeconds, List<MasterKey> keys) {
        public Contents { keys = List.copyOf(keys); }
    }

    private ChronyKeyFile() {}

    public static Contents read(Path path) throws IOException {
        return parse(Files.readString(path, StandardCharsets.US_ASCII));
    }

    public static Contents parse(String text) throws KeyFileException {
        String[] lines = text.split("\r?\n", -1);
        int n = lines.length;
        while (n > 0 && lines[n - 1].isBlank()) n--;
        if (n < 1) throw new KeyFileException(FILE + ": empty file");
        String magic = lines[0].strip();
        boolean v0 = magic.equals("NKS0");
        if (!v0 && !magic.equals("NKS1")) throw KeyFileException.atLine(FILE, 1, "expected NKS0 or NKS1");
        if (n < 2) throw KeyFileException.atLine(FILE, 2, "missing key age line");
        String[] h = words(lines[1]);
        int fileAlgorithm = 0;
        double age;
        if (v0) {
            if (h.length != 2) throw KeyFileException.atLine(FILE, 2, "expected '<AEAD id> <key age>'");
            fileAlgorithm = integer(h[0], 2, "AEAD id");
            age = decimal(h[1], 2);
        } else {
            if (h.length != 1) throw KeyFileException.atLine(FILE, 2, "expected '<key age>'");
            age = decimal(h[0], 2);
        }
        List<MasterKey> keys = new ArrayList<>();
        for (int i = 2; i < n; i++) {
            int ln = i + 1;
            String[] w = words(lines[i]);
            if (w.length != (v0 ? 2 : 3)) {
                throw KeyFileException.atLine(FILE, ln, v0 ? "expected '<key id hex> <key hex>'" : "expected '<key id hex> <key hex> <AEAD id>'");
            }
            int alg = v0 ? fileAlgorithm : integer(w[2], ln, "AEAD id");
            if (alg != 15) {
                throw KeyFileException.atLine(FILE, ln, "key algorithm " + alg + " is not supported (only 15, AES-SIV-CMAC-256)");
            }
            if (!w[0].matches("[0-9A-Fa-f]{1,8}")) throw KeyFileException.atLine(FILE, ln, "key id is not 1-8 hex digits");
            int id = (int) Long.parseLong(w[0], 16);
            if (w[1].length() != 2 * MasterKey.LENGTH) {
                throw KeyFileException.atLine(FILE, ln, "key must be " + MasterKey.LENGTH + " bytes of hex");
            }
            byte[] key;
            try {
                key = HexFormat.of().parseHex(w[1]);
            } catch (IllegalArgumentException e) {
                throw KeyFileException.atLine(FILE, ln, "key is not hex");
            }
            for (MasterKey k : keys) {
                if (k.id() == id) throw KeyFileException.atLine(FILE, ln, "duplicate key id " + k.idHex());
                if (k.slot() == (id & 3)) throw KeyFileException.atLine(FILE, ln, "two keys in slot " + (id & 3));
            }
            keys.add(new MasterKey(id, key));
            java.util.Arrays.fill(key, (byte) 0);
        }
        if (keys.isEmpty()) throw KeyFileException.atLine(FILE, 3, "no keys");
        if (keys.size() > MAX_KEYS) throw KeyFileException.atLine(FILE, 2 + MAX_KEYS + 1, "more than " + MAX_KEYS + " keys");
        return new Contents(magic, age, keys);
    }

    private static String[] words(String line) {
        String s = line.strip();
        return s.isEmpty() ? new String[0] : s.split("\\s+");
    }

    private static int integer(String s, int line, String what) throws KeyFileException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw KeyFileException.atLine(FILE, line, what + " is not an integer");
        }
    }

    private static double decimal(String s, int line) throws KeyFileException {
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw KeyFileException.atLine(FILE, line, "key age is not a number");
        }
    }
}
