package net.ntsbox.client.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import net.ntsbox.client.ClockSample;
import net.ntsbox.client.NtsSession;
import net.ntsbox.client.PendingRequest;
import net.ntsbox.client.ResponseRejection;
import net.ntsbox.client.ResponseResult;
import net.ntsbox.ntp.NtpTimestamp;

/**
 * One NTS exchange at a time over a UDP socket connected to the server (so the OS drops
 * datagrams from anyone else). Draws UID, nonce and the random transmit timestamp from a
 * CSPRNG; reads the local clock right before sending (T1) and right after receiving (T4).
 * A datagram that the session rejects is counted and the wait goes on until the timeout.
 */
public final class NtsUdpClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier unixNanos;
    private final byte[] out = new byte[2048];
    private final byte[] in = new byte[2048];

    public NtsUdpClient(InetSocketAddress server) throws IOException {
        this(server, NtsUdpClient::nowUnixNanos);
    }

    public NtsUdpClient(InetSocketAddress server, LongSupplier unixNanos) throws IOException {
        this.socket = new DatagramSocket();
        this.socket.connect(server);
        this.unixNanos = unixNanos;
    }

    public static long nowUnixNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** What one exchange gave. */
    public sealed interface Exchange {
        /** Rejected datagrams seen while waiting (spoofed, stale, damaged). */
        int rejected();
    }

    public record Answered(ResponseResult.Authenticated response, ClockSample sample, int rejected) implements Exchange {}

    public record Nak(int rejected) implements Exchange {}

    /** No acceptable answer in time; {@code lastRejection} names the last rejected datagram, if any. */
    public record TimedOut(int rejected, ResponseRejection lastRejection) implements Exchange {}

    /** Sends the session's next request and waits up to {@code timeout} for its answer. */
    public Exchange exchange(NtsSession session, Duration timeout) throws IOException {
        byte[] uid = new byte[32];
        byte[] nonce = new byte[session.aead().nonceLength()];
        random.nextBytes(uid);
        random.nextBytes(nonce);
        PendingRequest p = session.buildRequest(out, 0, random.nextLong(), uid, nonce);
        long t1 = NtpTimestamp.fromUnixNanos(unixNanos.getAsLong());
        socket.send(new DatagramPacket(out, p.length()));
        long deadline = System.nanoTime() + timeout.toNanos();
        int rejected = 0;
        ResponseRejection last = null;
        DatagramPacket d = new DatagramPacket(in, in.length);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                session.forget(p);
                return new TimedOut(rejected, last);
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                d.setLength(in.length);
                socket.receive(d);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (java.net.PortUnreachableException e) {
                continue; // ICMP from a closed port: keep waiting, the timeout decides
            }
            long t4 = NtpTimestamp.fromUnixNanos(unixNanos.getAsLong());
            switch (session.accept(in, 0, d.getLength())) {
                case ResponseResult.Authenticated a -> {
                    var h = a.header();
                    return new Answered(a, ClockSample.of(t1, h.receiveTimestamp(), h.transmitTimestamp(), t4), rejected);
                }
                case ResponseResult.Nak n -> { return new Nak(rejected); }
                case ResponseResult.Rejected r -> {
                    rejected++;
                    last = r.reason();
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
