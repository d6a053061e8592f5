package net.ntsbox.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The persisted ring format, as pure functions. Text, one item per line:
 * <pre>
 * ntsbox-keyring 1
 * epoch &lt;unix s&gt;
 * policy &lt;period s&gt; &lt;client cookies&gt; &lt;client poll s&gt;
 * ratchet &lt;period&gt; &lt;state hex&gt;
 * key &lt;period&gt; &lt;id hex&gt; &lt;key hex&gt;            (0..n, retained ratchet keys)
 * imported &lt;id hex&gt; &lt;last period&gt; &lt;key hex&gt;   (0..n, chrony keys)
 * sha256 &lt;hex of SHA-256 over every byte before this line&gt;
 * </pre>
 * The checksum catches truncation and bit rot; it is not an authenticator (whoever can
 * write the file can also read the keys).
 */
public final class KeyRingCodec {
    static final String MAGIC = "ntsbox-keyring 1";
    private static final String FILE = "key ring";
    private static final HexFormat HEX = HexFormat.of();

    private KeyRingCodec() {}

    public static byte[] encode(KeyRingState s) {
        StringBuilder b = new StringBuilder();
        b.append(MAGIC).append('\n');
        b.append("epoch ").append(s.epochSeconds()).append('\n');
        RotationPolicy p = s.policy();
        b.append("policy ").append(p.periodSeconds()).append(' ').append(p.clientCookies()).append(' ')
                .append(p.clientPollSeconds()).append('\n');
        b.append("ratchet ").append(s.ratchetPeriod()).append(' ').append(HEX.formatHex(s.ratchetState())).append('\n');
        for (KeyRingState.RetainedKey k : s.retained()) {
            b.append("key ").append(k.period()).append(' ').append(k.key().idHex()).append(' ')
                    .append(HEX.formatHex(k.key().keyBytes())).append('\n');
        }
        for (KeyRingState.ImportedKey k : s.imported()) {
            b.append("imported ").append(k.key().idHex()).append(' ').append(k.lastPeriod()).append(' ')
                    .append(HEX.formatHex(k.key().keyBytes())).append('\n');
        }
        byte[] body = b.toString().getBytes(StandardCharsets.US_ASCII);
        b.append("sha256 ").append(HEX.formatHex(sha256(body, body.length))).append('\n');
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static KeyRingState decode(byte[] file) throws KeyFileException {
        String text = new String(file, StandardCharsets.US_ASCII);
        if (!text.endsWith("\n")) throw new KeyFileException(FILE + ": truncated (no final newline)");
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 5) throw new KeyFileException(FILE + ": truncated (" + lines.length + " lines)");
        String last = lines[lines.length - 1];
        int bodyLength = text.length() - last.length() - 1;
        if (!last.startsWith("sha256 ")) throw KeyFileException.atLine(FILE, lines.length, "expected the sha256 line");
        byte[] want = hex(last.substring(7), 32, lines.length, "checksum");
        if (!MessageDigest.isEqual(want, sha256(file, bodyLength))) {
            throw new KeyFileException(FILE + ": checksum mismatch (corrupt or edited file)");
        }
        if (!lines[0].equals(MAGIC)) throw KeyFileException.atLine(FILE, 1, "not an ntsbox key ring (expected '" + MAGIC + "')");
        long epoch = number(fields(lines[1], "epoch", 2, 2)[1], 2, "epoch");
        String[] pf = fields(lines[2], "policy", 3, 4);
        RotationPolicy policy;
        try {
            policy = new RotationPolicy(number(pf[1], 3, "period"), (int) number(pf[2], 3, "cookies"),
                    (int) number(pf[3], 3, "poll"));
        } catch (IllegalArgumentException e) {
            throw KeyFileException.atLine(FILE, 3, e.getMessage());
        }
        String[] rf = fields(lines[3], "ratchet", 4, 3);
        long ratchetPeriod = number(rf[1], 4, "ratchet period");
        byte[] state = hex(rf[2], KeyRatchet.STATE_LENGTH, 4, "ratchet state");
        List<KeyRingState.RetainedKey> retained = new ArrayList<>();
        List<KeyRingState.ImportedKey> imported = new ArrayList<>();
        for (int i = 4; i < lines.length - 1; i++) {
            int ln = i + 1;
            String[] f = lines[i].split(" ", -1);
            if (f[0].equals("key") && f.length == 4) {
                long period = number(f[1], ln, "period");
                retained.add(new KeyRingState.RetainedKey(period, new MasterKey(id(f[2], ln), hex(f[3], MasterKey.LENGTH, ln, "key"))));
            } else if (f[0].equals("imported") && f.length == 4) {
                imported.add(new KeyRingState.ImportedKey(new MasterKey(id(f[1], ln), hex(f[3], MasterKey.LENGTH, ln, "key")),
                        number(f[2], ln, "last period")));
            } else {
                throw KeyFileException.atLine(FILE, ln, "expected 'key <period> <id> <key>' or 'imported <id> <last period> <key>'");
            }
        }
        return new KeyRingState(epoch, policy, ratchetPeriod, state, retained, imported);
    }

    private static String[] fields(String line, String name, int lineNo, int count) throws KeyFileException {
        String[] f = line.split(" ", -1);
        if (f.length != count || !f[0].equals(name)) {
            throw KeyFileException.atLine(FILE, lineNo, "expected '" + name + "' with " + (count - 1) + " values");
        }
        return f;
    }

    private static long number(String s, int line, String what) throws KeyFileException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw KeyFileException.atLine(FILE, line, what + " is not a number");
        }
    }

    static int id(String s, int line) throws KeyFileException {
        if (s.length() != 8) throw KeyFileException.atLine(FILE, line, "key id must be 8 hex digits");
        byte[] b = hex(s, 4, line, "key id");
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    private static byte[] hex(String s, int length, int line, String what) throws KeyFileException {
        if (s.length() != 2 * length) throw KeyFileException.atLine(FILE, line, what + " must be " + length + " bytes of hex");
        try {
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw KeyFileException.atLine(FILE, line, what + " is not hex");
        }
    }

    private static byte[] sha256(byte[] b, int len) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, 0, len);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
