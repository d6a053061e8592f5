package net.ntsbox.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * State directories of peers: config, log, pidfile, command socket, NTS dump dir. They live
 * under {@code /tmp/ntsbox-interop/} (short paths: a Unix socket path is limited to 107
 * bytes), never under /etc or /var/lib.
 */
final class PeerDirs {
    private PeerDirs() {}

    static final Path BASE = Path.of(System.getProperty("ntsbox.interop.dir", "/tmp/ntsbox-interop"));

    static Path create(String prefix) {
        try {
            Files.createDirectories(BASE);
            return Files.createTempDirectory(BASE, prefix + "-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a peer state dir under " + BASE, e);
        }
    }

    static void ensure(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Empties dir (keeps dir itself). */
    static void clear(Path dir) {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear " + dir, e);
            }
        }
    }

    static void delete(Path dir) {
        clear(dir);
        dir.toFile().delete();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
