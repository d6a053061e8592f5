package net.ntsbox.server.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The NTP/NTS UDP server adapter. For each listen address, {@code threadsPerAddress} threads
 * each own a socket bound with SO_REUSEPORT to the same address, so Linux spreads client flows
 * over them. The socket I/O is {@link UdpIo#BATCHED} (recvmmsg/sendmmsg, kernel receive
 * timestamps; {@link BatchedSocketLoop}) where available, else {@link UdpIo#SIMPLE} (NIO, one
 * datagram per call; {@link SimpleSocketLoop}). Either way the handler sees one datagram at a
 * time in heap arrays reused by its thread.
 */
public final class UdpDatapath implements AutoCloseable {
    private final UdpCounters counters = new UdpCounters();
    private final List<SocketLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<InetSocketAddress> bound = new ArrayList<>();
    private final UdpIo io;
    private boolean closed;

    private UdpDatapath(UdpIo io) {
        this.io = io;
    }

    /**
     * Binds every socket, then starts the threads. Port 0 binds one free port per address,
     * shared by that address's threads. Throws (with nothing left open) if any bind fails, or
     * if {@link UdpIo#BATCHED} is asked for where it is not available.
     */
    public static UdpDatapath start(UdpConfig config, Supplier<? extends DatagramHandler> handlers, LongSupplier clock)
            throws IOException {
        UdpIo io = config.io().resolve();
        if (io == UdpIo.BATCHED && !UdpIo.batchedAvailable()) {
            throw new IOException("batched UDP I/O needs Linux (x86-64 or aarch64) and --enable-native-access");
        }
        UdpDatapath d = new UdpDatapath(io);
        try {
            for (InetSocketAddress asked : config.listenAddresses()) {
                InetSocketAddress actual = asked;
                for (int t = 0; t < config.threadsPerAddress(); t++) {
                    SocketLoop loop = io == UdpIo.BATCHED ? BatchedSocketLoop.open(actual, config)
                            : SimpleSocketLoop.open(actual, config);
                    d.loops.add(loop);
                    actual = loop.localAddress();
                }
                d.bound.add(actual);
            }
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        int i = 0;
        for (SocketLoop loop : d.loops) {
            DatagramHandler h = handlers.get();
            Thread th = Thread.ofPlatform().name("ntp-udp-" + i++).daemon(true)
                    .unstarted(() -> loop.serve(h, clock, config.maxDatagramBytes(), d.counters));
            d.threads.add(th);
        }
        d.threads.forEach(Thread::start);
        return d;
    }

    /** The I/O mode in use (never AUTO). */
    public UdpIo io() {
        return io;
    }

    /** One entry per listen address, with the actual port. */
    public List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    public UdpCounters counters() {
        return counters;
    }

    /** Wakes every serving thread, joins them (5 s at most in all), then closes the sockets. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        loops.forEach(SocketLoop::wake);
        long end = System.nanoTime() + 5_000_000_000L;
        boolean interrupted = false;
        for (Thread t : threads) {
            try {
                long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
                t.join(left);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        loops.forEach(SocketLoop::release);
        if (interrupted) Thread.currentThread().interrupt();
    }
}
