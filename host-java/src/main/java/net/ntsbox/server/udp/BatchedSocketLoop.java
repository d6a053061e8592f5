package net.ntsbox.server.udp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * One socket's serve loop on Linux: {@code recvmmsg} with MSG_WAITFORONE (it blocks for the
 * first datagram and then takes whatever else is queued, up to {@link #BATCH}, so a lone
 * request is answered at once), the handler over each datagram, then one {@code sendmmsg} for
 * all answers, each sent back to its source address. The receive time of each datagram is the
 * kernel's (SO_TIMESTAMPNS, CLOCK_REALTIME when the datagram was queued) when present, else the
 * clock read right after the receive returned. All native buffers are allocated once per thread.
 */
final class BatchedSocketLoop implements SocketLoop {
    static final int BATCH = 32;
    /** A blocked receive returns this often to recheck the closing flag (shutdown wakes it sooner). */
    static final int RECEIVE_TIMEOUT_MILLIS = 250;

    private final int fd;
    private final InetSocketAddress local;
    private final LinuxUdp.CallState control;
    private final Arena controlArena;
    private final boolean kernelTimestamps;
    private volatile boolean closing;

    private BatchedSocketLoop(int fd, InetSocketAddress local, Arena arena, LinuxUdp.CallState cs, boolean kernelTimestamps) {
        this.fd = fd;
        this.local = local;
        this.controlArena = arena;
        this.control = cs;
        this.kernelTimestamps = kernelTimestamps;
    }

