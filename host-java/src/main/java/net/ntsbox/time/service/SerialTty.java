package net.ntsbox.time.service;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Thin adapter: a serial device (or pty) opened through libc, set to raw 8N1 at a line speed
 * (cfmakeraw, cfsetispeed/cfsetospeed, CLOCAL|CREAD, tcsetattr), read as an InputStream that
 * waits with poll(2) in short slices (so {@code closed} is noticed) and fails with
 * {@link InterruptedIOException} when no byte arrived for the read timeout.
 *
 * <p>The termios structure is filled by libc itself; the only field written directly is
 * {@code c_cflag} (third 32-bit word in glibc's Linux {@code struct termios} on every
 * architecture).
 */
final class SerialTty extends InputStream {
    private static final int O_RDONLY = 0;
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final int TCSANOW = 0;
    private static final int CREAD = 0200;
    private static final int CLOCAL = 04000;
    private static final short POLLIN = 1;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final int SLICE_MS = 200;

    /** Linux termbits speed codes. */
    private static final Map<Integer, Integer> SPEEDS = Map.of(4800, 0000014, 9600, 0000015, 19200, 0000016,
            38400, 0000017, 57600, 0010001, 115200, 0010002, 230400, 0010003, 460800, 0010004);

    private interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int tcgetattr(int fd, Pointer termios) throws LastErrorException;

        void cfmakeraw(Pointer termios);

        int cfsetispeed(Pointer termios, int speed) throws LastErrorException;

        int cfsetospeed(Pointer termios, int speed) throws LastErrorException;

        int tcsetattr(int fd, int action, Pointer termios) throws LastErrorException;

        int poll(Pointer fds, int nfds, int timeoutMs) throws LastErrorException;

        NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private final int fd;
    private final long readTimeoutMs;
    private final BooleanSupplier closed;
    private final Memory pollfd = new Memory(8);
    private boolean released;

    private SerialTty(int fd, long readTimeoutMs, BooleanSupplier closed) {
        this.fd = fd;
        this.readTimeoutMs = readTimeoutMs;
        this.closed = closed;
    }

    /** Opens {@code device} and sets raw 8N1 at {@code baud}; the message of the exception says what failed. */
    static SerialTty open(Path device, int baud, long readTimeoutMs, BooleanSupplier closed) throws IOException {
        Integer speed = SPEEDS.get(baud);
        if (speed == null) {
            throw new IOException("unsupported line speed " + baud);
        }
        LibC c;
        try {
            c = Holder.LIBC;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IOException("libc not loadable through JNA: " + e.getMessage());
        }
        int fd;
        try {
            fd = c.open(device.toString(), O_RDONLY | O_NOCTTY | O_NONBLOCK);
        } catch (LastErrorException e) {
            throw new IOException(device + ": open failed: " + errno(e));
        }
        Memory t = new Memory(256); // larger than any struct termios
        t.clear();
        try {
            c.tcgetattr(fd, t);
            c.cfmakeraw(t);
            t.setInt(8, t.getInt(8) | CREAD | CLOCAL);
            c.cfsetispeed(t, speed);
            c.cfsetospeed(t, speed);
            c.tcsetattr(fd, TCSANOW, t);
        } catch (LastErrorException e) {
            try {
                c.close(fd);
            } catch (LastErrorException ignored) {
                // already failing
            }
            throw new IOException(device + ": not a serial line (" + errno(e) + ")");
        }
        return new SerialTty(fd, readTimeoutMs, closed);
    }

    private static String errno(LastErrorException e) {
        return switch (e.getErrorCode()) {
            case 2 -> "no such device";
            case 13 -> "permission denied (add the ntsbox user to group dialout)";
            case 16 -> "device busy (gpsd or another program holds it)";
            case 25 -> "ENOTTY";
            default -> "errno " + e.getErrorCode();
        };
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        LibC c = Holder.LIBC;
        long waited = 0;
        while (true) {
            if (closed.getAsBoolean()) {
                return -1;
            }
            pollfd.setInt(0, fd);
            pollfd.setShort(4, POLLIN);
            pollfd.setShort(6, (short) 0);
            int ready;
            try {
                ready = c.poll(pollfd, 1, SLICE_MS);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                throw new IOException("poll: errno " + e.getErrorCode());
            }
            if (ready == 0) {
                waited += SLICE_MS;
                if (waited >= readTimeoutMs) {
                    throw new InterruptedIOException("no data for " + readTimeoutMs + " ms");
                }
                continue;
            }
            byte[] buf = off == 0 ? b : new byte[len];
            long n;
            try {
                n = c.read(fd, buf, new NativeLong(len)).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR) {
                    continue;
                }
                throw new IOException("read: errno " + e.getErrorCode());
            }
            if (n == 0) {
                // A hung-up line (pty master closed, USB receiver unplugged) polls readable and reads 0.
                throw new IOException("line hung up");
            }
            if (buf != b) {
                System.arraycopy(buf, 0, b, off, (int) n);
            }
            return (int) n;
        }
    }

    @Override
    public synchronized void close() {
        if (!released) {
            released = true;
            try {
                Holder.LIBC.close(fd);
            } catch (LastErrorException ignored) {
                // nothing left to release
            }
        }
    }
}
