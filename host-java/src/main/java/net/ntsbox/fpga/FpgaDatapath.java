package net.ntsbox.fpga;

import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.server.ServingDatapath;
import net.ntsbox.server.StepOutcome;
import net.ntsbox.server.udp.DatagramHandler;

/**
 * The FPGA as the appliance's datapath: installs the key ring into the key slots on start and
 * on every rotation ({@link FpgaKeySlots#sync}), writes the NTP header registers from the
 * clock status, reads the CNT/KMEM counters under the software datapath's names, and, on a
 * model with a packet port (lab mode), bridges UDP: each request is framed
 * ({@link LabFrames}), injected into the simulated PHY at the next cycle with the model's ToD
 * set to the request's host receive time, the model runs until the response leaves, and the
 * response's UDP payload is returned to the UDP layer.
 *
 * <p>Lab clock: the model simulates about 0.35 Mcycles/s (1/450 of real time), so it cannot
 * follow the host clock by running; instead CLK is set to the host receive time right before
 * each injection. The receive timestamp is then the host's, the transmit timestamp is
 * receive + TX budget in the model's time, and the client sees the simulation's wall time as
 * extra delay (docs/lab.md has the measured figures).
 *
 * <p>Board mode ({@link #openBoard}): the FPGA owns the 10 GbE port and answers there with
 * the configured addresses; nothing is bridged ({@link #newHandler} refuses), and the clock is
 * the time service's to discipline ({@link #clock()}), not re-set per request.
 */
public final class FpgaDatapath implements ServingDatapath {
    private static final System.Logger LOG = System.getLogger("net.ntsbox.fpga");
    /** Cycles the bridge waits for a response beyond the transmit budget before giving up. */
    static final long RESPONSE_SLACK_CYCLES = 40_000;
    static final int ENABLE_ALL = 0x7F;

    private final FpgaDevice dev;
    private final FpgaKeySlots slots;
    private final FpgaClock clock;
    private final FpgaCounters counters;
    private final long budgetCycles;
    private final boolean board;
    private final Object bridgeLock = new Object();
    private final AtomicLong bridged = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong simNanos = new AtomicLong();
    private int ipId;
    private int srcPort = 40000;

    private FpgaDatapath(FpgaDevice dev, long txBudgetNtp, boolean board) {
        this.dev = dev;
        this.board = board;
        this.slots = new FpgaKeySlots(dev, s -> LOG.log(System.Logger.Level.DEBUG, "key slots: " + s));
        this.clock = new FpgaClock(dev);
        this.counters = new FpgaCounters(dev);
        this.budgetCycles = (long) Math.ceil(txBudgetNtp / (clock.nominalIncrement() / 4294967296.0));
    }

    /**
     * Opens the device and configures the port: the {@link LabFrames} addresses, every
     * feature on, a fresh random nonce seed, and the transmit budget (32.32 s).
     */
    public static FpgaDatapath open(String device, long txBudgetNtp) {
        FpgaDevice dev = FpgaDevice.open(device);
        try {
            FpgaDatapath d = new FpgaDatapath(dev, txBudgetNtp, false);
            d.configure(LabFrames.FPGA_MAC, LabFrames.FPGA_IPV4, null, null, 0, ENABLE_ALL, txBudgetNtp);
            return d;
        } catch (RuntimeException e) {
            dev.close();
            throw e;
        }
    }

    /**
     * Opens the board's device ({@code [fpga]}) and configures its port: the configured MAC and
     * addresses, NTP + NTS on, IPv4 + ARP with an IPv4 address, IPv6 + ND with an IPv6 one,
     * ICMP echo if asked, a fresh random nonce seed, the transmit budget. The clock is left as
     * it is (the time service, or the board appliance, sets it).
     */
    public static FpgaDatapath openBoard(net.ntsbox.config.FpgaSettings port) {
        FpgaDevice dev = FpgaDevice.open(port.device());
        try {
            FpgaDatapath d = new FpgaDatapath(dev, port.txBudgetNtp(), true);
            int enables = Registers.DP_ENABLE_NTP_MASK | Registers.DP_ENABLE_NTS_MASK;
            if (port.ipv4().isPresent()) enables |= Registers.DP_ENABLE_IPV4_MASK | Registers.DP_ENABLE_ARP_MASK;
            if (port.ipv6().isPresent()) enables |= Registers.DP_ENABLE_IPV6_MASK | Registers.DP_ENABLE_ND_MASK;
            if (port.icmpEcho()) enables |= Registers.DP_ENABLE_ICMP_ECHO_MASK;
            d.configure(port.macBytes(), port.ipv4().map(a -> a.getAddress()).orElse(null),
                    port.ipv6().map(a -> a.getAddress()).orElse(null),
                    port.ipv6LinkLocal().map(a -> a.getAddress()).orElse(null), port.alternatePort().orElse(0), enables,
                    port.txBudgetNtp());
            return d;
        } catch (RuntimeException e) {
            dev.close();
            throw e;
        }
    }

