package net.ntsbox.time.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.ntsbox.time.DisciplineState;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TimekeepingConfig;
import net.ntsbox.time.TimekeepingStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lock for 2000 s, then lose PPS and NMEA. During holdover the true error stays below the
 * advertised root dispersion (the oscillator model); after the holdover limit the server says
 * LI 3 / stratum 16; when the receiver comes back the clock re-locks.
 */
class HoldoverTest {
    @ParameterizedTest
    @CsvSource({"TCXO,1,3600", "TCXO,2,3600", "OCXO,3,7200", "OCXO,4,7200", "RUBIDIUM,5,7200"})
    void dispersionBoundsTheErrorThenTheServerGivesUp(String cls, long seed, long limit) {
        OscillatorClass oc = switch (cls) {
            case "TCXO" -> OscillatorClass.TCXO;
            case "OCXO" -> OscillatorClass.OCXO;
            default -> OscillatorClass.RUBIDIUM;
        };
        TimekeepingConfig config = TimekeepingConfig.defaults(oc).withHoldoverLimits(limit, 10_000_000);
        SimScenario sc = new SimScenario(oc, 30, 20, 42, config, SimScenario.DEFAULT_EPOCH, seed);
        long outageFrom = 2000;
        long outageTo = outageFrom + limit + 600;
        sc.gnss.addOutage(new SimGnss.Outage(outageFrom, outageTo, true, true));
        double[] worst = {0};
        boolean[] sawUnsync = {false};
        sc.simulation.run(outageTo + 200, s -> {
            TimekeepingStatus st = s.status();
            long k = s.second();
            if (k == outageFrom - 1) {
                assertEquals(DisciplineState.LOCKED, st.state());
            }
            if (k >= outageFrom + 2 && k < outageFrom + limit - 2) {
                assertEquals(DisciplineState.HOLDOVER, st.state(), "second " + k);
                assertEquals(1, st.stratum());
                assertTrue(Math.abs(s.trueErrorNs()) < st.rootDispersionNs(),
                        "second " + k + ": error " + s.trueErrorNs() + " ns over dispersion " + st.rootDispersionNs());
                worst[0] = Math.max(worst[0], Math.abs(s.trueErrorNs()) / st.rootDispersionNs());
            }
            if (k >= outageFrom + limit + 2 && k < outageTo) {
                assertEquals(3, st.leapIndicator(), "second " + k);
                assertEquals(16, st.stratum());
                assertEquals(DisciplineState.UNSYNCHRONISED, st.state());
                sawUnsync[0] = true;
            }
            if (k == outageTo + 199) {
                assertEquals(DisciplineState.LOCKED, st.state(), "re-locked after the outage");
                assertTrue(Math.abs(s.trueErrorNs()) < 50);
            }
        });
        assertTrue(sawUnsync[0]);
        assertTrue(worst[0] < 1);
    }
}
