package net.ntsbox.appliance;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.FpgaSettings;
import net.ntsbox.fpga.FpgaDatapath;
import net.ntsbox.fpga.FpgaException;
import net.ntsbox.fpga.LabModel;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.time.service.DisciplinedClockFactory;

/**
 * Board mode ({@code ntsbox serve} with {@code [fpga]}): the FPGA owns the 10 GbE port and
 * answers NTP/NTS there; this host runs NTS-KE (AEAD 15 only, as lab), the key ring (pushed
 * into the key slots at start and on every rotation), the header registers, counters and
 * metrics, through one {@link FpgaDatapath} on {@code fpga.device}. No UDP NTP listener is
 * opened (ConfigReader refuses [ntp] keys with [fpga]).
 *
 * <p>The clock: with {@code [gnss] pps = "fpga"} the time service disciplines the FPGA's
 * time-of-day counter through {@link DisciplinedClockFactory#fpga(net.ntsbox.fpga.FpgaClock)}
 * on the datapath's own {@link net.ntsbox.fpga.FpgaClock} (one device; FpgaDevice serialises the
 * servo's calls with the key and header writes), and its header (LI 3 / stratum 16 until lock)
 * is what the HDR registers say. Without [gnss] nothing disciplines the counter: it is set once
 * from the host clock at start, so timestamps are plausible, and the header says LI 3 /
 * stratum 16 for as long as the process runs (clients must not use it; the host kernel's state
 * is not the FPGA's).
 */
public final class BoardAppliance {
    private static final System.Logger LOG = System.getLogger("net.ntsbox.appliance");

    private BoardAppliance() {}

    /** The board configuration with NTS-KE restricted to the FPGA's AEAD. */
    static ApplianceConfig boardConfig(ApplianceConfig c) {
        return new ApplianceConfig(c.stateDir(), LabAppliance.fpgaKe(c.ntsKe()), c.ntp(), c.clock(), c.keys(),
                c.management(), c.gnss(), c.fpga());
    }

    public static SoftwareAppliance start(ApplianceConfig config, ApplianceEnvironment env) throws ApplianceStartException {
        if (!config.board()) throw new IllegalArgumentException("not a board configuration (no [fpga] section)");
        if (env.gnssSim().isPresent()) {
            throw new ApplianceStartException("--gnss-sim with [fpga]: the simulated discipline does not steer the FPGA's "
                    + "clock; use [gnss] pps = \"fpga\" on the board, or --gnss-sim without [fpga] (serve or lab)");
        }
        FpgaSettings f = config.fpga();
        if (f.device().startsWith("sim:")) {
            try {
                LabModel.ensureBuilt(LabModel.home());
            } catch (IOException | RuntimeException e) {
                throw new ApplianceStartException("fpga.device " + f.device() + ": cannot build the model: " + e.getMessage(), e);
            }
        }
        FpgaDatapath dp;
        try {
            dp = FpgaDatapath.openBoard(f);
        } catch (FpgaException e) {
            throw new ApplianceStartException("fpga.device " + f.device() + ": " + e.getMessage()
                    + (f.device().startsWith("uio:") ? " (is the bitstream loaded and the UIO device named as in "
                            + "board/udev/99-ntsbox-uio.rules? docs/driver.md)" : ""), e);
        }
        boolean disciplined = config.gnss().disciplinesFpgaClock();
        try {
            if (!disciplined) dp.clock().setTime(NtpTimestamp.fromUnixNanos(env.unixNanos().getAsLong()));
            ApplianceEnvironment boardEnv = env.withTimeService(env.timeService().withClock(
                    DisciplinedClockFactory.fpga(dp.clock())));
            int precision = config.clock().precision();
            SoftwareAppliance a = SoftwareAppliance.start(boardConfig(config), boardEnv, ctx -> dp,
                    disciplined ? null : () -> ServerHeader.unsynchronised(precision),
                    "FPGA clock (no [gnss] disciplines it)");
            LOG.log(System.Logger.Level.INFO, "NTP/NTS answered by the FPGA (" + f.device() + ", " + describePort(f)
                    + "); its clock is " + (disciplined ? "disciplined by the [gnss] time service"
                            : "set once from the host clock and not disciplined: leap 3 / stratum 16"));
            return a;
        } catch (ApplianceStartException | RuntimeException e) {
            dp.close();   // idempotent: the appliance may have closed it already
            throw e;
        }
    }

    /** "MAC .., udp 123 and 1123 on 192.0.2.1, 2001:db8::1, TX budget 20 us" (logs and check-config). */
    public static String describePort(FpgaSettings f) {
        List<String> addrs = new java.util.ArrayList<>();
        f.ipv4().ifPresent(a -> addrs.add(a.getHostAddress()));
        f.ipv6().ifPresent(a -> addrs.add(a.getHostAddress()));
        return "MAC " + f.macText() + ", udp " + FpgaSettings.NTP_PORT
                + (f.alternatePort().isPresent() ? " and " + f.alternatePort().getAsInt() : "") + " on "
                + addrs.stream().collect(Collectors.joining(", ")) + (f.icmpEcho() ? ", ICMP echo" : "")
                + String.format(java.util.Locale.ROOT, ", TX budget %.1f us", f.txBudgetMicros());
    }
}
