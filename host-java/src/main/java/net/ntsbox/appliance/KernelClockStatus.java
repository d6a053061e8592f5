package net.ntsbox.appliance;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Structure;
import java.util.function.Supplier;

/**
 * Reads the kernel clock status with glibc's {@code ntp_adjtime(struct timex *)} and modes = 0:
 * a read-only call (it sets nothing; no CAP_SYS_TIME needed). The structure is declared with
 * NativeLong fields so JNA lays it out as the C compiler does on this platform.
 */
public final class KernelClockStatus implements Supplier<TimexReading> {

    /** {@code struct timex} (linux/timex.h, glibc sys/timex.h). */
    @Structure.FieldOrder({"modes", "offset", "freq", "maxerror", "esterror", "status", "constant", "precision",
            "tolerance", "timeSec", "timeUsec", "tick", "ppsfreq", "jitter", "shift", "stabil", "jitcnt", "calcnt",
            "errcnt", "stbcnt", "tai", "reserved"})
    public static final class Timex extends Structure {
        public int modes;
        public NativeLong offset, freq, maxerror, esterror;
        public int status;
        public NativeLong constant, precision, tolerance, timeSec, timeUsec, tick, ppsfreq, jitter;
        public int shift;
        public NativeLong stabil, jitcnt, calcnt, errcnt, stbcnt;
        public int tai;
        public int[] reserved = new int[11];
    }

    private interface LibC extends com.sun.jna.Library {
        int ntp_adjtime(Timex buf) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /** One read; never throws: a failed call (no libc, seccomp) reads as unsynchronised. */
    @Override
    public TimexReading get() {
        try {
            Timex t = new Timex();
            t.modes = 0; // read only: never set anything
            int state = Holder.LIBC.ntp_adjtime(t);
            return new TimexReading(state, t.status, t.maxerror.longValue(), t.esterror.longValue());
        } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            return TimexReading.failed();
        }
    }
}
