package net.ntsbox.client.bench;

import java.time.Duration;
import java.util.List;
import net.ntsbox.client.net.KeEndpoint;
import net.ntsbox.client.net.KeTlsClient;

/** One NTS-KE load thread: full handshakes (TCP + TLS 1.3 + NTS-KE request/response + key export) back to back. */
final class KeLoad implements Runnable {
    private final KeTlsClient client;
    private final KeEndpoint target;
    private final List<Integer> aeads;
    private final long durationNanos;
    private final Duration timeout;
    long ok, failed;
    String lastError;
    final LatencyHistogram latency = new LatencyHistogram();

    KeLoad(KeTlsClient client, KeEndpoint target, List<Integer> aeads, long durationNanos, Duration timeout) {
        this.client = client;
        this.target = target;
        this.aeads = aeads;
        this.durationNanos = durationNanos;
        this.timeout = timeout;
    }

    @Override
    public void run() {
        long end = System.nanoTime() + durationNanos;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            try {
                KeTlsClient.Handshake h = client.exchange(target, aeads, timeout);
                if (h.ok()) {
                    ok++;
                    latency.record(System.nanoTime() - t);
                } else {
                    failed++;
                    lastError = h.result().toString();
                }
            } catch (Exception e) {
                failed++;
                lastError = e.toString();
            }
        }
    }
}
