package net.ntsbox.server.udp;

/**
 * The sans-IO side of the UDP datapath: one request in, one response (or a drop) out. Each
 * datapath thread has its own handler instance (from a factory), so a handler may keep
 * per-thread scratch state without locks.
 */
@FunctionalInterface
public interface DatagramHandler {
    /**
     * @param in           the datagram; only the first {@code inLen} bytes are valid
     * @param inLen        datagram length
     * @param rxUnixNanos  receive time, nanoseconds since 1970-01-01 UTC, read right after receive returned
     * @param out          where to write the response (capacity {@code out.length})
     * @return the response length (&gt; 0) to send it, 0 or a negative drop code to send nothing;
     *         drop codes -1..-63 are counted separately, others together
     */
    int handle(byte[] in, int inLen, long rxUnixNanos, byte[] out);
}
