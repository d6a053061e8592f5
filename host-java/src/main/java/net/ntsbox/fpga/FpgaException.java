package net.ntsbox.fpga;

/**
 * A libntsfpga call failed: {@link #errno()} is the positive errno value (ENODEV, EIO, ...),
 * the message names the call and, for open, the driver's explanation. Never carries key bytes.
 */
public final class FpgaException extends RuntimeException {
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOTSUP = 95;
    public static final int ETIMEDOUT = 110;

    private static final long serialVersionUID = 1L;
    private final int errno;

    public FpgaException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** Positive errno value; 0 when the library itself could not be loaded. */
    public int errno() { return errno; }
}
