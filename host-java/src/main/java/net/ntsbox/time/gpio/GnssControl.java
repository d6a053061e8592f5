package net.ntsbox.time.gpio;

import java.time.Duration;

/**
 * The GNSS receiver's control lines: a reset input of the receiver (we drive it) and its
 * antenna-fault output (we read it: open or shorted antenna, as the receiver's antenna
 * supervisor reports it).
 */
public final class GnssControl {
    public static final Duration MIN_PULSE = Duration.ofMillis(1);
    public static final Duration MAX_PULSE = Duration.ofSeconds(5);

    private final OutputLine reset;
    private final InputLine antennaFault;
    private long resets;

    public GnssControl(OutputLine reset, InputLine antennaFault) {
        this.reset = reset;
        this.antennaFault = antennaFault;
    }

    /** Holds reset active for {@code width} (1 ms .. 5 s), then releases it. Blocks for the pulse. */
    public synchronized void pulseReset(Duration width) throws InterruptedException {
        if (width.compareTo(MIN_PULSE) < 0 || width.compareTo(MAX_PULSE) > 0) {
            throw new IllegalArgumentException("reset pulse must be 1 ms .. 5 s");
        }
        reset.set(true);
        try {
            Thread.sleep(width);
        } finally {
            reset.set(false); // never leave the receiver held in reset
        }
        resets++;
    }

    public synchronized long resets() {
        return resets;
    }

    public boolean antennaFault() {
        return antennaFault.active();
    }
}
