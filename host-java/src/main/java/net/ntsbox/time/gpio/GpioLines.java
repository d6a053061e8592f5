package net.ntsbox.time.gpio;

/**
 * Where lines come from: Pi4J on the board ({@link Pi4jGpio}), a logging stand-in elsewhere
 * ({@link LoggingGpio}). Pins are BCM GPIO numbers. {@code activeLow}: the line is active at
 * 0 V (an LED wired to 3V3, an open-drain reset, a receiver's active-low fault output).
 */
public interface GpioLines extends AutoCloseable {
    /** An output, initially inactive; set inactive again on close. */
    OutputLine output(String name, int pin, boolean activeLow);

    InputLine input(String name, int pin, boolean activeLow);

    @Override
    void close();
}
