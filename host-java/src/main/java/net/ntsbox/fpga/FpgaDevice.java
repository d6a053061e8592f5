package net.ntsbox.fpga;

import static net.ntsbox.fpga.NtsFpgaNative.*;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import net.ntsbox.keys.MasterKey;

/**
 * One open ntsbox FPGA (board through UIO, or the Verilator model) behind libntsfpga.
 * Typed wrappers over the C API; {@link FpgaKeySlots}, {@link FpgaCounters} and
 * {@link FpgaClock} build the policies on top. Every call is serialised on this object (the C
 * handle has its own lock too; this one also makes {@link #close} safe against a concurrent call).
 * Failures throw {@link FpgaException}.
 *
 * <p>Key bytes go to native code through a {@link Memory} buffer that is zeroed right after
 * the call, never through a JNA-copied {@code byte[]}; no method returns key bytes.
 */
public final class FpgaDevice implements AutoCloseable {
    public static final int CAP_UIO = 0x01;
    public static final int CAP_SIM = 0x02;
    public static final int CAP_PACKET_PORT = 0x04;
    public static final int CAP_CSR_PROBES = 0x08;
    /** Number of CNT counters (NTSBOX_CNT_NUM_COUNTERS of the C header). */
    static final int CNT_COUNTERS = Registers.CNT_NAMES.size();
    /** Words of a counter snapshot: CNT counters, 4 key use counters, the unknown-key counter. */
    static final int COUNTER_WORDS = CNT_COUNTERS + 4 + 1;

    private final String name;
    private final int caps;
    private long handle;

    private FpgaDevice(String name, long handle, int caps) {
        this.name = name;
        this.handle = handle;
        this.caps = caps;
    }

    /** Opens "uio:&lt;name&gt;[,sysfs=..][,dev=..]" or "sim:[model=csr_top]" (see docs/driver.md). */
    public static FpgaDevice open(String name) {
        if (LOAD_ERROR != null) throw new FpgaException(0, LOAD_ERROR);
        if (ntsfpga_counter_words() != COUNTER_WORDS) {
            throw new FpgaException(0, PATH + " snapshots " + ntsfpga_counter_words() + " counter words, this binding expects "
                    + COUNTER_WORDS + " (rebuild the driver and the host code from one register map)");
        }
        long[] out = new long[1];
        byte[] err = new byte[512];
        int rc = ntsfpga_open(name, out, err, err.length);
        if (rc != 0) {
            int n = 0;
            while (n < err.length && err[n] != 0) n++;
            String why = new String(err, 0, n, StandardCharsets.UTF_8);
            throw new FpgaException(-rc, "open " + name + ": " + (why.isEmpty() ? ntsfpga_strerror(rc) : why));
        }
        int[] c = new int[1];
        ntsfpga_caps(out[0], c);
        return new FpgaDevice(name, out[0], c[0]);
    }

    /** Where the binding looks for libntsfpga (for messages and the launcher). */
    public static String libraryPath() { return PATH.toString(); }

    public String name() { return name; }

    public int capabilities() { return caps; }

    public boolean isSimulation() { return (caps & CAP_SIM) != 0; }

    public boolean hasPacketPort() { return (caps & CAP_PACKET_PORT) != 0; }

    private long h() {
        if (handle == 0) throw new FpgaException(FpgaException.ENODEV, name + " is closed");
        return handle;
    }

    private static void check(int rc, String what) {
        if (rc != 0) throw new FpgaException(-rc, what + ": " + ntsfpga_strerror(rc));
    }

    // ---- raw registers

    public synchronized int read32(int offset) {
        int[] v = new int[1];
        check(ntsfpga_read32(h(), offset, v), String.format("read 0x%04x", offset));
        return v[0];
    }

    public synchronized void write32(int offset, int value) {
        check(ntsfpga_write32(h(), offset, value), String.format("write 0x%04x", offset));
    }

    // ---- key memory