    static BatchedSocketLoop open(InetSocketAddress at, UdpConfig config) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            LinuxUdp.CallState cs = new LinuxUdp.CallState(arena);
            int fd = LinuxUdp.openBound(at, config.socketReceiveBuffer(), RECEIVE_TIMEOUT_MILLIS, cs);
            try {
                return new BatchedSocketLoop(fd, LinuxUdp.localAddress(fd, cs), arena, cs, config.kernelRxTimestamps());
            } catch (IOException | RuntimeException e) {
                LinuxUdp.close(fd, cs);
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw new IOException("cannot bind UDP " + at + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void serve(DatagramHandler handler, LongSupplier clock, int maxBytes, UdpCounters counters) {
        try (Arena arena = Arena.ofConfined()) {
            LinuxUdp.CallState cs = new LinuxUdp.CallState(arena);
            MemorySegment rxVec = arena.allocate(LinuxUdp.MMSGHDR_BYTES * BATCH, 8);
            MemorySegment txVec = arena.allocate(LinuxUdp.MMSGHDR_BYTES * BATCH, 8);
            MemorySegment rxIov = arena.allocate(LinuxUdp.IOVEC_BYTES * BATCH, 8);
            MemorySegment txIov = arena.allocate(LinuxUdp.IOVEC_BYTES * BATCH, 8);
            MemorySegment rxData = arena.allocate((long) maxBytes * BATCH, 8);
            MemorySegment txData = arena.allocate((long) maxBytes * BATCH, 8);
            MemorySegment names = arena.allocate((long) LinuxUdp.SOCKADDR_BYTES * BATCH, 8);
            MemorySegment controls = arena.allocate((long) LinuxUdp.CONTROL_BYTES * BATCH, 8);
            for (int i = 0; i < BATCH; i++) {
                MemorySegment iov = rxIov.asSlice(i * LinuxUdp.IOVEC_BYTES, LinuxUdp.IOVEC_BYTES);
                iov.set(ValueLayout.ADDRESS, 0, rxData.asSlice((long) i * maxBytes, maxBytes));
                iov.set(ValueLayout.JAVA_LONG, 8, maxBytes);
                MemorySegment h = rxVec.asSlice(i * LinuxUdp.MMSGHDR_BYTES, LinuxUdp.MMSGHDR_BYTES);
                h.set(ValueLayout.ADDRESS, LinuxUdp.MSG_NAME, names.asSlice((long) i * LinuxUdp.SOCKADDR_BYTES, LinuxUdp.SOCKADDR_BYTES));
                h.set(ValueLayout.ADDRESS, LinuxUdp.MSG_IOV, iov);
                h.set(ValueLayout.JAVA_LONG, LinuxUdp.MSG_IOVLEN, 1);
                h.set(ValueLayout.ADDRESS, LinuxUdp.MSG_CONTROL,
                        controls.asSlice((long) i * LinuxUdp.CONTROL_BYTES, LinuxUdp.CONTROL_BYTES));
            }
            byte[] in = new byte[maxBytes];
            byte[] out = new byte[maxBytes];
            while (!closing) {
                for (int i = 0; i < BATCH; i++) { // the kernel overwrites both lengths on receive
                    long h = i * LinuxUdp.MMSGHDR_BYTES;
                    rxVec.set(ValueLayout.JAVA_INT, h + LinuxUdp.MSG_NAMELEN, LinuxUdp.SOCKADDR_BYTES);
                    rxVec.set(ValueLayout.JAVA_LONG, h + LinuxUdp.MSG_CONTROLLEN, LinuxUdp.CONTROL_BYTES);
                }
                int got = LinuxUdp.recvmmsg(fd, rxVec, BATCH, LinuxUdp.MSG_WAITFORONE, cs);
                if (got <= 0) {
                    if (got == 0 || got == -LinuxUdp.EAGAIN || got == -LinuxUdp.EINTR || closing) {
                        continue; // timeout, signal, or shutdown by close()
                    }
                    counters.countReceiveFailure();
                    continue;
                }
                long afterReceive = clock.getAsLong();
                counters.countReceived(got);
                int answers = 0;
                for (int i = 0; i < got; i++) {
                    long h = i * LinuxUdp.MMSGHDR_BYTES;
                    int len = rxVec.get(ValueLayout.JAVA_INT, h + LinuxUdp.MSG_LEN);
                    len = Math.min(len, maxBytes); // MSG_TRUNC: the kernel reports the full length
                    long rxNanos = afterReceive;
                    if (kernelTimestamps) {
                        long k = kernelTimestamp(controls, i, rxVec.get(ValueLayout.JAVA_LONG, h + LinuxUdp.MSG_CONTROLLEN));
                        if (k != 0) rxNanos = k;
                    }
                    MemorySegment.copy(rxData, ValueLayout.JAVA_BYTE, (long) i * maxBytes, in, 0, len);
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
                    if (n > out.length || n > maxBytes) {
                        counters.countHandlerError();
                        continue;
                    }
                    MemorySegment.copy(out, 0, txData, ValueLayout.JAVA_BYTE, (long) answers * maxBytes, n);
                    long t = answers * LinuxUdp.MMSGHDR_BYTES;
                    MemorySegment iov = txIov.asSlice(answers * LinuxUdp.IOVEC_BYTES, LinuxUdp.IOVEC_BYTES);
                    iov.set(ValueLayout.ADDRESS, 0, txData.asSlice((long) answers * maxBytes, n));
                    iov.set(ValueLayout.JAVA_LONG, 8, n);
                    txVec.set(ValueLayout.ADDRESS, t + LinuxUdp.MSG_NAME,
                            names.asSlice((long) i * LinuxUdp.SOCKADDR_BYTES, LinuxUdp.SOCKADDR_BYTES));
                    txVec.set(ValueLayout.JAVA_INT, t + LinuxUdp.MSG_NAMELEN, rxVec.get(ValueLayout.JAVA_INT, h + LinuxUdp.MSG_NAMELEN));
                    txVec.set(ValueLayout.ADDRESS, t + LinuxUdp.MSG_IOV, iov);
                    txVec.set(ValueLayout.JAVA_LONG, t + LinuxUdp.MSG_IOVLEN, 1);
                    answers++;
                }
                send(txVec, answers, counters, cs);
            }
        }
    }

    /** Sends vec[0..n): a partial sendmmsg is resumed; a message the kernel refuses is counted and skipped. */
    private void send(MemorySegment txVec, int n, UdpCounters counters, LinuxUdp.CallState cs) {
        int from = 0;
        while (from < n) {
            MemorySegment rest = txVec.asSlice(from * LinuxUdp.MMSGHDR_BYTES);
            int r = LinuxUdp.sendmmsg(fd, rest, n - from, 0, cs);
            if (r > 0) {
                counters.countSent(r);
                from += r;
            } else if (r == -LinuxUdp.EINTR) {
                continue;
            } else {
                counters.countSendFailure(); // the first remaining message failed (e.g. unreachable, EPERM)
                from++;
            }
        }
    }

    /** The SCM_TIMESTAMPNS timespec among slot i's control messages, in Unix nanos, or 0 if absent. */
    private static long kernelTimestamp(MemorySegment controls, int i, long controlLen) {
        long base = (long) i * LinuxUdp.CONTROL_BYTES;
        long off = 0;
        controlLen = Math.min(controlLen, LinuxUdp.CONTROL_BYTES);
        while (off + 16 <= controlLen) {
            long cmsgLen = controls.get(ValueLayout.JAVA_LONG, base + off);
            int level = controls.get(ValueLayout.JAVA_INT, base + off + 8);
            int type = controls.get(ValueLayout.JAVA_INT, base + off + 12);
            if (cmsgLen < 16 || off + cmsgLen > controlLen) return 0;
            if (level == LinuxUdp.SOL_SOCKET && type == LinuxUdp.SO_TIMESTAMPNS && cmsgLen >= 32) {
                long sec = controls.get(ValueLayout.JAVA_LONG, base + off + 16);
                long nsec = controls.get(ValueLayout.JAVA_LONG, base + off + 24);
                return sec * 1_000_000_000L + nsec;
            }
            off += (cmsgLen + 7) & ~7L;
        }
        return 0;
    }

    @Override
    public void wake() {
        closing = true;
        LinuxUdp.shutdown(fd, control);
    }

    @Override
    public void release() {
        closing = true;
        LinuxUdp.close(fd, control);
        controlArena.close(); // only wake() and release() use it, never the serving thread
    }
}
