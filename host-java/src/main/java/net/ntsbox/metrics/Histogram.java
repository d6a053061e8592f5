package net.ntsbox.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram with fixed upper bounds, safe to record into from many threads without locks.
 * Exposed as cumulative {@code _bucket{le=...}} counts, {@code _sum} and {@code _count}.
 * A scrape reads buckets one by one while others record, so a scrape may see a recording in
 * {@code _count} but not yet in its bucket; each bucket only ever grows.
 */
public final class Histogram {
    /** Latency bounds in seconds, 1 ms .. 2.5 s: TLS handshakes on a LAN are a few ms. */
    public static final double[] LATENCY_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final String name;
    private final String help;
    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    /** {@code upperBounds}: strictly increasing, finite; +Inf is added. */
    public Histogram(String name, String help, double... upperBounds) {
        this.name = name;
        this.help = help;
        this.bounds = upperBounds.clone();
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must be finite and increasing: " + Arrays.toString(bounds));
            }
        }
        this.counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
        new MetricFamily(name, MetricType.HISTOGRAM, help, List.of()); // checks the name now
    }

    public void record(double value) {
        int i = Arrays.binarySearch(bounds, value);
        int bucket = i >= 0 ? i : -i - 1; // first bound >= value; bounds.length means +Inf
        counts[bucket].increment();
        sum.add(value);
    }

    /** Records a duration given in nanoseconds, in seconds. */
    public void recordNanos(long nanos) {
        record(nanos / 1e9);
    }

    public long count() {
        long n = 0;
        for (LongAdder c : counts) {
            n += c.sum();
        }
        return n;
    }

    public MetricFamily family() {
        List<Sample> s = new ArrayList<>(counts.length + 2);
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i].sum();
            String le = i < bounds.length ? TextFormat.number(bounds[i]) : "+Inf";
            s.add(new Sample(name + "_bucket", List.of("le", le), cumulative));
        }
        s.add(new Sample(name + "_sum", List.of(), sum.sum()));
        s.add(new Sample(name + "_count", List.of(), cumulative));
        return new MetricFamily(name, MetricType.HISTOGRAM, help, s);
    }
}
