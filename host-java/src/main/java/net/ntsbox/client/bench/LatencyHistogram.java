package net.ntsbox.client.bench;

/** Latencies in 1 µs buckets up to 1 s (beyond: the last bucket); percentiles and max. Not thread-safe: merge per-thread copies. */
public final class LatencyHistogram {
    private static final int BUCKETS = 1_000_001;
    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxNanos;

    public void record(long nanos) {
        long us = Math.max(0, nanos / 1000);
        counts[(int) Math.min(us, BUCKETS - 1)]++;
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    public void merge(LatencyHistogram o) {
        for (int i = 0; i < BUCKETS; i++) counts[i] += o.counts[i];
        total += o.total;
        maxNanos = Math.max(maxNanos, o.maxNanos);
    }

    public long count() { return total; }

    /** The latency in µs below which a fraction {@code q} of the samples fall (bucket upper bound); 0 when empty. */
    public long percentileMicros(double q) {
        if (total == 0) return 0;
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) return i + 1;
        }
        return BUCKETS;
    }

    public long maxMicros() { return maxNanos / 1000; }

    /** "p50=…us p99=…us p99.9=…us max=…us". */
    public String summary() {
        return "p50=" + percentileMicros(0.5) + "us p99=" + percentileMicros(0.99) + "us p99.9="
                + percentileMicros(0.999) + "us max=" + maxMicros() + "us";
    }
}
