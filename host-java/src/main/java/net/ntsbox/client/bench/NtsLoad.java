package net.ntsbox.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import net.ntsbox.client.NtsSession;
import net.ntsbox.client.PendingRequest;
import net.ntsbox.client.ResponseResult;

/**
 * One load-generator thread for NTS requests: a connected non-blocking UDP socket, at most
 * {@code window} requests outstanding, sends paced at {@code ratePerSecond} (0: as fast as
 * the window allows). Each request carries one cookie and no placeholder (the steady-state
 * 228-byte chrony request for AEAD 15). Cookies come from the NTS-KE and from verified
 * responses; when none is fresh the last one is reused (the servers measured keep no cookie
 * state, so reuse costs them the same; it is counted).
 *
 * <p>Every {@code verifyEvery}-th answer is fully verified (origin, UID, S2C authenticator,
 * cookies); the others are only matched by origin timestamp. With verifyEvery = 1 every
 * counted response is authenticated.
 */
final class NtsLoad implements Runnable {
    private static final java.lang.invoke.VarHandle LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    record Config(InetSocketAddress server, NtsSession session, int window, double ratePerSecond, long durationNanos, long timeoutNanos, int verifyEvery) {}

    /** Per-thread counts; merged by the command. */
    static final class Counts {
        long sent, answered, authenticated, unverified, naks, rejected, lost, cookiesReused, sendErrors;
        final LatencyHistogram latency = new LatencyHistogram();

        void add(Counts o) {
            sent += o.sent; answered += o.answered; authenticated += o.authenticated; unverified += o.unverified;
            naks += o.naks; rejected += o.rejected; lost += o.lost; cookiesReused += o.cookiesReused;
            sendErrors += o.sendErrors;
            latency.merge(o.latency);
        }
    }

    private record InFlight(PendingRequest request, long sentNanos, long seq) {}

    private final Config cfg;
    final Counts counts = new Counts();
    volatile Throwable failure;

    NtsLoad(Config cfg) { this.cfg = cfg; }

    @Override
    public void run() {
        try {
            loop();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void loop() throws IOException {
        SecureRandom random = new SecureRandom();
        NtsSession session = cfg.session();
        ArrayDeque<byte[]> cookies = new ArrayDeque<>();
        for (byte[] c; (c = session.takeCookie()) != null; ) cookies.addLast(c);
        byte[] lastCookie = cookies.peekLast();
        byte[] uid = new byte[32];
        random.nextBytes(uid);
        byte[] nonce = new byte[session.aead().nonceLength()];
        random.nextBytes(nonce);
        long txHigh = (random.nextLong() & 0xFFFF_FFFF_0000_0000L);
        byte[] out = new byte[2048];
        ByteBuffer outBuf = ByteBuffer.wrap(out);
        ByteBuffer inBuf = ByteBuffer.allocate(2048);
        Map<Long, InFlight> inflight = new HashMap<>(cfg.window() * 2);
        ArrayDeque<InFlight> order = new ArrayDeque<>(cfg.window());
        long intervalNanos = cfg.ratePerSecond() > 0 ? (long) (1e9 / cfg.ratePerSecond()) : 0;
        long answered = 0;
        try (DatagramChannel ch = DatagramChannel.open(); Selector sel = Selector.open()) {
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20); // the kernel caps it at rmem_max
            ch.connect(cfg.server());
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_READ);
            long start = System.nanoTime();
            long end = start + cfg.durationNanos();
            long nextSend = start;
            long seq = 0;
            while (true) {
                long now = System.nanoTime();
                boolean sending = now < end;
                if (!sending && inflight.isEmpty()) break;
                if (!sending && now > end + cfg.timeoutNanos()) break;
                // Expire the oldest outstanding requests.
                while (!order.isEmpty() && now - order.peekFirst().sentNanos() > cfg.timeoutNanos()) {
                    InFlight f = order.removeFirst();
                    if (inflight.remove(f.seq()) != null) counts.lost++;
                }
                while (!order.isEmpty() && !inflight.containsKey(order.peekFirst().seq())) order.removeFirst();
                // Send while the window and the pace allow.
                while (sending && inflight.size() < cfg.window() && (intervalNanos == 0 || now >= nextSend)) {
                    byte[] cookie = cookies.pollFirst();
                    if (cookie == null) {
                        cookie = lastCookie;
                        counts.cookiesReused++;
                    }
                    lastCookie = cookie;
                    seq++;
                    LONG.set(uid, 24, seq);
                    nonce[0]++;
                    if (nonce[0] == 0) random.nextBytes(nonce);
                    long tx = txHigh | (seq & 0xFFFF_FFFFL);
                    PendingRequest p = session.writeRequest(out, 0, cookie, 0, tx, uid, nonce);
                    outBuf.clear().limit(p.length());
                    long t = System.nanoTime();
                    try {
                        if (ch.write(outBuf) == 0) { counts.sendErrors++; break; }
                    } catch (IOException e) {
                        counts.sendErrors++;
                        break;
                    }
                    InFlight f = new InFlight(p, t, tx);
                    inflight.put(tx, f);
                    order.addLast(f);
                    counts.sent++;
                    if (intervalNanos > 0) {
                        nextSend += intervalNanos;
                        if (nextSend < t - 10_000_000) nextSend = t; // more than 10 ms behind: drop the backlog, do not burst
                    }
                    now = t;
                }
                // Wait for an answer at most until the next send is due.
                long waitNanos = !sending || inflight.size() >= cfg.window() || intervalNanos == 0
                        ? 1_000_000 : Math.max(0, nextSend - System.nanoTime());
                // select() sleeps at least 1 ms: spin for shorter waits (the generator has its own core).
                if (waitNanos >= 2_000_000) sel.select(waitNanos / 1_000_000);
                else if (inflight.isEmpty() || intervalNanos > 0) { sel.selectNow(); Thread.onSpinWait(); }
                else sel.select(1);
                sel.selectedKeys().clear();
                while (true) {
                    inBuf.clear();
                    int n;
                    try {
                        n = ch.read(inBuf);
                    } catch (java.net.PortUnreachableException e) {
                        continue;
                    }
                    if (n <= 0) break;
                    long rx = System.nanoTime();
                    byte[] d = inBuf.array();
                    if (n < 48) { counts.rejected++; continue; }
                    InFlight f = inflight.get((long) LONG.get(d, 24));
                    if (f == null) { counts.rejected++; continue; }
                    answered++;
                    if (cfg.verifyEvery() <= 1 || answered % cfg.verifyEvery() == 0) {
                        switch (session.verify(d, 0, n, f.request())) {
                            case ResponseResult.Authenticated a -> {
                                counts.authenticated++;
                                for (byte[] c : a.cookies()) if (cookies.size() < 64) cookies.addLast(c);
                            }
                            case ResponseResult.Nak x -> counts.naks++;
                            case ResponseResult.Rejected x -> { counts.rejected++; continue; }
                        }
                    } else {
                        counts.unverified++;
                    }
                    inflight.remove(f.seq());
                    counts.answered++;
                    counts.latency.record(rx - f.sentNanos());
                }
            }
            counts.lost += inflight.size();
        }
        // Hand the freshest cookies back for the next run (at least the one last used).
        if (cookies.isEmpty()) cookies.addLast(lastCookie);
        for (byte[] c : cookies) session.storeCookie(c);
    }
}
