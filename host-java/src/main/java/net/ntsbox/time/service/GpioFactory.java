package net.ntsbox.time.service;

import com.pi4j.Pi4J;
import net.ntsbox.config.GnssSettings;
import net.ntsbox.time.gpio.GpioLines;
import net.ntsbox.time.gpio.LoggingGpio;
import net.ntsbox.time.gpio.Pi4jGpio;

/** Where the LED and receiver control lines come from ({@code [gnss] gpio}). */
@FunctionalInterface
public interface GpioFactory {
    /** Pi4J's gpiod providers (pi4j-plugin-gpiod, /dev/gpiochip0). */
    String GPIOD_OUTPUT = "gpiod-digital-output";
    String GPIOD_INPUT = "gpiod-digital-input";

    GpioLines open(GnssSettings.Pins pins) throws TimeServiceException;

    /**
     * "pi4j": Pi4J with the gpiod plugin (on the board); "log": {@link LoggingGpio} at DEBUG
     * (a blinking sync LED changes twice a second; the service logs the states behind it once).
     */
    static GpioFactory standard() {
        return pins -> {
            if (pins.gpio().equals("log")) {
                return new LoggingGpio(System.Logger.Level.DEBUG);
            }
            try {
                return new Pi4jGpio(Pi4J.newAutoContext(), GPIOD_OUTPUT, GPIOD_INPUT, true);
            } catch (RuntimeException | LinkageError e) {
                throw new TimeServiceException("gnss: GPIO through Pi4J unavailable (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + "); on a board without GPIO set gnss.gpio = \"log\" or remove the pins", e);
            }
        };
    }
}
