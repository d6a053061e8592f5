package net.ntsbox.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import net.ntsbox.client.ClockSample;
import net.ntsbox.client.NtsSession;
import net.ntsbox.client.net.KeEndpoint;
import net.ntsbox.client.net.KeTlsClient;
import net.ntsbox.client.net.NtsUdpClient;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.ke.KeClientResult;
import net.ntsbox.ntp.NtpHeader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ntsbox query}: one NTS-KE, then authenticated NTP exchanges; prints what an operator
 * checks (offset, delay, stratum, reference ID, leap, cookies). Never falls back to plain NTP.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "NTS client: NTS-KE (TLS 1.3, ALPN ntske/1), then authenticated NTP exchanges with a server.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:at least one authenticated response",
            "1:no authenticated response (all timed out or were rejected)",
            "2:bad command line",
            "3:NTS-KE failed (connect, TLS, certificate, ALPN, or the server's NTS-KE response)",
            "4:the server sent an NTS NAK (it does not accept the cookies of this NTS-KE)"})
public final class QueryCommand implements Callable<Integer> {
    static final int OK = 0, NO_RESPONSE = 1, USAGE = 2, KE_FAILED = 3, NAK = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST[:KEPORT]", description = "NTS-KE server; port default 4460. IPv6: [::1]:4460 or ::1.")
    String target;

    @Option(names = "--ca", paramLabel = "FILE", description = "Trust only the CA certificates in this PEM file (default: the JDK trust store).")
    Path ca;

    @Option(names = "--count", defaultValue = "4", description = "NTP exchanges (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--timeout", defaultValue = "2", paramLabel = "SECONDS", description = "Timeout of the NTS-KE and of each NTP exchange (default ${DEFAULT-VALUE} s).")
    double timeoutSeconds;

    @Option(names = "--interval", defaultValue = "1", paramLabel = "SECONDS", description = "Pause between NTP exchanges (default ${DEFAULT-VALUE} s).")
    double intervalSeconds;

    @Option(names = "--aead", split = ",", defaultValue = "15,17,30", paramLabel = "ID", description = "AEADs to offer, in preference order (15 AES-SIV-CMAC-256, 17 AES-SIV-CMAC-512, 30 AES-128-GCM-SIV; default ${DEFAULT-VALUE}).")
    List<Integer> aeads;

    @Option(names = "--ntp-port", paramLabel = "PORT", description = "NTP port to use instead of the one the NTS-KE names (else 123).")
    Integer ntpPort;

    @Option(names = "--ntp-server", paramLabel = "HOST", description = "NTP server to use instead of the one the NTS-KE names (else the NTS-KE host).")
    String ntpServer;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<KeEndpoint> ke = KeEndpoint.parse(target, KeEndpoint.DEFAULT_KE_PORT);
        if (ke.isEmpty()) return usage(err, "not a HOST[:PORT]: " + target);
        if (count < 1 || timeoutSeconds <= 0 || intervalSeconds < 0) return usage(err, "--count ≥ 1, --timeout > 0, --interval ≥ 0");
        for (int a : aeads) {
            if (AeadAlgorithm.byId(a).isEmpty()) return usage(err, "unsupported AEAD " + a + " (15, 17, 30)");
        }
        if (ntpPort != null && (ntpPort < 1 || ntpPort > 0xFFFF)) return usage(err, "--ntp-port 1-65535");
        Duration timeout = Duration.ofNanos((long) (timeoutSeconds * 1e9));
        Report report = new Report(ke.get());