    /** Stages key's ID and bytes and commits them valid into slot key.slot(). */
    public synchronized void installKey(MasterKey key) {
        byte[] k = key.keyBytes();
        try (Memory m = new Memory(MasterKey.LENGTH)) {
            m.write(0, k, 0, k.length);
            int rc = ntsfpga_key_install(h(), key.id(), m, 1);
            m.clear();
            check(rc, "install key " + key.idHex());
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    public synchronized void retireSlot(int slot) {
        check(ntsfpga_key_retire(h(), slot), "retire slot " + slot);
    }

    public synchronized void setCurrentSlot(int slot) {
        check(ntsfpga_key_set_current(h(), slot), "set current slot " + slot);
    }

    /** Key IDs, valid bits and the current slot as the hardware reports them (never key bits). */
    public synchronized KeySlotState keySlots() {
        int[] ids = new int[4], mask = new int[1], cur = new int[1];
        check(ntsfpga_key_slots(h(), ids, mask), "read key slots");
        check(ntsfpga_key_get_current(h(), cur), "read current slot");
        return new KeySlotState(ids, mask[0], cur[0]);
    }

    /** Hardware key slot table. */
    public record KeySlotState(int[] ids, int validMask, int currentSlot) {
        public KeySlotState { ids = ids.clone(); }
        public int id(int slot) { return ids[slot]; }
        public boolean valid(int slot) { return (validMask >> slot & 1) != 0; }
        @Override public int[] ids() { return ids.clone(); }
        @Override public String toString() {
            StringBuilder b = new StringBuilder("KeySlotState[");
            for (int s = 0; s < ids.length; s++) {
                b.append(s == 0 ? "" : ", ").append(s).append('=').append(MasterKey.hexId(ids[s])).append(valid(s) ? "" : "(invalid)");
            }
            return b.append(", current=").append(currentSlot).append(']').toString();
        }
    }

    // ---- counters

    synchronized long[] counterWords(boolean clear) {
        long[] w = new long[COUNTER_WORDS];
        check(ntsfpga_counters_snapshot(h(), w, clear ? 1 : 0), "counter snapshot");
        return w;
    }

    // ---- clock (typed by FpgaClock)

    synchronized long[] clockRead() {
        long[] ntp = new long[1];
        int[] sub = new int[1];
        check(ntsfpga_clock_read(h(), ntp, sub), "read time");
        return new long[] {ntp[0], Integer.toUnsignedLong(sub[0])};
    }

    synchronized void clockSet(long ntp, boolean atPps) {
        check(atPps ? ntsfpga_clock_set_at_pps(h(), ntp) : ntsfpga_clock_set(h(), ntp), "set time");
    }

    synchronized void clockCancelSet() { check(ntsfpga_clock_cancel_set(h()), "cancel set"); }

    synchronized void clockSetIncr(long incr) { check(ntsfpga_clock_set_incr(h(), incr), "set increment"); }

    synchronized long clockIncr() {
        long[] v = new long[1];
        check(ntsfpga_clock_get_incr(h(), v), "read increment");
        return v[0];
    }

    synchronized void clockAdjustPhase(long offset) { check(ntsfpga_clock_adjust_phase(h(), offset), "adjust phase"); }

    synchronized long[] clockPps() {
        long[] ntp = new long[1];
        int[] seq = new int[1];
        check(ntsfpga_clock_pps(h(), ntp, seq), "read PPS capture");
        return new long[] {ntp[0], Integer.toUnsignedLong(seq[0])};
    }

    synchronized int clockStatus() {
        int[] v = new int[1];
        check(ntsfpga_clock_status(h(), v), "read clock status");
        return v[0];
    }

    synchronized void leapSchedule(long leapAt, boolean insert) {
        check(ntsfpga_leap_schedule(h(), (int) leapAt, insert ? 1 : 0), "schedule leap");
    }

    synchronized void leapCancel() { check(ntsfpga_leap_cancel(h()), "cancel leap"); }

    synchronized void leapClearDone() { check(ntsfpga_leap_clear_done(h()), "clear leap done"); }

    // ---- NTP header

    /**
     * Stages every header field (nothing reaches responses until {@link #applyHeader}).
     * leapOverride: -1 sends the clock's LI, 0..3 forces that LI (3 = unsynchronised).
     */
    public synchronized void stageHeader(int stratum, int poll, int precision, int rootDelay, int rootDispersion,
                                         int refId, long refTime, int leapOverride) {
        if (stratum < 0 || stratum > 255 || poll < -128 || poll > 127 || precision < -128 || precision > 127) {
            throw new IllegalArgumentException("stratum 0..255, poll and precision -128..127");
        }
        check(ntsfpga_hdr_stage(h(), (byte) stratum, (byte) poll, (byte) precision, rootDelay, rootDispersion, refId,
                refTime, leapOverride), "stage header");
    }

    public synchronized void applyHeader() { check(ntsfpga_hdr_apply(h()), "apply header"); }

    // ---- datapath configuration (staged; applyDatapath copies all at once)

    public synchronized void setEnables(int enableBits) { check(ntsfpga_dp_set_enable(h(), enableBits), "set enables"); }

    public synchronized void setIpv4(byte[] addr) {
        if (addr.length != 4) throw new IllegalArgumentException("IPv4 address needs 4 bytes");
        check(ntsfpga_dp_set_ipv4(h(), addr), "set IPv4 address");
    }

    public synchronized void setAltUdpPort(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port 0..65535");
        check(ntsfpga_dp_set_alt_port(h(), (short) port), "set UDP port");
    }

    public synchronized void setMac(byte[] mac) {
        if (mac.length != 6) throw new IllegalArgumentException("MAC address needs 6 bytes");
        check(ntsfpga_dp_set_mac(h(), mac), "set MAC");
    }

    public synchronized void setIpv6(byte[] global, byte[] linkLocal) {
        if (global.length != 16 || linkLocal.length != 16) throw new IllegalArgumentException("IPv6 addresses need 16 bytes");
        check(ntsfpga_dp_set_ipv6(h(), global), "set IPv6 address");
        check(ntsfpga_dp_set_ipv6_ll(h(), linkLocal), "set IPv6 link-local address");
    }

    /** Test mode (golden-model comparison only): fixed nonces from a 128-bit seed; null seed = off. */
    public synchronized void setFixedNonceTestMode(byte[] seed) {
        if (seed != null && seed.length != 16) throw new IllegalArgumentException("nonce seed needs 16 bytes");
        try (Memory m = new Memory(16)) {
            m.clear();
            if (seed != null) m.write(0, seed, 0, 16);
            int rc = ntsfpga_dp_set_test_mode(h(), seed != null ? 1 : 0, m);
            m.clear();
            check(rc, "set test mode");
        }
    }

    public synchronized void applyDatapath() { check(ntsfpga_dp_apply(h()), "apply datapath config"); }

    // ---- Verilator model only (FpgaException ENOTSUP on the board)

    public synchronized void simStep(long cycles) { check(ntsfpga_sim_step(h(), cycles), "sim step"); }

    public synchronized long simCycles() {
        long[] c = new long[1];
        check(ntsfpga_sim_cycles(h(), c), "sim cycles");
        return c[0];
    }

    public synchronized void simPps(int highCycles) { check(ntsfpga_sim_pps(h(), highCycles), "sim PPS"); }

    /** csr_top model: adds amount events to counter idx (Registers.CNT_IDX_*). */
    public synchronized void simCount(int idx, int amount) { check(ntsfpga_sim_count(h(), idx, amount), "sim count"); }

    /** csr_top model: a decrypt lookup of key.id() on an engine port hits and returns exactly key's bytes. */
    public synchronized boolean simLookupMatches(MasterKey key) {
        int[] hit = new int[1], kid = new int[1];
        try (Memory m = new Memory(MasterKey.LENGTH)) {
            int rc = ntsfpga_sim_key_lookup(h(), 0, key.id(), hit, kid, m);
            byte[] got = m.getByteArray(0, MasterKey.LENGTH);
            m.clear();
            check(rc, "sim key lookup");
            byte[] want = key.keyBytes();
            boolean same = hit[0] != 0 && kid[0] == key.id() && java.security.MessageDigest.isEqual(got, want);
            Arrays.fill(got, (byte) 0);
            Arrays.fill(want, (byte) 0);
            return same;
        }
    }

    /** csr_top model: the key ID a mint lookup (current slot) returns, empty on a miss. */
    public synchronized OptionalInt simMintKeyId() {
        int[] hit = new int[1], kid = new int[1];
        try (Memory m = new Memory(MasterKey.LENGTH)) {
            int rc = ntsfpga_sim_key_lookup(h(), 1, 0, hit, kid, m);
            m.clear();
            check(rc, "sim mint lookup");
            return hit[0] != 0 ? OptionalInt.of(kid[0]) : OptionalInt.empty();
        }
    }

    /** Packet port: ENOTSUP until the model contains the datapath (see {@link #hasPacketPort}). */
    public synchronized void injectFrame(byte[] frame, long arrivalCycle) {
        check(ntsfpga_pkt_inject(h(), frame, frame.length, arrivalCycle), "inject frame");
    }

    /** A frame the model sent (with FCS) and the cycle its first beat left the MAC. */
    public record SentFrame(byte[] frame, long departureCycle) {
        public SentFrame { frame = frame.clone(); }
        @Override public byte[] frame() { return frame.clone(); }
    }

    /** The oldest frame the model sent, or null if none is waiting (model with a packet port). */
    public synchronized SentFrame collectFrame() {
        byte[] buf = new byte[2200];
        long[] len = new long[1];
        long[] dep = new long[1];
        int rc = ntsfpga_pkt_collect(h(), buf, buf.length, len, dep);
        if (rc == -11) return null;   // -EAGAIN: nothing sent
        check(rc, "collect frame");
        return new SentFrame(java.util.Arrays.copyOf(buf, (int) Math.min(len[0], buf.length)), dep[0]);
    }

    /** Runs the model until cycle (delivering injected frames on time). */
    public synchronized void runUntil(long cycle) { check(ntsfpga_pkt_run_until(h(), cycle), "run until"); }

    /** The model's ToD at the current cycle (model only). */
    public synchronized long simTod() {
        long[] ntp = new long[1];
        int[] li = new int[1];
        check(ntsfpga_sim_tod(h(), ntp, li), "sim ToD");
        return ntp[0];
    }

    @Override
    public synchronized void close() {
        if (handle != 0) {
            ntsfpga_close(handle);
            handle = 0;
        }
    }

    @Override public String toString() { return "FpgaDevice[" + name + ", caps=0x" + Integer.toHexString(caps) + "]"; }
}
