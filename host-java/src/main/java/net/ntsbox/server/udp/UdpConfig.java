package net.ntsbox.server.udp;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * @param listenAddresses     every address and port to serve (IPv4, IPv6, main and alternate port)
 * @param threadsPerAddress   receive threads per address, each with its own SO_REUSEPORT socket
 * @param maxDatagramBytes    receive buffer size per datagram (longer datagrams are truncated by the OS)
 * @param socketReceiveBuffer SO_RCVBUF in bytes, or 0 to keep the OS default
 * @param io                  socket I/O mode ({@link UdpIo#AUTO}: batched where available)
 * @param kernelRxTimestamps  in batched mode, hand the handler the kernel's receive timestamp
 *                            (CLOCK_REALTIME) instead of a clock read after the receive: only
 *                            correct when the datapath's clock is the system realtime clock
 */
public record UdpConfig(List<InetSocketAddress> listenAddresses, int threadsPerAddress, int maxDatagramBytes,
        int socketReceiveBuffer, UdpIo io, boolean kernelRxTimestamps) {
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 2048;

    public UdpConfig {
        listenAddresses = List.copyOf(listenAddresses);
        if (listenAddresses.isEmpty() || threadsPerAddress < 1 || maxDatagramBytes < 48 || socketReceiveBuffer < 0
                || io == null) {
            throw new IllegalArgumentException("need at least one address, one thread, 48-byte datagrams, an I/O mode");
        }
    }

    /** AUTO I/O with kernel receive timestamps (the clock must be the realtime clock). */
    public UdpConfig(List<InetSocketAddress> listenAddresses, int threadsPerAddress, int maxDatagramBytes,
            int socketReceiveBuffer) {
        this(listenAddresses, threadsPerAddress, maxDatagramBytes, socketReceiveBuffer, UdpIo.AUTO, true);
    }

    public UdpConfig withIo(UdpIo mode) {
        return new UdpConfig(listenAddresses, threadsPerAddress, maxDatagramBytes, socketReceiveBuffer, mode, kernelRxTimestamps);
    }

    /** One thread per core on each address, 2048-byte datagrams, OS default socket buffers. */
    public static UdpConfig defaults(List<InetSocketAddress> listenAddresses) {
        return new UdpConfig(listenAddresses, Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_DATAGRAM_BYTES, 0);
    }
}
