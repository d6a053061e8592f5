package net.ntsbox.time.pps;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Thin adapter over a Linux PPS source ({@code /dev/ppsN}, e.g. from the pps-gpio overlay on a
 * Raspberry Pi): libc {@code open}/{@code ioctl}/{@code close} through JNA, the structures from
 * {@link PpsAbi}. Reads assert edges with PPS_FETCH and a timeout. Not thread-safe: one reader.
 */
public final class PpsDevice implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_RDONLY = 0;
    private static final int ENOENT = 2;
    private static final int EINTR = 4;
    private static final int EACCES = 13;
    private static final int ENOTTY = 25;
    private static final int ETIMEDOUT = 110;

    private interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private final Path path;
    private final int fd;
    private final int capabilities;
    private final Memory fdata = new Memory(PpsAbi.FDATA_SIZE);
    private boolean closed;

    private PpsDevice(Path path, int fd, int capabilities) {
        this.path = path;
        this.fd = fd;
        this.capabilities = capabilities;
    }

    /**
     * Opens a PPS source and reads its capabilities (PPS_GETCAP).
     * @throws PpsUnavailableException with a message that says what is missing
     */
    public static PpsDevice open(Path path) throws PpsUnavailableException {
        if (!Files.exists(path)) {
            throw new PpsUnavailableException(path + " is absent: no kernel PPS source (load pps-gpio or pps-ldisc, "
                    + "or check the device tree overlay)");
        }
        LibC libc;
        try {
            libc = Holder.LIBC;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new PpsUnavailableException("libc not loadable through JNA: " + e.getMessage());
        }
        int fd;
        try {
            fd = libc.open(path.toString(), O_RDWR);
        } catch (LastErrorException e) {
            try {
                fd = libc.open(path.toString(), O_RDONLY);
            } catch (LastErrorException e2) {
                throw new PpsUnavailableException(path + ": open failed: " + describe(e2.getErrorCode()));
            }
        }
        Memory cap = new Memory(8);
        cap.clear();
        try {
            libc.ioctl(fd, new NativeLong(PpsAbi.getCap(Native.POINTER_SIZE)), cap);
        } catch (LastErrorException e) {
            closeQuietly(libc, fd);
            throw new PpsUnavailableException(path + ": PPS_GETCAP failed: " + describe(e.getErrorCode())
                    + (e.getErrorCode() == ENOTTY ? " (not a PPS device)" : ""));
        }
        return new PpsDevice(path, fd, cap.getInt(0));
    }

    public Path path() {
        return path;
    }

    /** PPS_GETCAP: PPS_CAPTUREASSERT, PPS_CANWAIT, ... */
    public int capabilities() {
        return capabilities;
    }

    public boolean canWait() {
        return (capabilities & PpsAbi.PPS_CANWAIT) != 0;
    }

    /** PPS_GETPARAMS: the source's current mode and offsets. */
    public PpsAbi.KParams params() throws PpsUnavailableException {
        Memory m = new Memory(PpsAbi.KPARAMS_SIZE);
        m.clear();
        ioctl(PpsAbi.getParams(Native.POINTER_SIZE), m, "PPS_GETPARAMS");
        return PpsAbi.kParams(copy(m, PpsAbi.KPARAMS_SIZE));
    }

    /**
     * Waits up to {@code timeout} for the next assert edge (PPS_FETCH). Without PPS_CANWAIT the
     * kernel cannot wait; then this returns the latest event at once.
     * @return the latest assert edge, or empty on timeout or if the source has none yet
     */
    public Optional<PpsEvent> fetch(Duration timeout) throws PpsUnavailableException {
        ByteBuffer req = PpsAbi.fetchRequest(canWait() ? timeout : Duration.ZERO, ByteOrder.nativeOrder());
        fdata.write(0, req.array(), 0, PpsAbi.FDATA_SIZE);
        while (true) {
            try {
                Holder.LIBC.ioctl(fd, new NativeLong(PpsAbi.fetch(Native.POINTER_SIZE)), fdata);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ETIMEDOUT) {
                    return Optional.empty();
                }
                if (e.getErrorCode() != EINTR) {
                    throw new PpsUnavailableException(path + ": PPS_FETCH failed: " + describe(e.getErrorCode()));
                }
            }
        }
        PpsAbi.KInfo info = PpsAbi.kInfo(copy(fdata, PpsAbi.FDATA_SIZE));
        if (info.assertSequence() == 0 || info.assertTime().invalid()) {
            return Optional.empty();
        }
        return Optional.of(new PpsEvent(info.assertTime().sec(), info.assertTime().nsec(), info.assertSequence()));
    }

    private void ioctl(long request, Memory m, String what) throws PpsUnavailableException {
        try {
            Holder.LIBC.ioctl(fd, new NativeLong(request), m);
        } catch (LastErrorException e) {
            throw new PpsUnavailableException(path + ": " + what + " failed: " + describe(e.getErrorCode()));
        }
    }

    private static ByteBuffer copy(Memory m, int size) {
        byte[] b = new byte[size];
        m.read(0, b, 0, size);
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    static String describe(int errno) {
        return switch (errno) {
            case ENOENT -> "no such device (ENOENT)";
            case EACCES -> "permission denied (EACCES: add the user to the group owning the device)";
            case ENOTTY -> "inappropriate ioctl (ENOTTY)";
            case ETIMEDOUT -> "timed out (ETIMEDOUT)";
            default -> "errno " + errno;
        };
    }

    private static void closeQuietly(LibC libc, int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // nothing useful to do about a failed close
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(Holder.LIBC, fd);
        }
    }
}
