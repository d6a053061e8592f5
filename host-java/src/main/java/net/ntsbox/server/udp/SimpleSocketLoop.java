package net.ntsbox.server.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.function.LongSupplier;

/**
 * The portable loop: a blocking {@link DatagramChannel} (SO_REUSEPORT), one receive and one send
 * per datagram, one direct receive buffer, one direct send buffer and two byte arrays reused:
 * nothing is allocated per datagram. The receive time is read right after {@code receive} returns.
 */
final class SimpleSocketLoop implements SocketLoop {
    private static final System.Logger LOG = System.getLogger("net.ntsbox.server.udp");

    private final DatagramChannel ch;
    private final InetSocketAddress local;
    private volatile boolean closing;

    private SimpleSocketLoop(DatagramChannel ch) throws IOException {
        this.ch = ch;
        this.local = (InetSocketAddress) ch.getLocalAddress();
    }

    static SimpleSocketLoop open(InetSocketAddress at, UdpConfig config) throws IOException {
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
            return new SimpleSocketLoop(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot bind UDP " + at + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void serve(DatagramHandler handler, LongSupplier clock, int maxBytes, UdpCounters counters) {
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
                    counters.countReceiveFailure();
                    LOG.log(System.Logger.Level.WARNING, "UDP receive failed on " + local + ": " + e.getMessage());
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

    @Override
    public void wake() {
        closing = true;
        try {
            ch.close(); // wakes the blocked receive
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void release() {
        wake();
    }
}
