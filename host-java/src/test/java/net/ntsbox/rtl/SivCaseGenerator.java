package net.ntsbox.rtl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import net.ntsbox.crypto.AesSiv;

/**
 * Random AES-SIV-CMAC-256 cases for the RTL differential run, generated and checked by the
 * Java AEAD (the reference model): {@code SivCaseGenerator COUNT SEED OUT}. Output format
 * (sim/siv_cases.py): {@code siv <id> <K1‖K2> <n> <s1>..<sn> <plaintext> <tag‖ct> <valid|invalid>},
 * lowercase hex, "-" for an empty string; a component not listed is absent.
 *
 * <p>Coverage: random keys; 0 to 3 components with empty and absent both occurring (NTS
 * [AD, nonce] and chrony's cookie [empty, nonce] shapes favoured); lengths 0..1500 with
 * boundary lengths favoured; about one case in four tampered (a bit flipped in the tag, the
 * ciphertext or a component, or an empty component dropped or added) and expected to fail.
 * Every valid case is opened again, and every tampered case is checked to fail, before it is
 * written.
 */
public final class SivCaseGenerator {
    private static final int[] BOUNDARY = {0, 1, 15, 16, 17, 31, 32, 33, 1499, 1500};
    private static final HexFormat HEX = HexFormat.of();

    private SivCaseGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: SivCaseGenerator COUNT SEED OUT");
            System.exit(2);
        }
        int count = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        Path out = Path.of(args[2]);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            w.println("# SivCaseGenerator " + count + " " + seed + " (Java reference AEAD, net.ntsbox.crypto.AesSiv)");
            for (int i = 0; i < count; i++) w.println(makeCase(rnd, i));
        }
        System.out.println(out + ": " + count + " random cases (seed " + seed + ", Java generator)");
    }

    static String makeCase(SplittableRandom rnd, int num) {
        byte[] key = bytes(rnd, 32);
        List<byte[]> comps = new ArrayList<>();
        double shape = rnd.nextDouble();
        if (shape < 0.4) {
            comps.add(bytes(rnd, randLen(rnd)));
            comps.add(bytes(rnd, 16));
        } else if (shape < 0.5) {
            comps.add(new byte[0]);
            comps.add(bytes(rnd, 16));
        } else {
            int n = rnd.nextInt(4);
            for (int i = 0; i < n; i++) comps.add(bytes(rnd, randLen(rnd)));
        }
        byte[] pt = bytes(rnd, randLen(rnd));
        AesSiv siv = new AesSiv(key);
        byte[] sealed = siv.seal(comps, pt);
        byte[] back = siv.open(comps, sealed);
        if (back == null || !java.util.Arrays.equals(back, pt)) throw new IllegalStateException("case " + num + ": round trip failed");
        if (rnd.nextDouble() >= 0.25) return format("r" + num, key, comps, pt, sealed, "valid");

        String what;
        int kind = rnd.nextInt(4);
        boolean anyNonEmpty = comps.stream().anyMatch(c -> c.length > 0);
        if (kind == 0 || (kind == 1 && sealed.length == 16) || (kind == 2 && !anyNonEmpty)) {
            flip(sealed, rnd.nextInt(128));
            what = "tag";
        } else if (kind == 1) {
            flip(sealed, 128 + rnd.nextInt(8 * sealed.length - 128));
            what = "ct";
        } else if (kind == 2) {
            List<Integer> nonEmpty = new ArrayList<>();
            for (int i = 0; i < comps.size(); i++) if (comps.get(i).length > 0) nonEmpty.add(i);
            int idx = nonEmpty.get(rnd.nextInt(nonEmpty.size()));
            byte[] c = comps.get(idx).clone();
            flip(c, rnd.nextInt(8 * c.length));
            comps.set(idx, c);
            what = "comp";
        } else if (comps.stream().anyMatch(c -> c.length == 0)) {
            comps.removeIf(c -> c.length == 0);
            what = "dropempty";
        } else if (comps.size() < 3) {
            comps.add(0, new byte[0]);
            what = "addempty";
        } else {
            comps.remove(0);
            what = "dropcomp";
        }
        if (siv.open(comps, sealed) != null) throw new IllegalStateException("case " + num + ": tampered case verifies");
        return format("r" + num + "-" + what, key, comps, pt, sealed, "invalid");
    }

    private static String format(String id, byte[] key, List<byte[]> comps, byte[] pt, byte[] out, String expect) {
        StringBuilder b = new StringBuilder("siv ").append(id).append(' ').append(HEX.formatHex(key))
                .append(' ').append(comps.size());
        for (byte[] c : comps) b.append(' ').append(hexOrDash(c));
        return b.append(' ').append(hexOrDash(pt)).append(' ').append(HEX.formatHex(out)).append(' ').append(expect)
                .toString();
    }

    private static String hexOrDash(byte[] b) { return b.length == 0 ? "-" : HEX.formatHex(b); }

    private static int randLen(SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.3) return BOUNDARY[r.nextInt(BOUNDARY.length)];
        if (x < 0.6) return r.nextInt(100);
        return r.nextInt(1501);
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static void flip(byte[] b, int bit) { b[bit / 8] ^= (byte) (1 << (bit % 8)); }
}
