package net.ntsbox.appliance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An exclusive lock on a key state file, held by the running server and by every offline
 * {@code ntsbox keys} command that writes key state, so the two never write the ring at once
 * (the server would overwrite an offline change at its next rotation, or the reverse).
 *
 * <p>It is an OS lock ({@code fcntl} via {@link FileChannel#tryLock()}) on {@code <state>.lock}
 * beside the state file: released by the kernel when the process dies, so a crash never
 * leaves a stale lock. The file itself stays (deleting it would let two processes lock two
 * different files of the same name); it holds the holder's PID and purpose, for the message
 * a refused command prints.
 */
public final class StateLock implements AutoCloseable {
    /** The state is locked by another process (or another owner in this JVM). */
    public static final class HeldException extends IOException {
        public HeldException(String message) { super(message); }
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code stateFile}: {@code keys.state} → {@code keys.state.lock}. */
    public static Path lockFileFor(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".lock");
    }

    /**
     * Takes the lock without waiting. {@code purpose} ("ntsbox serve", "ntsbox keys import-seed")
     * is written into the lock file with the PID.
     *
     * @throws HeldException when another process or owner holds it; the message names the holder
     */
    public static StateLock acquire(Path stateFile, String purpose) throws IOException {
        Path f = lockFileFor(stateFile.toAbsolutePath());
        Files.createDirectories(f.getParent());
        if (!Files.exists(f)) {
            try {
                Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process created it first: fine, we lock it below
            }
        }
        FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            throw new HeldException("the key state " + stateFile + " is locked by " + holder(f)
                    + " (lock file " + f + "); stop that process first");
        }
        String me = "pid " + ProcessHandle.current().pid() + " (" + purpose + ")\n";
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            l.release();
            ch.close();
            throw e;
        }
        return new StateLock(f, ch, l);
    }

    private static String holder(Path f) {
        try {
            String s = Files.readString(f, StandardCharsets.US_ASCII).strip();
            return s.isEmpty() ? "another process" : s;
        } catch (IOException e) {
            return "another process";
        }
    }

    public Path file() { return file; }

    /** Releases the lock (the file stays). Safe to call twice. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
