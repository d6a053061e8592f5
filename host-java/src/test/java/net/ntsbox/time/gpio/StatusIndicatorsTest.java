package net.ntsbox.time.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.ntsbox.time.DisciplineState;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TimekeepingConfig;
import net.ntsbox.time.TimekeepingStatus;
import net.ntsbox.time.sim.SimGnss;
import net.ntsbox.time.sim.SimScenario;
import org.junit.jupiter.api.Test;

/** LEDs and GNSS lines through Pi4J's mock providers, following a simulated lock/holdover/expiry. */
class StatusIndicatorsTest {
    private static Context mockContext() {
        return Pi4J.newContextBuilder()
                .add(MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
                .build();
    }

    @Test
    void linesFollowTheDiscipline() {
        Context ctx = mockContext();
        try (Pi4jGpio gpio = new Pi4jGpio(ctx, MockDigitalOutputProvider.ID, MockDigitalInputProvider.ID, true)) {
            StatusIndicators leds = new StatusIndicators(gpio.output("led-sync", 17, false),
                    gpio.output("led-holdover", 27, false), gpio.output("led-alarm", 22, true));
            GnssControl gnss = new GnssControl(gpio.output("gnss-reset", 23, true), gpio.input("gnss-antenna-fault", 24, true));
            DigitalOutput sync = ctx.io("led-sync", DigitalOutput.class);
            DigitalOutput holdover = ctx.io("led-holdover", DigitalOutput.class);
            DigitalOutput alarm = ctx.io("led-alarm", DigitalOutput.class);
            MockDigitalInput antenna = (MockDigitalInput) ctx.io("gnss-antenna-fault", DigitalInput.class);
            antenna.mockState(DigitalState.HIGH); // active-low fault line: high = antenna fine
            assertEquals(DigitalState.LOW, sync.state());
            assertEquals(DigitalState.HIGH, alarm.state(), "active-low alarm starts inactive (high)");

            long limit = 600;
            TimekeepingConfig config = TimekeepingConfig.defaults(OscillatorClass.OCXO).withHoldoverLimits(limit, 1_000_000);
            SimScenario sc = new SimScenario(OscillatorClass.OCXO, 20, 20, 42, config, SimScenario.DEFAULT_EPOCH, 11);
            long outageFrom = 400;
            long outageTo = outageFrom + limit + 100;
            sc.gnss.addOutage(new SimGnss.Outage(outageFrom, outageTo, true, true));
            int[] blinkLevels = new int[2];
            boolean[] seen = new boolean[4];
            sc.simulation.run(outageTo + 300, s -> {
                long k = s.second();
                if (k == 300) {
                    antenna.mockState(DigitalState.LOW);
                } else if (k == 310) {
                    antenna.mockState(DigitalState.HIGH);
                }
                // Half-second steps of the blink clock: alternate phases on successive seconds.
                IndicatorPattern p = leds.update(s.status(), gnss.antennaFault(), false, k * 500_000_000L);
                DisciplineState st = s.status().state();
                switch (st) {
                    case STEPPING, TRACKING -> {
                        if (k < outageFrom) {
                            assertEquals(IndicatorPattern.Mode.BLINK, p.sync());
                            blinkLevels[sync.state() == DigitalState.HIGH ? 1 : 0]++;
                            assertEquals(DigitalState.HIGH, alarm.state(), "no alarm before the first lock");
                            seen[0] = true;
                        }
                    }
                    case LOCKED -> {
                        assertEquals(DigitalState.HIGH, sync.state(), "second " + k);
                        assertEquals(DigitalState.LOW, holdover.state());
                        boolean fault = k >= 300 && k < 310;
                        assertEquals(fault ? DigitalState.LOW : DigitalState.HIGH, alarm.state(), "second " + k);
                        assertEquals(fault ? Set.of(IndicatorPattern.Alarm.ANTENNA_FAULT) : Set.of(), p.alarms());
                        seen[1] = true;
                    }
                    case HOLDOVER -> {
                        assertEquals(DigitalState.LOW, sync.state());
                        assertEquals(DigitalState.HIGH, holdover.state(), "second " + k);
                        assertEquals(DigitalState.HIGH, alarm.state());
                        seen[2] = true;
                    }
                    case UNSYNCHRONISED -> {
                        assertEquals(DigitalState.LOW, sync.state());
                        assertEquals(DigitalState.LOW, holdover.state());
                        assertEquals(DigitalState.LOW, alarm.state(), "alarm on after the holdover limit");
                        assertEquals(Set.of(IndicatorPattern.Alarm.LOST_SYNC), p.alarms());
                        seen[3] = true;
                    }
                    case FREERUN -> assertEquals(DigitalState.LOW, sync.state());
                }
            });
            assertTrue(seen[0] && seen[1] && seen[2] && seen[3], "every state visited");
            assertTrue(blinkLevels[0] > 0 && blinkLevels[1] > 0, "sync LED blinked while acquiring");
            assertEquals(DigitalState.HIGH, sync.state(), "locked again at the end");
        }
    }

    @Test
    void resetPulseAndLeapAlarm() throws Exception {
        Context ctx = mockContext();
        try (Pi4jGpio gpio = new Pi4jGpio(ctx, MockDigitalOutputProvider.ID, MockDigitalInputProvider.ID, true)) {
            GnssControl gnss = new GnssControl(gpio.output("gnss-reset", 23, true), gpio.input("gnss-antenna-fault", 24, false));
            DigitalOutput reset = ctx.io("gnss-reset", DigitalOutput.class);
            List<DigitalState> edges = new CopyOnWriteArrayList<>();
            reset.addListener(e -> edges.add(e.state()));
            assertEquals(DigitalState.HIGH, reset.state(), "active-low reset released");
            long t0 = System.nanoTime();
            gnss.pulseReset(Duration.ofMillis(20));
            assertTrue(System.nanoTime() - t0 >= 20_000_000L);
            assertEquals(List.of(DigitalState.LOW, DigitalState.HIGH), edges);
            assertEquals(1, gnss.resets());
            assertThrows(IllegalArgumentException.class, () -> gnss.pulseReset(Duration.ofSeconds(6)));
            assertFalse(gnss.antennaFault(), "active-high fault line, low = fine");

            StatusIndicators leds = new StatusIndicators(gpio.output("a", 5, false), gpio.output("b", 6, false),
                    gpio.output("c", 13, false));
            TimekeepingStatus locked = new TimekeepingStatus(DisciplineState.LOCKED, 0, 1, "GPS", 30, 1, 5);
            IndicatorPattern p = leds.update(locked, false, true, 0);
            assertEquals(Set.of(IndicatorPattern.Alarm.LEAP_TABLE_EXPIRED), p.alarms());
            assertEquals(DigitalState.HIGH, ctx.io("c", DigitalOutput.class).state());
        }
    }

    @Test
    void loggingGpioKeepsStateAndReleasesOnClose() {
        LoggingGpio gpio = new LoggingGpio();
        OutputLine led = gpio.output("led-sync", 17, false);
        InputLine fault = gpio.input("gnss-antenna-fault", 24, true);
        StatusIndicators leds = new StatusIndicators(led, gpio.output("h", 1, false), gpio.output("a", 2, false));
        TimekeepingStatus unsync = new TimekeepingStatus(DisciplineState.FREERUN, 3, 16, "INIT", 1e6, 0, 0);
        assertEquals(IndicatorPattern.Mode.OFF, leds.update(unsync, fault.active(), false, 0).alarm(),
                "no alarm for LI 3 before the first lock");
        gpio.setInput("gnss-antenna-fault", true);
        assertTrue(fault.active());
        leds.update(new TimekeepingStatus(DisciplineState.LOCKED, 0, 1, "GPS", 30, 1, 5), false, false, 0);
        assertTrue(led.active());
        gpio.close();
        assertFalse(led.active());
    }
}
