package net.ntsbox.server.udp;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/** One bound UDP socket and the loop that serves it on one thread: the NIO one or the batched Linux one. */
interface SocketLoop {
    InetSocketAddress localAddress();

    /** Receives, answers and sends until {@link #wake()} or {@link #release()}; returns then. */
    void serve(DatagramHandler handler, LongSupplier clock, int maxBytes, UdpCounters counters);

    /** Asks the serving thread to stop and unblocks its receive. */
    void wake();

    /** Closes the socket (after the serving thread ended, or when it never started). */
    void release();
}
