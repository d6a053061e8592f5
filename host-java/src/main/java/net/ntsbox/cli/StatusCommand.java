package net.ntsbox.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import net.ntsbox.config.ConfigException;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ntsbox status}: asks a running appliance's management API ({@code GET /api/v1/status})
 * and prints a summary, or the raw JSON with {@code --json}. The exit status says whether it is
 * healthy, so the command also serves as a monitoring check.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Status of a running appliance (time source, lock, keys, certificate) from its management API.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:healthy",
            "1:reachable but degraded (clock not locked / holdover, certificate expiring within 14 days or expired, "
                    + "last certificate reload failed)",
            "2:bad command line, or no management endpoint in the configuration",
            "3:unreachable (refused, timeout, TLS failure) or not authorised (401)"})
public final class StatusCommand implements Callable<Integer> {
    static final int OK = 0, DEGRADED = 1, USAGE = 2, UNREACHABLE = 3;
    static final String DEFAULT_CONFIG = "/etc/ntsbox/ntsbox.toml";

    static final class Target {
        @Option(names = "--config", paramLabel = "FILE",
                description = "TOML configuration of the appliance: [management] listen and token_file, and the "
                        + "NTS-KE certificate (default: " + DEFAULT_CONFIG + ")")
        Path config;

        @Option(names = "--url", paramLabel = "URL", description = "management API base, e.g. https://time1:9123 "
                + "(instead of a configuration)")
        String url;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    @Option(names = "--token-file", paramLabel = "FILE", description = "bearer token (default with --config: [management] token_file)")
    Path tokenFile;

    @Option(names = "--ca", paramLabel = "FILE", description = "trust the CA certificates in this PEM file (default: "
            + "with --config the leaf of nts_ke.cert, pinned; with --url the JDK trust store)")
    Path ca;

    @Option(names = "--client-cert", paramLabel = "FILE", description = "TLS client certificate chain (PEM)")
    Path clientCert;

    @Option(names = "--client-key", paramLabel = "FILE", description = "its private key (PEM)")
    Path clientKey;

    @Option(names = "--json", description = "print the status JSON as received instead of the summary")
    boolean json;

    @Option(names = "--timeout", defaultValue = "5", paramLabel = "SECONDS",
            description = "connect and answer timeout (default ${DEFAULT-VALUE} s)")
    double timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) {
                return usage(err, "--timeout must be above 0 and at most 3600 seconds");
            }
            ManagementEndpoint ep;
            var creds = new ManagementEndpoint.Credentials(tokenFile, ca, clientCert, clientKey);
            try {
                if (target != null && target.url != null) {
                    ep = ManagementEndpoint.fromUrl(target.url, creds);
                } else {
                    Path cfg = target != null && target.config != null ? target.config : Path.of(DEFAULT_CONFIG);
                    ep = ManagementEndpoint.fromConfig(ConfigReader.load(cfg, ConfigOverrides.none()), creds);
                }
            } catch (ManagementEndpoint.UsageException e) {
                return usage(err, e.getMessage());
            } catch (ConfigException e) {
                return usage(err, e.getMessage() + (target == null ? " (give --config FILE or --url URL)" : ""));
            }
            StatusFetch.Result r = StatusFetch.get(ep, Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
            if (!r.ok()) {
                err.println("ntsbox status: " + r.failure());
                return UNREACHABLE;
            }
            StatusSummary.Result s = StatusSummary.of(r.json(), ep.base().toString(), Instant.now());
            out.print(json ? r.body().endsWith("\n") ? r.body() : r.body() + "\n" : s.text());
            return s.healthy() ? OK : DEGRADED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int usage(PrintWriter err, String message) {
        err.println("ntsbox status: " + message);
        return USAGE;
    }
}
