package net.ntsbox.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * chronyc bound to one chronyd's Unix command socket ({@code chronyc -h SOCKET}); every
 * instance has its own socket because UDP command port 323 is off ({@code cmdport 0}, G4).
 * The socket is a file, so this works from the host for a chronyd inside a namespace too.
 */
public final class Chronyc {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final Path socket;

    Chronyc(Path socket) {
        this.socket = socket;
    }

    /** Runs {@code chronyc -h SOCKET -n ARGS...}; -n: no DNS lookups. */
    public Cmd.Result run(String... args) {
        var argv = new ArrayList<>(List.of(Binaries.chronyc(), "-h", socket.toString(), "-n"));
        argv.addAll(List.of(args));
        return Cmd.run(TIMEOUT, argv);
    }

    private List<String> csvRows(String command) {
        var r = run("-c", command).require();
        return r.output().lines().filter(l -> l.contains(",")).toList();
    }

    public List<ChronyAuthData> authdata() {
        return csvRows("authdata").stream().map(ChronyAuthData::parseCsv).toList();
    }

    public List<ChronySource> sources() {
        return csvRows("sources").stream().map(ChronySource::parseCsv).toList();
    }

    public List<ChronyNtpData> ntpdata() {
        return ChronyNtpData.parseAll(run("ntpdata").require().output());
    }

    public ChronyServerStats serverstats() {
        return ChronyServerStats.parse(run("serverstats").require().output());
    }

    /** Human-readable sources, authdata and ntpdata, for failure messages; never throws. */
    public String dump(String... commands) {
        var sb = new StringBuilder();
        for (String c : commands) {
            var r = run(c);
            sb.append("== chronyc ").append(c).append(r.ok() ? "" : " (exit " + r.exit() + ")").append('\n').append(r.output().strip()).append('\n');
        }
        return sb.toString();
    }
}