    private void configure(byte[] mac, byte[] ipv4, byte[] ipv6, byte[] ipv6LinkLocal, int altPort, int enables,
                           long txBudgetNtp) {
        dev.setMac(mac);
        if (ipv4 != null) dev.setIpv4(ipv4);
        if (ipv6 != null) dev.setIpv6(ipv6, ipv6LinkLocal);
        if (altPort != 0) dev.setAltUdpPort(altPort);
        dev.setEnables(enables);
        byte[] seed = new byte[16];
        new SecureRandom().nextBytes(seed);
        for (int i = 0; i < 4; i++) {
            int w = (seed[4 * i] & 0xFF) << 24 | (seed[4 * i + 1] & 0xFF) << 16 | (seed[4 * i + 2] & 0xFF) << 8
                    | (seed[4 * i + 3] & 0xFF);
            dev.write32(Registers.DP_NONCE_SEED0 + 4 * i, w);
        }
        java.util.Arrays.fill(seed, (byte) 0);
        dev.write32(Registers.DP_TX_BUDGET_LO, (int) txBudgetNtp);
        dev.write32(Registers.DP_TX_BUDGET_HI, (int) (txBudgetNtp >>> 32));
        dev.applyDatapath();
    }

    public FpgaDevice device() { return dev; }

    /** The FPGA's time-of-day clock (board mode: what the time service disciplines). */
    public FpgaClock clock() { return clock; }

    /**
     * "fpga" on the board (the FPGA answers on its port, whether it is the hardware or the
     * model standing in for it in tests), "fpga-sim" in lab mode (the model behind the UDP bridge).
     */
    @Override public String kind() { return board || !dev.hasPacketPort() ? "fpga" : "fpga-sim"; }

    @Override
    public void keyRingChanged(KeyRing ring) {
        List<String> steps = slots.sync(ring);
        if (!steps.isEmpty()) LOG.log(System.Logger.Level.INFO, "FPGA key slots: " + String.join("; ", steps));
    }

    @Override
    public void headerChanged(ServerHeader h) {
        dev.stageHeader(h.stratum(), 4, h.precision(), h.rootDelay(), h.rootDispersion(), h.referenceId(),
                h.referenceTimestamp(), h.leap());
        dev.applyHeader();
    }

    @Override
    public DatagramHandler newHandler() {
        if (board) throw new IllegalStateException("board mode: the FPGA answers NTP on its own port, nothing is bridged");
        if (!dev.hasPacketPort()) {
            throw new IllegalStateException(dev.name() + " has no packet port: its UDP traffic goes to the PHY, not here");
        }
        return this::bridge;
    }

    /** One request through the simulated PHY (serialised: the model is one port). */
    int bridge(byte[] in, int inLen, long rxUnixNanos, byte[] out) {
        synchronized (bridgeLock) {
            long t0 = System.nanoTime();
            int port = srcPort;
            srcPort = srcPort == 60999 ? 40000 : srcPort + 1;
            byte[] frame = LabFrames.request(in, inLen, port, ipId++ & 0xFFFF);
            clock.setTime(NtpTimestamp.fromUnixNanos(rxUnixNanos));
            long start = dev.simCycles() + 1;
            dev.injectFrame(frame, start);
            long deadline = start + budgetCycles + RESPONSE_SLACK_CYCLES;
            int len = -1;
            for (long c = start + Math.max(256, budgetCycles - 64); len < 0 && c <= deadline + 512; c += 256) {
                dev.runUntil(c);
                FpgaDevice.SentFrame f;
                while (len < 0 && (f = dev.collectFrame()) != null) {
                    len = LabFrames.responsePayload(f.frame(), port, out);
                }
            }
            bridged.incrementAndGet();
            simNanos.addAndGet(System.nanoTime() - t0);
            if (len < 0) {
                unanswered.incrementAndGet();
                return 0;
            }
            return len;
        }
    }

    /** Requests bridged, those the FPGA did not answer, and the mean wall time per request (ns). */
    public record BridgeStats(long requests, long unanswered, long meanWallNanos) {}

    public BridgeStats bridgeStats() {
        long n = bridged.get();
        return new BridgeStats(n, unanswered.get(), n == 0 ? 0 : simNanos.get() / n);
    }

    public FpgaCounters.Snapshot counters() { return counters.snapshot(false); }

    @Override
    public Map<StepOutcome, Long> outcomes() {
        FpgaCounters.Snapshot s = counters();
        Map<StepOutcome, Long> m = new EnumMap<>(StepOutcome.class);
        for (StepOutcome o : StepOutcome.values()) s.outcome(o).ifPresent(v -> m.put(o, v));
        return m;
    }

    @Override public long keySlotUses(int slot) { return counters().keyUse(slot); }

    @Override public Map<String, Long> extraCounters() { return counters().asMap(); }

    @Override
    public void close() { dev.close(); }

    /** The lab's TX budget default: 20 us (the DP register's reset value). */
    public static final long DEFAULT_TX_BUDGET_NTP = 0x14F8BL;

}
