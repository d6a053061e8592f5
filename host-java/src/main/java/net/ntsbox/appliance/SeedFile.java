package net.ntsbox.appliance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * The cluster seed on disk: hex digits on one line, optionally after {@code #} comment lines
 * (an exported seed carries {@code # epoch = S} and {@code # rotation_period_s = P} so that the
 * importing side can check its configuration). Files are created with mode 0600 and never
 * printed; error messages name the file, never its contents.
 */
public final class SeedFile {
    /** Bytes of a generated cluster seed (also the minimum accepted). */
    public static final int SEED_BYTES = 32;

    /** A parsed seed file: the seed (caller zeroes it) and what its comments say, if anything. */
    public record Contents(byte[] seed, OptionalLong epoch, OptionalLong periodSeconds) {}

    private SeedFile() {}

    public static byte[] read(Path file) throws IOException {
        return readContents(file).seed();
    }

    public static Contents readContents(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        String text = new String(raw, StandardCharsets.US_ASCII);
        Arrays.fill(raw, (byte) 0);
        StringBuilder hex = new StringBuilder();
        OptionalLong epoch = OptionalLong.empty();
        OptionalLong period = OptionalLong.empty();
        int lineNo = 0;
        for (String line : text.split("\r?\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty()) continue;
            if (l.startsWith("#")) {
                epoch = epoch.isPresent() ? epoch : field(l, "epoch");
                period = period.isPresent() ? period : field(l, "rotation_period_s");
                continue;
            }
            if (!hex.isEmpty()) throw new IOException(file + " line " + lineNo + ": a seed file has one line of hex digits");
            hex.append(l);
        }
        byte[] seed;
        try {
            seed = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the cluster seed must be hex digits only (e.g. 64 for 32 bytes)");
        } finally {
            hex.setLength(0);
        }
        if (seed.length < SEED_BYTES) {
            Arrays.fill(seed, (byte) 0);
            throw new IOException(file + ": the cluster seed must be at least " + SEED_BYTES + " bytes, got " + seed.length);
        }
        return new Contents(seed, epoch, period);
    }

    /** {@code # name = 123} → 123. */
    private static OptionalLong field(String comment, String name) {
        String s = comment.substring(1).strip();
        if (!s.startsWith(name)) return OptionalLong.empty();
        s = s.substring(name.length()).strip();
        if (!s.startsWith("=")) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(s.substring(1).strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * A check value for comparing seeds between appliances without showing them: the first 8
     * bytes of HKDF-SHA256(salt "ntsbox seed fingerprint v1", seed), as 16 hex digits. It
     * reveals nothing usable about the seed (256-bit preimage).
     */
    public static String fingerprint(byte[] seed) {
        byte[] prk = net.ntsbox.crypto.Hkdf.SHA256.extract(
                "ntsbox seed fingerprint v1".getBytes(StandardCharsets.US_ASCII), seed);
        try {
            return HexFormat.of().formatHex(prk, 0, 8);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    /** A new random seed of {@link #SEED_BYTES} bytes. */
    public static byte[] random() {
        byte[] seed = new byte[SEED_BYTES];
        new java.security.SecureRandom().nextBytes(seed);
        return seed;
    }

    /**
     * Writes {@code seed} to {@code file}, which must not exist (mode 0600, O_EXCL, fsynced):
     * an export never overwrites anything.
     */
    public static void writeNew(Path file, byte[] seed, List<String> comments) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            writeBody(file, seed, comments);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Writes {@code seed} to {@code file} atomically (0600 temp file, fsync, rename), replacing any old one. */
    public static void replace(Path file, byte[] seed) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            writeBody(tmp, seed, List.of());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }

    private static void writeBody(Path file, byte[] seed, List<String> comments) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String c : comments) sb.append("# ").append(c).append('\n');
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] hex = (HexFormat.of().formatHex(seed) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.allocate(head.length + hex.length).put(head).put(hex).flip();
            while (b.hasRemaining()) ch.write(b);
            Arrays.fill(b.array(), (byte) 0);
            ch.force(true);
        } finally {
            Arrays.fill(hex, (byte) 0);
        }
    }
}
