package net.ntsbox.server.udp;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * @param listenAddresses     every address and port to serve (IPv4, IPv6, main and alternate port)
 * @param threadsPerAddress   receive threads per address, each with its own SO_REUSEPORT socket
 * @param maxDatagramBytes    receive buffer size per datagram (longer datagrams are truncated by the OS)
 * @param socketReceiveBuffer SO_RCVBUF in bytes, or 0 to keep the OS default
 */
public record UdpConfig(List<InetSocketAddress> listenAddresses, int threadsPerAddress, int maxDatagramBytes,
        int socketReceiveBuffer) {
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 2048;

    public UdpConfig {
        listenAddresses = List.copyOf(listenAddresses);
        if (listenAddresses.isEmpty() || threadsPerAddress < 1 || maxDatagramBytes < 48 || socketReceiveBuffer < 0) {
            throw new IllegalArgumentException("need at least one address, one thread, 48-byte datagrams");
        }
    }

    /** One thread per core on each address, 2048-byte datagrams, OS default socket buffers. */
    public static UdpConfig defaults(List<InetSocketAddress> listenAddresses) {
        return new UdpConfig(listenAddresses, Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_DATAGRAM_BYTES, 0);
    }
}
