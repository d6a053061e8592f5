package net.ntsbox.time.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.ntsbox.time.DisciplineState;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TimekeepingStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * From +-50 ppm, 20 ns RMS PPS jitter, 42 ns cable: LOCKED within 60 s, and after lock the
 * true time error (interpolated counter minus true UTC, once per second, 600 s) has
 * |error| &lt; 50 ns and RMS = sqrt(mean(error^2)) &lt; 10 ns.
 */
class LockTest {
    @ParameterizedTest
    @CsvSource({"50,1", "-50,1", "50,2", "-50,3", "50,4", "-50,5", "20,6", "-35,7"})
    void locksWithinAMinuteAndStaysWithinTensOfNanoseconds(double ppm, long seed) {
        SimScenario sc = new SimScenario(OscillatorClass.OCXO, ppm, seed);
        long[] lockedAt = {-1};
        double[] sum = new double[3];
        sc.simulation.run(660, s -> {
            TimekeepingStatus st = s.status();
            if (lockedAt[0] < 0 && st.state() != DisciplineState.LOCKED) {
                assertEquals(3, st.leapIndicator(), "LI 3 before the first lock");
                assertEquals(16, st.stratum());
                return;
            }
            if (lockedAt[0] < 0) {
                lockedAt[0] = s.second();
            }
            assertEquals(DisciplineState.LOCKED, st.state(), "stays locked, second " + s.second());
            assertEquals(1, st.stratum());
            assertEquals("GPS", st.referenceId());
            assertEquals(0, st.leapIndicator());
            assertTrue(Math.abs(s.trueErrorNs()) < 50, "second " + s.second() + " error " + s.trueErrorNs());
            assertTrue(Math.abs(s.trueErrorNs()) < st.rootDispersionNs(), "dispersion covers the error");
            sum[0]++;
            sum[1] += s.trueErrorNs() * s.trueErrorNs();
        });
        assertTrue(lockedAt[0] > 0 && lockedAt[0] <= 60, "seed " + seed + " locked at " + lockedAt[0]);
        double rms = Math.sqrt(sum[1] / sum[0]);
        assertTrue(rms < 10, "seed " + seed + " rms " + rms);
        assertEquals(0, sc.simulation.nmea().decoder().malformed());
    }
}
