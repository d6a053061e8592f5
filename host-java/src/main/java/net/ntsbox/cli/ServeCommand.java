package net.ntsbox.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import net.ntsbox.appliance.ApplianceEnvironment;
import net.ntsbox.appliance.ApplianceStartException;
import net.ntsbox.appliance.ClientHints;
import net.ntsbox.appliance.SoftwareAppliance;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.ConfigException;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.time.sim.GnssSimTimeSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ntsbox serve}: the appliance with the software datapath, or with {@code [fpga]} in
 * the configuration the board appliance (the FPGA answers NTP on its port; BoardAppliance), in
 * the foreground until SIGTERM/SIGINT. Exit status 1 with one clear line on a bad configuration, a port in use,
 * an unreadable certificate or key state.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the appliance in the foreground: NTS-KE + NTP/NTS with the software datapath, or "
                + "with [fpga] configured NTS-KE + the FPGA datapath on the board.")
public class ServeCommand implements Callable<Integer> {
    public static final int START_FAILED = 1;

    @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration (default: none, loopback defaults)")
    Path config;

    @Option(names = "--ke-listen", paramLabel = "ADDR:PORT", description = "NTS-KE listen address (repeatable; replaces nts_ke.listen)")
    List<String> keListen;

    @Option(names = "--ntp-listen", paramLabel = "ADDR:PORT", description = "NTP listen address, e.g. 127.0.0.1:123 or [::1]:123 (repeatable; replaces ntp.listen)")
    List<String> ntpListen;

    @Option(names = "--cert", paramLabel = "FILE", description = "certificate chain PEM (nts_ke.cert)")
    String cert;

    @Option(names = "--key", paramLabel = "FILE", description = "private key PEM (nts_ke.key)")
    String key;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "key state, seed and self-signed certificate (state_dir)")
    String stateDir;

    @Option(names = "--ntp-port", paramLabel = "PORT", description = "NTP port to advertise in NTS-KE (nts_ke.ntp_port)")
    Integer ntpPort;

    @Option(names = "--threads", paramLabel = "N", description = "UDP threads per address (ntp.threads)")
    Integer threads;

    @Option(names = "--rotation-period", paramLabel = "SECONDS", description = "key rotation period (keys.rotation_period_s)")
    Long rotationPeriod;

    @Option(names = "--client-poll", paramLabel = "SECONDS", description = "client poll assumed by the key window (keys.client_poll_s)")
    Integer clientPoll;

    @Option(names = "--epoch", paramLabel = "UNIX_SECONDS", description = "key ratchet epoch (keys.epoch)")
    Long epoch;

    @Option(names = "--require-sync", paramLabel = "BOOL", arity = "1",
            description = "serve leap 3/stratum 16 while the kernel clock is unsynchronised (clock.require_sync)")
    Boolean requireSync;

    @Option(names = "--gnss-sim", description = "time source: a simulated GNSS receiver (20 ns PPS jitter, NMEA) "
            + "disciplining a simulated TCXO (+30 ppm) in simulated time; the header and clock status follow its "
            + "discipline (LI 3/stratum 16 until lock, then stratum 1/GPS). Timestamps still come from the host clock "
            + "(docs/timekeeping.md)")
    boolean gnssSim;

    @Option(names = "--gnss-sim-speed", paramLabel = "X", defaultValue = "1",
            description = "simulated seconds per wall second for --gnss-sim (default ${DEFAULT-VALUE}; e.g. 20 locks in seconds)")
    double gnssSimSpeed;

    /** The command name in messages. */
    String commandName() { return "serve"; }

    /** The host environment, with the simulated GNSS time source when {@code --gnss-sim} is given. */
    ApplianceEnvironment environment() {
        ApplianceEnvironment env = ApplianceEnvironment.system();
        return gnssSim ? env.withGnssSim(GnssSimTimeSource.Settings.defaults().withAcceleration(gnssSimSpeed),
                Duration.ofSeconds(1)) : env;
    }

    /** Starts the appliance this command runs. */
    SoftwareAppliance startAppliance(ApplianceConfig cfg, ApplianceEnvironment env) throws ApplianceStartException {
        if (cfg.board()) return net.ntsbox.appliance.BoardAppliance.start(cfg, env);
        return SoftwareAppliance.start(cfg, env);
    }

    @Override
    public Integer call() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %5$s%6$s%n");
        }
        ApplianceConfig cfg;
        try {
            cfg = ConfigReader.load(config, overrides());
        } catch (ConfigException e) {
            System.err.println("ntsbox " + commandName() + ": bad configuration: " + e.getMessage());
            return START_FAILED;
        }
        ApplianceEnvironment env;
        try {
            env = environment();
        } catch (IllegalArgumentException e) {
            System.err.println("ntsbox " + commandName() + ": " + e.getMessage());
            return START_FAILED;
        }
        SoftwareAppliance appliance;
        try {
            appliance = startAppliance(cfg, env);
        } catch (ApplianceStartException e) {
            System.err.println("ntsbox " + commandName() + ": cannot start: " + e.getMessage());
            return START_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().name("shutdown").unstarted(() -> {
            System.err.println("ntsbox " + commandName() + ": stopping");
            appliance.close();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        ClientHints.forAppliance(appliance).forEach(System.out::println);
        System.out.println("ntsbox " + commandName() + ": running (SIGTERM or Ctrl-C stops it)");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            appliance.close();
        }
        return 0;
    }

    ConfigOverrides overrides() {
        return ConfigOverrides.none()
                .set("state_dir", stateDir, "--state-dir")
                .set("nts_ke.listen", keListen, "--ke-listen")
                .set("nts_ke.cert", cert, "--cert")
                .set("nts_ke.key", key, "--key")
                .set("nts_ke.ntp_port", ntpPort, "--ntp-port")
                .set("ntp.listen", ntpListen, "--ntp-listen")
                .set("ntp.threads", threads, "--threads")
                .set("keys.rotation_period_s", rotationPeriod, "--rotation-period")
                .set("keys.client_poll_s", clientPoll, "--client-poll")
                .set("keys.epoch", epoch, "--epoch")
                .set("clock.require_sync", requireSync, "--require-sync");
    }
}