        KeTlsClient.Handshake hs;
        try {
            SSLContext tls = ca != null ? KeTlsClient.trustingPem(ca) : KeTlsClient.systemTrust();
            hs = new KeTlsClient(tls).exchange(ke.get(), aeads, timeout);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return report.keFailed(out, err, json, describe(e));
        }
        if (!(hs.result() instanceof KeClientResult.Success ok)) {
            KeClientResult.Failure f = (KeClientResult.Failure) hs.result();
            return report.keFailed(out, err, json, "NTS-KE response refused: " + f.reason()
                    + (f.errorCode().isPresent() ? " (server error code " + f.errorCode().getAsInt() + ")" : ""));
        }
        NtsSession session = hs.session();
        report.ke = hs;
        report.cookieLength = ok.cookies().get(0).length;
        InetSocketAddress ntp;
        try {
            InetAddress host = ntpServer != null ? InetAddress.getByName(ntpServer)
                    : session.server().isPresent() ? InetAddress.getByName(session.server().get()) : hs.peer();
            int port = ntpPort != null ? ntpPort : session.port().orElse(123);
            ntp = new InetSocketAddress(host, port);
        } catch (IOException e) {
            return report.keFailed(out, err, json, "NTP server from the NTS-KE does not resolve: " + describe(e));
        }
        report.ntp = ntp;
        if (!json) report.printKe(out);

        try (NtsUdpClient udp = new NtsUdpClient(ntp)) {
            for (int i = 0; i < count; i++) {
                if (i > 0 && intervalSeconds > 0) Thread.sleep((long) (intervalSeconds * 1000));
                if (!session.canSend()) {
                    report.failures.add("#" + (i + 1) + " no cookie left");
                    continue;
                }
                NtsUdpClient.Exchange x = udp.exchange(session, timeout);
                report.rejected += x.rejected();
                switch (x) {
                    case NtsUdpClient.Answered a -> {
                        report.samples.add(new Sample(i + 1, a.response().header(), a.sample(), session.cookiesHeld()));
                        if (!json) report.printSample(out, report.samples.getLast());
                    }
                    case NtsUdpClient.Nak n -> {
                        report.nak = true;
                        report.failures.add("#" + (i + 1) + " NTS NAK");
                    }
                    case NtsUdpClient.TimedOut t -> {
                        String why = "#" + (i + 1) + " no authenticated response in " + timeoutSeconds + " s"
                                + (t.lastRejection() != null ? " (" + t.rejected() + " rejected, last " + t.lastRejection() + ")" : "");
                        report.failures.add(why);
                        if (!json) out.println(why);
                    }
                }
                if (report.nak) break;
            }
        } catch (IOException e) {
            report.failures.add("UDP: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.failures.add("interrupted");
        }
        report.cookiesHeld = session.cookiesHeld();
        return report.finish(out, err, json);
    }

