package net.ntsbox.cli;

import net.ntsbox.tls.nativecrypto.KeCryptoMode;
import net.ntsbox.tls.nativecrypto.NativeCrypto;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import net.ntsbox.appliance.SeedFile;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.ConfigException;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.config.HostPort;
import net.ntsbox.config.KeysSettings;
import net.ntsbox.config.NtsKeSettings;
import net.ntsbox.keys.ChronyKeyFile;
import net.ntsbox.keys.KeyRingFile;
import net.ntsbox.tls.KeyMaterialException;
import net.ntsbox.tls.PemKeyMaterial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ntsbox check-config FILE}: the same {@link ConfigReader} as {@code serve}, then the
 * files the configuration names that exist already (certificate and key, chrony key file, key
 * state, seed) are read as the server would read them. Prints {@code FILE: OK} and a summary,
 * or the error (naming the key, or the line of a syntax error) on stderr; exit 0 or 1.
 * Nothing is written.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a configuration file with the server's reader (and the files it names).")
public final class CheckConfigCommand implements Callable<Integer> {
    public static final int INVALID = 1;

    @Parameters(index = "0", paramLabel = "FILE", description = "TOML configuration")
    Path file;

    @Option(names = "--no-files", description = "check the configuration only, not the certificate, key and key files it names")
    boolean noFiles;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApplianceConfig cfg;
        try {
            cfg = ConfigReader.load(file, ConfigOverrides.none());
            if (!noFiles) checkFiles(cfg);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return INVALID;
        }
        out.println(file + ": OK");
        out.println(summary(cfg));
        out.flush();
        return 0;
    }

    /** Reads what the server would read at start; errors name the key that points at the file. */
    private void checkFiles(ApplianceConfig c) throws ConfigException {
        NtsKeSettings k = c.ntsKe();
        if (k.enabled() && k.cert().isPresent()) {
            try {
                PemKeyMaterial.load(k.cert().get(), k.key().orElseThrow());
            } catch (KeyMaterialException e) {
                throw fileError("nts_ke.cert", "cannot use " + k.cert().get() + " with nts_ke.key " + k.key().get()
                        + ": " + e.getMessage());
            }
        }
        if (k.enabled() && k.crypto() == KeCryptoMode.NATIVE) {
            NativeCrypto.Probe p = NativeCrypto.probe();
            if (!(p.x25519() && p.ecdsaP256())) {
                throw new ConfigException("nts_ke.crypto", file + ": nts_ke.crypto: \"native\" is not available here: "
                        + p.detail());
            }
        }
        KeysSettings keys = c.keys();
        if (keys.importChrony().isPresent()) {
            try {
                ChronyKeyFile.read(keys.importChrony().get());
            } catch (IOException e) {
                throw fileError("keys.import_chrony", keys.importChrony().get() + ": " + e.getMessage());
            }
        }
        if (Files.exists(keys.stateFile())) {
            try {
                KeyRingFile.read(keys.stateFile());
            } catch (IOException e) {
                throw fileError("keys.state_file", e.getMessage());
            }
        }
        if (c.gnss().leapSecondsFile().isPresent()) {
            try {
                net.ntsbox.time.service.TimeService.readLeapFile(c.gnss().leapSecondsFile().get());
            } catch (net.ntsbox.time.service.TimeServiceException e) {
                throw new ConfigException("gnss.leap_seconds_file", file + ": " + e.getMessage());
            }
        }
        if (Files.exists(keys.seedFile())) {
            try {
                java.util.Arrays.fill(SeedFile.read(keys.seedFile()), (byte) 0);
            } catch (IOException e) {
                throw fileError("keys.seed_file", e.getMessage());
            }
        }
    }

    private ConfigException fileError(String key, String why) {
        return new ConfigException(key, file + ": " + key + ": " + why);
    }

    /** One paragraph: listeners, datapath, clock, keys, certificate. */
    static String summary(ApplianceConfig c) {
        NtsKeSettings k = c.ntsKe();
        StringBuilder sb = new StringBuilder();
        if (k.enabled()) {
            sb.append("NTS-KE on tcp ").append(list(k.listen())).append(" (TLS 1.3, AEADs ")
                    .append(k.aeads().stream().map(String::valueOf).collect(Collectors.joining(", "))).append(", ")
                    .append(k.cookies()).append(" cookies, public-key crypto ").append(k.crypto().configName())
                    .append("; clients sent to ")
                    .append(k.ntpServer().map(s -> "server " + s).orElse("this host")).append(" NTP port ")
                    .append(k.ntpPort().isPresent() ? String.valueOf(k.ntpPort().getAsInt())
                            : c.ntp().listen().getFirst().getPort() + " (first ntp.listen port)")
                    .append("). ");
        } else {
            sb.append("NTS-KE disabled (an NTP-only cluster member). ");
        }
        if (c.board()) {
            sb.append("Board mode: NTP/NTS answered by the FPGA on ").append(c.fpga().device()).append(" (")
                    .append(net.ntsbox.appliance.BoardAppliance.describePort(c.fpga()))
                    .append("), no UDP listener on this host; NTS-KE offers AEAD 15 only; the FPGA's clock is ")
                    .append(c.gnss().disciplinesFpgaClock() ? "disciplined by [gnss] (see below). "
                            : "not disciplined (no [gnss]): leap 3 / stratum 16 is served. ");
        } else if (c.ntp().enabled()) {
            sb.append("NTP/NTS on udp ").append(list(c.ntp().allAddresses())).append(", software datapath with ")
                    .append(c.ntp().threads()).append(" thread").append(c.ntp().threads() == 1 ? "" : "s")
                    .append(" per address, AES-SIV on ")
                    .append(c.ntp().crypto().describe())
                    .append(" (crypto = ").append(c.ntp().crypto().configName()).append("). ");
        } else {
            sb.append("NTP disabled (an NTS-KE-only cluster member). ");
        }
        var clk = c.clock();
        if (!c.board()) sb.append("Clock: stratum ").append(clk.stratum()).append(", reference ID ").append(clk.referenceIdText())
                .append(clk.requireSync() ? ", leap 3 / stratum 16 while the kernel clock is unsynchronised. "
                        : ", served even while the kernel clock is unsynchronised (require_sync = false). ");
        sb.append(gnss(c.gnss()));
        KeysSettings ks = c.keys();
        long period = ks.policy().periodSeconds();
        sb.append("Keys: a new master key every ").append(period).append(" s").append(hours(period))
                .append(" from epoch ").append(ks.epochSeconds()).append(", ").append(ks.policy().pastKeys())
                .append(" past keys accepted (cookies live up to ").append(ks.policy().cookieLifetimeSeconds())
                .append(" s), state ").append(ks.stateFile()).append(", seed ").append(ks.seedFile())
                .append(ks.importChrony().map(p -> ", chrony keys imported from " + p).orElse("")).append(". ");
        if (k.enabled()) {
            sb.append("Certificate: ").append(k.cert().map(p -> p + " with key " + k.key().orElseThrow())
                    .orElse("self-signed (localhost, 127.0.0.1, ::1), created in " + c.stateDir().resolve(net.ntsbox.appliance.SelfSignedCertificate.CERT_FILE)
                            + " at first start")).append('.');
        } else {
            sb.append("Certificate: none (no NTS-KE).");
        }
        return sb.toString();
    }

    /** The [gnss] sentence of the summary. */
    static String gnss(net.ntsbox.config.GnssSettings g) {
        if (!g.enabled()) return "";
        var p = g.pins();
        String pins = p.any() ? " GPIO (" + p.gpio() + "): " + java.util.stream.Stream.of(pin("sync LED", p.ledSync()),
                pin("holdover LED", p.ledHoldover()), pin("alarm LED", p.ledAlarm()), pin("receiver reset", p.gnssReset()),
                pin("antenna fault", p.antennaFault())).filter(x -> !x.isEmpty()).collect(Collectors.joining(", ")) + "." : "";
        return "GNSS: " + g.describeSource() + ", PPS " + g.describePps() + (g.disciplinesFpgaClock()
                ? ", disciplining the FPGA clock (" + g.oscillator().name() + ", cable delay " + g.cableDelayNs()
                        + " ns, holdover up to " + Math.round(g.holdoverLimitSeconds()) + " s or "
                        + g.maxRootDispersionMs() + " ms, then leap 3 / stratum 16); its state governs the header"
                : ", monitored only (the kernel clock state governs the header)")
                + g.leapSecondsFile().map(f -> ", leap seconds from " + f).orElse("") + "." + pins + " ";
    }

    private static String pin(String what, java.util.OptionalInt p) {
        return p.isPresent() ? what + " GPIO" + p.getAsInt() : "";
    }

    private static String hours(long s) {
        return s % 3600 == 0 ? " (" + s / 3600 + " h)" : "";
    }

    private static String list(List<InetSocketAddress> l) {
        return l.stream().map(HostPort::format).collect(Collectors.joining(", "));
    }
}
