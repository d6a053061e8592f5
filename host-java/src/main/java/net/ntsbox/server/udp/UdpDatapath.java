package net.ntsbox.server.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The NTP/NTS UDP server adapter. For each listen address, {@code threadsPerAddress} threads
 * each own a blocking {@link DatagramChannel} bound with SO_REUSEPORT to the same address, so
 * Linux spreads client flows over them. Each thread reuses one direct receive buffer, one
 * direct send buffer and two byte arrays: nothing is allocated per datagram. The receive time
 * is read right after {@code receive} returns and handed to the sans-IO handler.
 */
public final class UdpDatapath implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("net.ntsbox.server.udp");

    private final UdpCounters counters = new UdpCounters();
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<InetSocketAddress> bound = new ArrayList<>();
    private volatile boolean closing;

    private UdpDatapath() {}

    /**
     * Binds every socket, then starts the threads. Port 0 binds one free port per address,
     * shared by that address's threads. Throws (with nothing left open) if any bind fails.
     */
    public static UdpDatapath start(UdpConfig config, Supplier<? extends DatagramHandler> handlers, LongSupplier clock)
            throws IOException {
        UdpDatapath d = new UdpDatapath();
        try {
            for (InetSocketAddress asked : config.listenAddresses()) {
                InetSocketAddress actual = asked;
                for (int t = 0; t < config.threadsPerAddress(); t++) {
                    DatagramChannel ch = open(actual, config);
                    d.channels.add(ch);
                    actual = (InetSocketAddress) ch.getLocalAddress();
                }
                d.bound.add(actual);
            }
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        int i = 0;
        for (DatagramChannel ch : d.channels) {
            DatagramHandler h = handlers.get();
            Thread th = Thread.ofPlatform().name("ntp-udp-" + i++).daemon(true)
                    .unstarted(() -> d.serve(ch, h, clock, config.maxDatagramBytes()));
            d.threads.add(th);
        }
        d.threads.forEach(Thread::start);
        return d;
    }

    private static DatagramChannel open(InetSocketAddress at, UdpConfig config) throws IOException {
        StandardProtocolFamily family = at.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel ch = DatagramChannel.open(family);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            if (config.socketReceiveBuffer() > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, config.socketReceiveBuffer());
            }
            ch.bind(at);
            ch.configureBlocking(true);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot bind UDP " + at + ": " + e.getMessage(), e);
        }
    }

    private void serve(DatagramChannel ch, DatagramHandler handler, LongSupplier clock, int maxBytes) {
        ByteBuffer rx = ByteBuffer.allocateDirect(maxBytes);
        ByteBuffer tx = ByteBuffer.allocateDirect(maxBytes);
        byte[] in = new byte[maxBytes];
        byte[] out = new byte[maxBytes];
        while (!closing) {
            SocketAddress from;
            long rxNanos;
            try {
                rx.clear();
                from = ch.receive(rx);
                rxNanos = clock.getAsLong();
            } catch (ClosedChannelException e) {
                return; // close(): also AsynchronousCloseException
            } catch (IOException e) {
                if (!closing) {
                    LOG.log(System.Logger.Level.WARNING, "UDP receive failed on " + bound + ": " + e.getMessage());
                }
                continue;
            }
            if (from == null) {
                continue;
            }
            counters.countReceived();
            int len = rx.position();
            rx.flip();
            rx.get(in, 0, len);
            int n;
            try {
                n = handler.handle(in, len, rxNanos, out);
            } catch (RuntimeException e) {
                counters.countHandlerError(); // a core bug must not stop the datapath
                continue;
            }
            if (n <= 0) {
                counters.countDrop(n);
                continue;
            }
            if (n > out.length) {
                counters.countHandlerError();
                continue;
            }
            tx.clear();
            tx.put(out, 0, n);
            tx.flip();
            try {
                if (ch.send(tx, from) == n) {
                    counters.countSent();
                } else {
                    counters.countSendFailure();
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                counters.countSendFailure();
            }
        }
    }

    /** One entry per listen address, with the actual port. */
    public List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    public UdpCounters counters() {
        return counters;
    }

    /** Closes every socket (which wakes the blocked receives) and joins the threads (5 s at most in all). */
    @Override
    public void close() {
        closing = true;
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        long end = System.nanoTime() + 5_000_000_000L;
        for (Thread t : threads) {
            try {
                long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
