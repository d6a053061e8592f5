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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    private static List<InetSocketAddress> loopbacks() {
        return List.of(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("::1", 0),
                new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("::1", 0)); // main + alternate ports
    }

    @Test
    void echoOnIpv4AndIpv6BothPortsCountersMatch() throws Exception {
        Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger handlers = new AtomicInteger();
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(loopbacks(), 2, 2048, 0), () -> {
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

    @Test
    void dropCodeSendsNothingAndIsCounted() throws Exception {
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), 1, 2048, 0),
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

    @Test
    void handlerExceptionIsCountedAndServingGoesOn() throws Exception {
        try (UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("::1", 0)), 1, 2048, 0),
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

    @Test
    void closeJoinsThreadsAndReleasesThePort() throws Exception {
        UdpDatapath d = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), 3, 2048, 0),
                EchoHandler::new, RealtimeClock::unixNanos);
        InetSocketAddress a = d.boundAddresses().getFirst();
        d.close();
        assertNull(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ntp-udp-") && t.isAlive()).findAny().orElse(null));
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(a); // no SO_REUSEPORT: succeeds only if every datapath socket is closed
        }
    }
}
