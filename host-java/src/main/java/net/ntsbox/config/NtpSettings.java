package net.ntsbox.config;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import net.ntsbox.server.StepCryptoMode;
import net.ntsbox.server.udp.UdpIo;

/**
 * {@code [ntp]}: the UDP datapath. {@code alternatePort} is bound on every listen address too.
 * {@code enabled} false: no NTP listener (an NTS-KE-only member of a cluster that sends its
 * clients to another appliance's datapath with the Server and Port records). {@code io}: the
 * socket I/O ({@code "batched"}: recvmmsg/sendmmsg with kernel receive timestamps, Linux only;
 * {@code "simple"}: portable NIO; default {@code "auto"}: batched where available). {@code crypto}: where
 * the software datapath runs AES-SIV ({@code "java"}: the JDK, the golden model; {@code "native"}:
 * GNU Nettle through FFM, same bytes; {@code "aesni"}: our AES-NI AES-SIV, libntssiv, same bytes; default
 * {@code "auto"}: the first of aesni, native, java that loads).
 */
public record NtpSettings(List<InetSocketAddress> listen, OptionalInt alternatePort, int threads, boolean enabled,
        UdpIo io, StepCryptoMode crypto) {
    public NtpSettings {
        listen = List.copyOf(listen);
        java.util.Objects.requireNonNull(io);
        java.util.Objects.requireNonNull(crypto);
    }

    public NtpSettings(List<InetSocketAddress> listen, OptionalInt alternatePort, int threads, boolean enabled,
            UdpIo io) {
        this(listen, alternatePort, threads, enabled, io, StepCryptoMode.AUTO);
    }

    public NtpSettings(List<InetSocketAddress> listen, OptionalInt alternatePort, int threads, boolean enabled) {
        this(listen, alternatePort, threads, enabled, UdpIo.AUTO);
    }

    /** Every socket address to bind: each listen address, then each again on the alternate port. */
    public List<InetSocketAddress> allAddresses() {
        if (alternatePort.isEmpty()) return listen;
        List<InetSocketAddress> all = new java.util.ArrayList<>(listen);
        for (InetSocketAddress a : listen) all.add(new InetSocketAddress(a.getAddress(), alternatePort.getAsInt()));
        return List.copyOf(all);
    }
}
