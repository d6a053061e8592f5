package net.ntsbox.appliance;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The client configuration lines printed at start: how to point chrony and ntpsec at this server. */
public final class ClientHints {
    private ClientHints() {}

    public static List<String> forAppliance(SoftwareAppliance a) {
        List<String> out = new ArrayList<>();
        if (a.keAddresses().isEmpty()) {
            out.add("NTS-KE is disabled here (nts_ke.enabled = false): clients get their cookies from an NTS-KE server of");
            out.add("  the same cluster (same seed and epoch) whose nts_ke.ntp_server/ntp_port send them to this datapath.");
            return out;
        }
        InetSocketAddress ke = a.keAddresses().getFirst();
        String host = hostFor(ke);
        int ntpPort = a.advertisedNtpPort();
        out.add("chrony (chrony.conf):");
        out.add("  server " + host + " iburst nts" + (ntpPort == 123 ? "" : " port " + ntpPort)
                + (ke.getPort() == 4460 ? "" : " ntsport " + ke.getPort()));
        if (a.selfSignedCertificate()) {
            out.add("  ntstrustedcerts " + a.certificate().toAbsolutePath()
                    + "   # self-signed; valid for localhost, 127.0.0.1, ::1");
            out.add("  # if the client clock is far off, add: nocerttimecheck 1");
        } else {
            out.add("  # the certificate must chain to a CA the client trusts (else: ntstrustedcerts <CA file>)");
        }
        out.add("ntpsec (ntp.conf; the NTP port comes from the NTS-KE Port record):");
        String ntpsecHost = host.contains(":") ? "[" + host + "]" : host;
        out.add("  server " + ntpsecHost + (ke.getPort() == 4460 ? "" : ":" + ke.getPort()) + " nts"
                + (a.selfSignedCertificate() ? " ca " + a.certificate().toAbsolutePath() : "") + " iburst");
        if (host.contains(":")) out.add("  # ntpsec 1.2.2 cannot do NTS-KE to an IPv6 literal: use an IPv4 address or a name");
        return out;
    }

    private static String hostFor(InetSocketAddress a) {
        if (a.getAddress().isAnyLocalAddress()) return a.getAddress() instanceof Inet6Address ? "::1" : "127.0.0.1";
        if (a.getAddress() instanceof Inet6Address && a.getAddress().isLoopbackAddress()) return "::1";
        String h = a.getAddress().getHostAddress();
        int zone = h.indexOf('%');
        return zone < 0 ? h : h.substring(0, zone);
    }
}