    private int usage(PrintWriter err, String what) {
        err.println("ntsbox query: " + what);
        return USAGE;
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 400; t = t.getCause()) {
            String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (sb.indexOf(m) >= 0) continue; // the JDK repeats a cause's message in its wrapper
            if (!sb.isEmpty()) sb.append(": ");
            sb.append(m);
        }
        return sb.toString();
    }

    record Sample(int n, NtpHeader header, ClockSample clock, int cookies) {}

    /** Collected results; printed as text lines as they come or as one JSON object at the end. */
    static final class Report {
        final KeEndpoint target;
        KeTlsClient.Handshake ke;
        int cookieLength;
        InetSocketAddress ntp;
        final List<Sample> samples = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        int rejected;
        int cookiesHeld;
        boolean nak;

        Report(KeEndpoint target) { this.target = target; }

        int keFailed(PrintWriter out, PrintWriter err, boolean json, String why) {
            if (json) {
                out.println("{\"target\":" + q(target.toString()) + ",\"ke\":{\"ok\":false,\"error\":" + q(why) + "},\"exit\":" + KE_FAILED + "}");
            }
            err.println("ntsbox query: NTS-KE with " + target + " failed: " + why);
            out.flush();
            err.flush();
            return KE_FAILED;
        }

        void printKe(PrintWriter out) {
            KeClientResult.Success s = (KeClientResult.Success) ke.result();
            out.printf(Locale.ROOT, "NTS-KE %s (%s): TLSv1.3 %s, AEAD %s (%d), %d cookies x %d B, NTP %s, %.1f ms%n",
                    target, ke.peer().getHostAddress(), ke.cipherSuite(), ke.session().aead(), s.aead(),
                    s.cookies().size(), cookieLength, hostPort(ntp), ke.handshakeNanos() / 1e6);
            out.flush();
        }

        void printSample(PrintWriter out, Sample s) {
            out.printf(Locale.ROOT, "#%d offset %+.9f s  delay %.9f s  stratum %d  refid %s  leap %d%s  cookies %d%n",
                    s.n, s.clock.offsetSeconds(), s.clock.delaySeconds(), s.header.stratum(),
                    refid(s.header), s.header.leap(), synced(s.header) ? "" : " (server unsynchronised)", s.cookies);
            out.flush();
        }

        int finish(PrintWriter out, PrintWriter err, boolean json) {
            int exit = nak ? NAK : samples.isEmpty() ? NO_RESPONSE : OK;
            int asked = samples.size() + failures.size();
            if (json) {
                StringBuilder sb = new StringBuilder("{\"target\":").append(q(target.toString()));
                KeClientResult.Success s = (KeClientResult.Success) ke.result();
                sb.append(",\"ke\":{\"ok\":true,\"peer\":").append(q(ke.peer().getHostAddress()))
                        .append(",\"cipher_suite\":").append(q(ke.cipherSuite()))
                        .append(",\"aead\":").append(s.aead())
                        .append(",\"cookies\":").append(s.cookies().size())
                        .append(",\"cookie_length\":").append(cookieLength)
                        .append(",\"handshake_ms\":").append(String.format(Locale.ROOT, "%.3f", ke.handshakeNanos() / 1e6))
                        .append("},\"ntp\":").append(q(hostPort(ntp))).append(",\"samples\":[");
                for (int i = 0; i < samples.size(); i++) {
                    Sample x = samples.get(i);
                    sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                            "{\"n\":%d,\"offset_s\":%.9f,\"delay_s\":%.9f,\"stratum\":%d,\"refid\":%s,\"leap\":%d,\"cookies\":%d}",
                            x.n, x.clock.offsetSeconds(), x.clock.delaySeconds(), x.header.stratum(), q(refid(x.header)),
                            x.header.leap(), x.cookies));
                }
                sb.append("],\"failures\":[");
                for (int i = 0; i < failures.size(); i++) sb.append(i == 0 ? "" : ",").append(q(failures.get(i)));
                sb.append("],\"rejected_datagrams\":").append(rejected).append(",\"nak\":").append(nak)
                        .append(",\"cookies_held\":").append(cookiesHeld).append(",\"exit\":").append(exit).append('}');
                out.println(sb);
            } else {
                out.printf(Locale.ROOT, "%d of %d authenticated, %d failed, %d rejected datagrams, cookies held %d%n",
                        samples.size(), asked, failures.size(), rejected, cookiesHeld);
            }
            if (nak) {
                err.println("ntsbox query: " + hostPort(ntp) + " sent an NTS NAK: it does not accept this NTS-KE's cookies "
                        + "(its keys changed, or the NTP server is not the NTS-KE server's); run the query again for a new NTS-KE");
            } else if (samples.isEmpty()) {
                err.println("ntsbox query: no authenticated response from " + hostPort(ntp) + " (" + failures.size() + " failed)");
            }
            out.flush();
            err.flush();
            return exit;
        }

        static boolean synced(NtpHeader h) {
            return h.leap() != NtpHeader.LEAP_UNSYNCHRONIZED && h.stratum() >= 1 && h.stratum() <= 15;
        }

        /** Stratum 0-1: four ASCII characters (kiss code or source); above: an IPv4 address or an IPv6 hash. */
        static String refid(NtpHeader h) {
            int r = h.referenceId();
            if (h.stratum() <= 1) {
                StringBuilder sb = new StringBuilder();
                for (int shift = 24; shift >= 0; shift -= 8) {
                    int c = (r >>> shift) & 0xFF;
                    if (c == 0) break;
                    sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
                }
                return sb.toString();
            }
            return ((r >>> 24) & 0xFF) + "." + ((r >>> 16) & 0xFF) + "." + ((r >>> 8) & 0xFF) + "." + (r & 0xFF);
        }

        static String hostPort(InetSocketAddress a) {
            String h = a.getAddress().getHostAddress();
            return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
        }

        static String q(String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') sb.append('\\').append(c);
                else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                else sb.append(c);
            }
            return sb.append('"').toString();
        }
    }
}
