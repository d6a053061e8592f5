package net.ntsbox.fpga;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * Direct-mapped JNA binding of libntsfpga (drivers/include/ntsfpga.h): static natives
 * registered with {@link Native#register}, about 3x cheaper per call than interface mapping
 * (research java-stack.md §7). Handles are passed as {@code long} addresses and out-parameters
 * as one-element arrays, which needs a 64-bit (LP64) JVM.
 *
 * <p>The library is {@value #LIB_PROPERTY} (system property), else {@value #LIB_ENV}
 * (environment), else {@code drivers/out/libntsfpga.so} under {@code ntsbox.home} (set by the
 * launcher; the working directory when absent). Loading happens once, at first use; a failure
 * is kept and reported by {@link FpgaDevice#open} instead of breaking class initialisation.
 */
final class NtsFpgaNative {
    static final String LIB_PROPERTY = "ntsbox.fpga.lib";
    static final String LIB_ENV = "NTSBOX_FPGA_LIB";
    static final int API_VERSION = 1;

    static final Path PATH = libraryPath();
    static final String LOAD_ERROR;

    static {
        String err = null;
        if (Native.POINTER_SIZE != 8) {
            err = "libntsfpga binding needs a 64-bit JVM";
        } else {
            try {
                Native.register(NtsFpgaNative.class, NativeLibrary.getInstance(PATH.toString()));
                int v = ntsfpga_api_version();
                if (v != API_VERSION) err = PATH + " has API version " + v + ", this binding needs " + API_VERSION;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                err = "cannot load " + PATH + ": " + e.getMessage();
            }
        }
        LOAD_ERROR = err;
    }

    private NtsFpgaNative() {}

    static Path libraryPath() {
        String p = System.getProperty(LIB_PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv(LIB_ENV);
        if (p != null && !p.isBlank()) return Path.of(p).toAbsolutePath();
        String home = System.getProperty("ntsbox.home", System.getProperty("user.dir"));
        return Path.of(home, "drivers", "out", "libntsfpga.so").toAbsolutePath();
    }

    static native int ntsfpga_api_version();
    static native int ntsfpga_counter_words();
    static native int ntsfpga_open(String name, long[] out, byte[] err, long errlen);
    static native int ntsfpga_close(long d);
    static native String ntsfpga_strerror(int err);
    static native int ntsfpga_caps(long d, int[] caps);
    static native int ntsfpga_read32(long d, int off, int[] val);
    static native int ntsfpga_write32(long d, int off, int val);

    static native int ntsfpga_key_install(long d, int id, Pointer key, int valid);
    static native int ntsfpga_key_retire(long d, int slot);
    static native int ntsfpga_key_set_current(long d, int slot);
    static native int ntsfpga_key_get_current(long d, int[] slot);
    static native int ntsfpga_key_slots(long d, int[] ids, int[] validMask);

    static native int ntsfpga_counters_snapshot(long d, long[] out, int clear);

    static native int ntsfpga_clock_read(long d, long[] ntp, int[] sub);
    static native int ntsfpga_clock_set(long d, long ntp);
    static native int ntsfpga_clock_set_at_pps(long d, long ntp);
    static native int ntsfpga_clock_cancel_set(long d);
    static native int ntsfpga_clock_set_incr(long d, long incr);
    static native int ntsfpga_clock_get_incr(long d, long[] incr);
    static native int ntsfpga_clock_adjust_phase(long d, long offset);
    static native int ntsfpga_clock_pps(long d, long[] ntp, int[] seq);
    static native int ntsfpga_clock_status(long d, int[] status);
    static native int ntsfpga_leap_schedule(long d, int leapAt, int insert);
    static native int ntsfpga_leap_cancel(long d);
    static native int ntsfpga_leap_clear_done(long d);
    static native long ntsfpga_incr_nominal(long hz);
    static native long ntsfpga_incr_from_ppb(long nominal, double ppb);
    static native double ntsfpga_incr_to_ppb(long nominal, long incr);
    static native long ntsfpga_ns_to_ntp_offset(long ns);
    static native long ntsfpga_ntp_offset_to_ns(long offset);

    static native int ntsfpga_hdr_stage(long d, byte stratum, byte poll, byte precision, int rootDelay,
                                        int rootDisp, int refId, long refTime, int leapOverride);
    static native int ntsfpga_hdr_apply(long d);

    static native int ntsfpga_dp_set_enable(long d, int bits);
    static native int ntsfpga_dp_set_ipv4(long d, byte[] addr);
    static native int ntsfpga_dp_set_alt_port(long d, short port);
    static native int ntsfpga_dp_set_mac(long d, byte[] mac);
    static native int ntsfpga_dp_set_ipv6(long d, byte[] addr);
    static native int ntsfpga_dp_set_ipv6_ll(long d, byte[] addr);
    static native int ntsfpga_dp_set_test_mode(long d, int fixedNonce, Pointer seed);
    static native int ntsfpga_dp_apply(long d);

    static native int ntsfpga_sim_step(long d, long cycles);
    static native int ntsfpga_sim_cycles(long d, long[] cycles);
    static native int ntsfpga_sim_pps(long d, int highCycles);
    static native int ntsfpga_sim_tod(long d, long[] ntp, int[] li);
    static native int ntsfpga_sim_count(long d, int idx, int amount);
    static native int ntsfpga_sim_key_lookup(long d, int current, int id, int[] hit, int[] keyId, Pointer key);
    static native int ntsfpga_sim_hdr_outputs(long d, int[] out);
    static native int ntsfpga_sim_dp_outputs(long d, int[] out);

    static native int ntsfpga_pkt_inject(long d, byte[] frame, long len, long arrival);
    static native int ntsfpga_pkt_collect(long d, byte[] buf, long cap, long[] len, long[] departure);
    static native int ntsfpga_pkt_run_until(long d, long cycle);
}
