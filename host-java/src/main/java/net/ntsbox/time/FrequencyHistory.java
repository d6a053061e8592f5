package net.ntsbox.time;

import java.util.ArrayDeque;

/**
 * The holdover frequency estimate: the time-average of the frequency the servo applied over
 * the last span, corrected by the phase trend over that span. With a(t) the applied correction
 * and x the measured offset, mean(a) = -mean(y) + (x_end - x_start)/W, so the correction that
 * cancels the oscillator's mean error y is mean(a) - (x_end - x_start)/W. Its error is about
 * sqrt(2)*sigma_x/W; the bound returned is three times that.
 */
final class FrequencyHistory {
    private record Point(double time, double integralPpbSeconds, double offsetNs) {}

    private final double spanSeconds;
    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private double integral;
    private double lastTime = Double.NaN;
    private double lastFrequency;

    FrequencyHistory(double spanSeconds) {
        this.spanSeconds = spanSeconds;
    }

    void clear() {
        points.clear();
        integral = 0;
        lastTime = Double.NaN;
    }

    /** Records a servo sample at {@code time}: the frequency applied until now, the offset now. */
    void add(double time, double appliedPpbUntilNow, double offsetNs) {
        if (!Double.isNaN(lastTime)) {
            integral += lastFrequency * (time - lastTime);
        }
        lastTime = time;
        lastFrequency = appliedPpbUntilNow;
        points.addLast(new Point(time, integral, offsetNs));
        while (points.size() > 2 && time - points.peekFirst().time() > spanSeconds) {
            points.removeFirst();
        }
    }

    /** Called after a new frequency is applied at {@code time}. */
    void frequencyChanged(double time, double newPpb) {
        if (!Double.isNaN(lastTime)) {
            integral += lastFrequency * (time - lastTime);
            lastTime = time;
        }
        lastFrequency = newPpb;
    }

    double span() {
        return points.size() < 2 ? 0 : points.peekLast().time() - points.peekFirst().time();
    }

    /** The estimate (ppb), or NaN without at least two points. */
    double estimatePpb() {
        if (points.size() < 2) {
            return Double.NaN;
        }
        Point a = points.peekFirst();
        Point b = points.peekLast();
        double w = b.time() - a.time();
        return (b.integralPpbSeconds() - a.integralPpbSeconds()) / w - (b.offsetNs() - a.offsetNs()) / w;
    }

    /** Three-sigma bound of the estimate's fractional frequency error for offset noise sigma (ns). */
    double errorBound(double offsetSigmaNs) {
        double w = span();
        return w <= 0 ? 1e-6 : 3 * Math.sqrt(2) * offsetSigmaNs / w * 1e-9;
    }
}
