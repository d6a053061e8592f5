package net.ntsbox.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** File I/O for the ring state: the only class in this package that touches the disk. */
public final class KeyRingFile {
    private KeyRingFile() {}

    /**
     * Writes atomically: a temp file created with mode 0600 beside the target, written and
     * fsynced, renamed over the target, then the directory fsynced, so a crash leaves either
     * the old or the new file, never a torn one.
     */
    public static void write(Path path, KeyRingState state) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        byte[] bytes = KeyRingCodec.encode(state);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp + ": exists", e);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        java.util.Arrays.fill(bytes, (byte) 0);
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot atomically replace " + path, e);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic.
        }
    }

    /** Reads and checks a ring state file; a corrupt file gives a {@link KeyFileException} naming what is wrong. */
    public static KeyRingState read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        try {
            return KeyRingCodec.decode(bytes);
        } catch (KeyFileException e) {
            throw new KeyFileException(path + ": " + e.getMessage());
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }
}
