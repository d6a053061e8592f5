package net.ntsbox.time.pps;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Linux PPS API's ioctl numbers and structures (include/uapi/linux/pps.h, "5.3.6"), as
 * pure encoders and decoders over native-order byte buffers. Checked against the header with
 * gcc on x86_64 (PpsAbiTest compiles a probe when gcc and the header are present).
 *
 * <pre>
 * struct pps_ktime   { __s64 sec; __s32 nsec; __u32 flags; }              16 bytes: 0 sec, 8 nsec, 12 flags
 * struct pps_kinfo   { __u32 assert_sequence; __u32 clear_sequence;
 *                      struct pps_ktime assert_tu, clear_tu; int current_mode; }
 *                                                                         48 bytes: 0, 4, 8, 24, 40 (+4 pad)
 * struct pps_kparams { int api_version; int mode;
 *                      struct pps_ktime assert_off_tu, clear_off_tu; }    40 bytes: 0, 4, 8, 24
 * struct pps_fdata   { struct pps_kinfo info; struct pps_ktime timeout; } 64 bytes: 0, 48
 * PPS_GETPARAMS _IOR('p', 0xa1, struct pps_kparams *)
 * PPS_GETCAP    _IOR('p', 0xa3, int *)
 * PPS_FETCH     _IOWR('p', 0xa4, struct pps_fdata *)
 * </pre>
 * The header's size argument is a <em>pointer</em> type, so the size field of the ioctl number
 * is the pointer size (8 on 64-bit, 4 on 32-bit), not the structure size. The layouts assume
 * 8-byte alignment of __s64 (x86_64, aarch64, 32-bit ARM EABI; not i386, which the kernel
 * handles with pps_ktime_compat). The numbers use the asm-generic _IOC encoding (x86, ARM,
 * RISC-V; not PowerPC, MIPS, SPARC).
 *
 * <p>PPS_FETCH waits for the next event: forever if timeout.flags has PPS_TIME_INVALID, not at
 * all for a zero timeout, else up to the timeout (ETIMEDOUT), given PPS_CANWAIT.
 */
public final class PpsAbi {
    public static final int PPS_TIME_INVALID = 1;
    public static final int PPS_CAPTUREASSERT = 0x01;
    public static final int PPS_CAPTURECLEAR = 0x02;
    public static final int PPS_OFFSETASSERT = 0x10;
    public static final int PPS_OFFSETCLEAR = 0x20;
    public static final int PPS_ECHOASSERT = 0x40;
    public static final int PPS_ECHOCLEAR = 0x80;
    public static final int PPS_CANWAIT = 0x100;
    public static final int PPS_CANPOLL = 0x200;
    public static final int PPS_TSFMT_TSPEC = 0x1000;
    public static final int PPS_TSFMT_NTPFP = 0x2000;
    public static final int PPS_API_VERS_1 = 1;

    public static final int KTIME_SIZE = 16;
    public static final int KINFO_SIZE = 48;
    public static final int KPARAMS_SIZE = 40;
    public static final int FDATA_SIZE = 64;

    private static final int IOC_NONE = 0;
    private static final int IOC_WRITE = 1;
    private static final int IOC_READ = 2;

    private PpsAbi() {}

    /** asm-generic/ioctl.h: dir in bits 30-31, size 16-29, type 8-15, number 0-7. */
    public static long ioc(int dir, int type, int nr, int size) {
        if (dir < IOC_NONE || dir > (IOC_READ | IOC_WRITE) || size < 0 || size >= 1 << 14 || type < 0 || type > 255
                || nr < 0 || nr > 255) {
            throw new IllegalArgumentException("ioctl field out of range");
        }
        return ((long) dir << 30) | ((long) size << 16) | ((long) type << 8) | nr;
    }

    public static long getParams(int pointerSize) {
        return ioc(IOC_READ, 'p', 0xa1, pointerSize);
    }

    public static long getCap(int pointerSize) {
        return ioc(IOC_READ, 'p', 0xa3, pointerSize);
    }

    public static long fetch(int pointerSize) {
        return ioc(IOC_READ | IOC_WRITE, 'p', 0xa4, pointerSize);
    }

    /** struct pps_ktime. @param flags PPS_TIME_INVALID or 0 */
    public record KTime(long sec, int nsec, int flags) {
        public boolean invalid() {
            return (flags & PPS_TIME_INVALID) != 0;
        }
    }

    /** struct pps_kinfo; sequences are __u32 (widened, unsigned). */
    public record KInfo(long assertSequence, long clearSequence, KTime assertTime, KTime clearTime, int currentMode) {}

    /** struct pps_kparams. */
    public record KParams(int apiVersion, int mode, KTime assertOffset, KTime clearOffset) {}

    public static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    /**
     * A pps_fdata for PPS_FETCH: info zeroed, the timeout set. A null timeout waits forever
     * (PPS_TIME_INVALID); a zero one returns the last event without waiting.
     */
    public static ByteBuffer fetchRequest(java.time.Duration timeout, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(FDATA_SIZE).order(order);
        if (timeout == null) {
            putKTime(b, KINFO_SIZE, new KTime(0, 0, PPS_TIME_INVALID));
        } else {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("negative timeout");
            }
            putKTime(b, KINFO_SIZE, new KTime(timeout.getSeconds(), timeout.getNano(), 0));
        }
        return b;
    }

    public static void putKTime(ByteBuffer b, int at, KTime t) {
        b.putLong(at, t.sec());
        b.putInt(at + 8, t.nsec());
        b.putInt(at + 12, t.flags());
    }

    public static KTime kTime(ByteBuffer b, int at) {
        return new KTime(b.getLong(at), b.getInt(at + 8), b.getInt(at + 12));
    }

    /** Decodes pps_kinfo at offset 0 (also the info part of pps_fdata). */
    public static KInfo kInfo(ByteBuffer b) {
        if (b.capacity() < KINFO_SIZE) {
            throw new IllegalArgumentException("pps_kinfo needs " + KINFO_SIZE + " bytes");
        }
        return new KInfo(Integer.toUnsignedLong(b.getInt(0)), Integer.toUnsignedLong(b.getInt(4)), kTime(b, 8),
                kTime(b, 24), b.getInt(40));
    }

    public static KParams kParams(ByteBuffer b) {
        if (b.capacity() < KPARAMS_SIZE) {
            throw new IllegalArgumentException("pps_kparams needs " + KPARAMS_SIZE + " bytes");
        }
        return new KParams(b.getInt(0), b.getInt(4), kTime(b, 8), kTime(b, 24));
    }

    /** Encodes pps_kinfo (for tests and for a fake device). */
    public static void putKInfo(ByteBuffer b, KInfo i) {
        b.putInt(0, (int) i.assertSequence());
        b.putInt(4, (int) i.clearSequence());
        putKTime(b, 8, i.assertTime());
        putKTime(b, 24, i.clearTime());
        b.putInt(40, i.currentMode());
    }
}
