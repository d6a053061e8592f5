package net.ntsbox.server.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpDatapathTest {
    /** Echo with the receive timestamp in front: 8 bytes rx nanos ‖ request. Drops requests starting with 0xDD as -5. */
    static final class EchoHandler implements DatagramHandler {
        @Override
        public int handle(byte[] in, int inLen, long rxUnixNanos, byte[] out) {
            if (inLen > 0 && in[0] == (byte) 0xDD) {
                return -5;
            }
            ByteBuffer.wrap(out).putLong(rxUnixNanos).put(in, 0, inLen);
            return 8 + inLen;
        }
    }

    /** Both I/O modes where the batched one is available (Linux), else the simple one alone. */
    static Stream<UdpIo> modes() {
        return UdpIo.batchedAvailable() ? Stream.of(UdpIo.SIMPLE, UdpIo.BATCHED) : Stream.of(UdpIo.SIMPLE);
    }

    private static List<InetSocketAddress> loopbacks() {
        return List.of(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("::1", 0),
                new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("::1", 0)); // main + alternate ports
    }

    @ParameterizedTest
    @MethodSource("modes")
    void echoOnIpv4AndIpv6BothPortsCountersMatch(UdpIo io) throws Exception {
        Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger handlers = new AtomicInteger();
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(loopbacks(), 2, 2048, 0).withIo(io), () -> {
            handlers.incrementAndGet();
            EchoHandler echo = new EchoHandler();
            return (in, len, t, out) -> {
                handlerThreads.add(Thread.currentThread());
                return echo.handle(in, len, t, out);
            };
        }, RealtimeClock::unixNanos)) {
            assertEquals(8, handlers.get(), "one handler per thread: 4 addresses x 2");
            assertEquals(4, d.boundAddresses().size());
            assertTrue(d.boundAddresses().get(0).getPort() != d.boundAddresses().get(2).getPort());
            int perAddress = 500;
            byte[] req = new byte[48];
            for (InetSocketAddress a : d.boundAddresses()) {
                try (DatagramChannel c = DatagramChannel.open()) {
                    c.socket().setSoTimeout(2000);
                    c.connect(a);
                    for (int i = 0; i < perAddress; i++) {
                        req[0] = (byte) (i % 0xDD); // 0xDD would be a drop
                        req[47] = (byte) (i >> 8);
                        long before = RealtimeClock.unixNanos();
                        c.write(ByteBuffer.wrap(req));
                        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[2048], 2048);
                        try {
                            c.socket().receive(p);
                        } catch (SocketTimeoutException e) {
                            throw new AssertionError("no reply from " + a + " to request " + i + "; " + d.counters(), e);
                        }
                        long after = RealtimeClock.unixNanos();
                        assertEquals(56, p.getLength());
                        ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
                        long rx = b.getLong();
                        assertTrue(rx >= before && rx <= after, "rx timestamp within the round trip");
                        assertEquals((byte) (i % 0xDD), b.get());
                        assertEquals((byte) (i >> 8), p.getData()[8 + 47]);
                    }
                }
            }
            long end = System.nanoTime() + 2_000_000_000L; // the last "sent" is counted just after the send
            while (d.counters().sent() < 4L * perAddress && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertEquals(4L * perAddress, d.counters().received());
            assertEquals(4L * perAddress, d.counters().sent());
            assertEquals(0, d.counters().sendFailures());
            assertTrue(handlerThreads.size() >= 4, "at least one thread per address served: " + handlerThreads.size());
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void dropCodeSendsNothingAndIsCounted(UdpIo io) throws Exception {
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), 1, 2048, 0).withIo(io),
                EchoHandler::new, () -> Instant.now().toEpochMilli() * 1_000_000L);
                DatagramChannel c = DatagramChannel.open()) {
            c.socket().setSoTimeout(300);
            c.connect(d.boundAddresses().getFirst());
            byte[] drop = new byte[48];
            drop[0] = (byte) 0xDD;
            for (int i = 0; i < 10; i++) {
                c.write(ByteBuffer.wrap(drop));
            }
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[2048], 2048);
            SocketTimeoutException none = null;
            try {
                c.socket().receive(p);
            } catch (SocketTimeoutException e) {
                none = e;
            }
            assertTrue(none != null, "no response to a dropped request");
            assertEquals(10, d.counters().received()); // the receive timeout above leaves time to count
            assertEquals(10, d.counters().dropped(-5));
            assertEquals(0, d.counters().sent());
            c.write(ByteBuffer.wrap(new byte[48])); // still serving
            c.socket().setSoTimeout(2000);
            c.socket().receive(p);
            assertEquals(56, p.getLength());
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void handlerExceptionIsCountedAndServingGoesOn(UdpIo io) throws Exception {
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("::1", 0)), 1, 2048, 0).withIo(io),
                () -> (in, len, t, out) -> {
                    if (len == 1) {
                        throw new IllegalStateException("bug");
                    }
                    out[0] = 1;
                    return 1;
                }, RealtimeClock::unixNanos);
                DatagramChannel c = DatagramChannel.open()) {
            c.socket().setSoTimeout(2000);
            c.connect(d.boundAddresses().getFirst());
            c.write(ByteBuffer.wrap(new byte[1]));
            c.write(ByteBuffer.wrap(new byte[2]));
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[16], 16);
            c.socket().receive(p);
            assertEquals(1, p.getLength());
            assertEquals(1, d.counters().handlerErrors());
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void closeJoinsThreadsAndReleasesThePort(UdpIo io) throws Exception {
        UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), 3, 2048, 0).withIo(io),
                EchoHandler::new, RealtimeClock::unixNanos);
        InetSocketAddress a = d.boundAddresses().getFirst();
        d.close();
        assertNull(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ntp-udp-") && t.isAlive()).findAny().orElse(null));
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(a); // no SO_REUSEPORT: succeeds only if every datapath socket is closed
        }
    }

    @Test
    void autoIsBatchedOnLinux() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(UdpIo.batchedAvailable(), "batched I/O not available here");
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), 1, 2048, 0),
                EchoHandler::new, RealtimeClock::unixNanos)) {
            assertEquals(UdpIo.BATCHED, d.io());
        }
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), 1, 2048, 0)
                .withIo(UdpIo.SIMPLE), EchoHandler::new, RealtimeClock::unixNanos)) {
            assertEquals(UdpIo.SIMPLE, d.io());
        }
    }

    /**
     * The handler stalls 200 ms on the first datagram while a second one waits in the socket.
     * The second one's receive time must be the kernel's (close to when it was sent, long before
     * the handler ran): a clock read after the receive would be ≥ 200 ms later.
     */
    @Test
    void batchedModeUsesKernelReceiveTimestamps() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(UdpIo.batchedAvailable(), "batched I/O not available here");
        long[] handlerRan = new long[2];
        AtomicInteger calls = new AtomicInteger();
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("::1", 0)), 1, 2048, 0)
                .withIo(UdpIo.BATCHED), () -> (in, len, rx, out) -> {
                    int k = calls.getAndIncrement();
                    if (k < 2) handlerRan[k] = RealtimeClock.unixNanos();
                    if (k == 0) {
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    ByteBuffer.wrap(out).putLong(rx).put(in, 0, len);
                    return 8 + len;
                }, RealtimeClock::unixNanos);
                DatagramChannel c = DatagramChannel.open()) {
            c.socket().setSoTimeout(3000);
            c.connect(d.boundAddresses().getFirst());
            long sent0 = RealtimeClock.unixNanos();
            c.write(ByteBuffer.wrap(new byte[] {0}));
            Thread.sleep(50); // the first is in the (stalled) handler now
            long sent1 = RealtimeClock.unixNanos();
            c.write(ByteBuffer.wrap(new byte[] {1}));
            long[] rx = new long[2];
            for (int i = 0; i < 2; i++) {
                java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[64], 64);
                c.socket().receive(p);
                ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
                long t = b.getLong();
                rx[b.get()] = t;
            }
            assertTrue(rx[0] >= sent0 && rx[0] <= handlerRan[0], "first: sent ≤ rx ≤ handler ran");
            assertTrue(rx[1] >= sent1 && rx[1] <= handlerRan[1], "second: sent ≤ rx ≤ handler ran");
            assertTrue(handlerRan[1] - sent1 >= 100_000_000L, "the second waited for the stalled handler");
            assertTrue(rx[1] - sent1 < 20_000_000L, "kernel timestamp close to the send: " + (rx[1] - sent1) + " ns");
        }
    }

    /** A burst larger than one batch from several sources: every datagram answered to its own source. */
    @ParameterizedTest
    @MethodSource("modes")
    void burstsFromManySourcesAreAnsweredToEachSource(UdpIo io) throws Exception {
        int clients = 8;
        int perClient = 20; // 160 datagrams: 5 batches, within the default socket buffer (rmem_max caps SO_RCVBUF)
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), 1, 2048, 0)
                .withIo(io), EchoHandler::new, RealtimeClock::unixNanos)) {
            DatagramChannel[] cs = new DatagramChannel[clients];
            try {
                for (int k = 0; k < clients; k++) {
                    cs[k] = DatagramChannel.open();
                    cs[k].setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
                    cs[k].connect(d.boundAddresses().getFirst());
                    cs[k].socket().setSoTimeout(3000);
                }
                for (int i = 0; i < perClient; i++) {
                    for (int k = 0; k < clients; k++) {
                        cs[k].write(ByteBuffer.wrap(new byte[] {(byte) k, (byte) i}));
                    }
                }
                for (int k = 0; k < clients; k++) {
                    boolean[] seen = new boolean[perClient];
                    for (int i = 0; i < perClient; i++) {
                        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[64], 64);
                        try {
                            cs[k].socket().receive(p);
                        } catch (SocketTimeoutException e) {
                            throw new AssertionError("client " + k + " got " + i + " of " + perClient + "; " + d.counters(), e);
                        }
                        assertEquals(10, p.getLength());
                        assertEquals(k, p.getData()[8]);
                        seen[Byte.toUnsignedInt(p.getData()[9])] = true;
                    }
                    for (boolean b : seen) assertTrue(b);
                }
            } finally {
                for (DatagramChannel c : cs) if (c != null) c.close();
            }
            assertEquals((long) clients * perClient, d.counters().received());
        }
    }
}
