package net.ntsbox.time;

/** Exponentially weighted RMS of a noisy quantity (for jitter estimates). */
final class RunningStats {
    private final double weight;
    private double meanSquare = Double.NaN;

    RunningStats(double weight) {
        this.weight = weight;
    }

    void add(double x) {
        meanSquare = Double.isNaN(meanSquare) ? x * x : meanSquare + weight * (x * x - meanSquare);
    }

    void clear() {
        meanSquare = Double.NaN;
    }

    double rms() {
        return Double.isNaN(meanSquare) ? 0 : Math.sqrt(meanSquare);
    }
}
