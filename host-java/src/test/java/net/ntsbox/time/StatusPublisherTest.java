package net.ntsbox.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.ntsbox.metrics.ClockState;
import net.ntsbox.metrics.ClockStatus;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.time.sim.SimGnss;
import net.ntsbox.time.sim.SimScenario;
import org.junit.jupiter.api.Test;

/** The appliance's view of the discipline, through a simulated lock, holdover and expiry. */
class StatusPublisherTest {
    private static final int GPS = 'G' << 24 | 'P' << 16 | 'S' << 8;

    @Test
    void lockedHoldoverExpired() {
        long limit = 900;
        TimekeepingConfig config = TimekeepingConfig.defaults(OscillatorClass.OCXO).withHoldoverLimits(limit, 1_000_000);
        SimScenario sc = new SimScenario(OscillatorClass.OCXO, 20, 20, 42, config, SimScenario.DEFAULT_EPOCH, 7);
        long outageFrom = 600;
        long outageTo = outageFrom + limit + 100;
        sc.gnss.addOutage(new SimGnss.Outage(outageFrom, outageTo, true, true));
        StatusPublisher pub = new StatusPublisher(StatusPublisher.PRECISION_6_4NS);
        assertEquals(-27, StatusPublisher.PRECISION_6_4NS);
        assertFalse(pub.get().synchronised(), "unsynchronised before the first publish");
        assertEquals(ClockState.UNSYNCHRONIZED, pub.clockStatus().state());

        boolean[] sawAcquiring = {false};
        double[] lastDispersion = {0};
        double[] firstDispersion = {0};
        long[] lastRefTime = {0};
        sc.simulation.run(outageTo + 300, s -> {
            StatusPublisher.Snapshot snap = pub.publish(sc.simulation.discipline());
            ClockStatus cs = pub.clockStatus();
            ServerHeader h = pub.get();
            long k = s.second();
            if (cs.state() == ClockState.ACQUIRING && k < outageFrom) {
                sawAcquiring[0] = true;
                assertEquals(16, h.stratum(), "not advertised before the first lock");
            }
            if (k > 200 && k < outageFrom) {
                assertEquals(ClockState.LOCKED, cs.state(), "second " + k);
                assertEquals("GPS", cs.reference());
                assertEquals(1, cs.stratum());
                assertEquals(0, cs.holdoverSeconds());
                assertTrue(Math.abs(cs.offsetSeconds()) < 100e-9, "offset " + cs.offsetSeconds());
                assertTrue(Math.abs(cs.frequencyPpb()) > 1000, "the 20 ppm error is corrected: " + cs.frequencyPpb());
                assertEquals(0, h.leap());
                assertEquals(1, h.stratum());
                assertEquals(GPS, h.referenceId());
                assertEquals(0, h.rootDelay());
                assertEquals(-27, h.precision());
                // |offset| + 3 sigma + 6.4 ns is well under 1 us: fewer than 66 units of 2^-16 s.
                assertTrue(h.rootDispersion() >= 1 && h.rootDispersion() < 66, "dispersion " + h.rootDispersion());
                assertEquals(snap.status().rootDispersionField(), h.rootDispersion());
                assertTrue(Long.compareUnsigned(h.referenceTimestamp(), lastRefTime[0]) >= 0, () -> "ref " + Long.toHexString(h.referenceTimestamp()) + " < " + Long.toHexString(lastRefTime[0]) + " at " + k);
                assertTrue(NtpTime.diffNanos(sc.clock.now(), h.referenceTimestamp()) < 10_000_000_000L,
                        "reference time follows the servo (every 8 s)");
                lastRefTime[0] = h.referenceTimestamp();
            }
            if (k >= outageFrom + 5 && k < outageFrom + limit - 5) {
                assertEquals(ClockState.HOLDOVER, cs.state(), "second " + k);
                assertEquals(1, h.stratum());
                assertEquals(GPS, h.referenceId());
                assertTrue(cs.holdoverSeconds() > 0 && Math.abs(cs.holdoverSeconds() - (k - outageFrom)) < 3,
                        "holdover " + cs.holdoverSeconds() + " at " + k);
                assertTrue(snap.status().rootDispersionNs() > lastDispersion[0], "dispersion grows in holdover");
                if (firstDispersion[0] == 0) {
                    firstDispersion[0] = snap.status().rootDispersionNs();
                }
                assertTrue(h.rootDispersion() >= 1);
                lastDispersion[0] = snap.status().rootDispersionNs();
                assertEquals(lastRefTime[0], h.referenceTimestamp(), "no corrections in holdover");
            }
            if (k >= outageFrom + limit + 2 && k < outageTo) {
                assertEquals(ClockState.UNSYNCHRONIZED, cs.state(), "second " + k);
                assertNull(cs.reference());
                assertEquals(16, cs.stratum());
                assertEquals(NtpHeader.LEAP_UNSYNCHRONIZED, h.leap());
                assertEquals(16, h.stratum());
                assertFalse(h.synchronised());
            }
        });
        assertTrue(sawAcquiring[0]);
        // OCXO model: ~30 ns at the start of holdover, ~235 ns after 900 s.
        assertTrue(lastDispersion[0] > 4 * firstDispersion[0], firstDispersion[0] + " -> " + lastDispersion[0]);
        assertEquals(ClockState.LOCKED, pub.clockStatus().state(), "re-locked after the outage");
        assertTrue(pub.get().synchronised());
    }

    @Test
    void leapWarningAndPpsOnlyRefidReachTheHeader() {
        TimekeepingStatus insertPending = new TimekeepingStatus(DisciplineState.LOCKED, 1, 1, "PPS", 100, 3, 5);
        ServerHeader h = StatusPublisher.serverHeader(insertPending, -27, 42L << 32);
        assertEquals(1, h.leap());
        assertEquals('P' << 24 | 'P' << 16 | 'S' << 8, h.referenceId());
        assertEquals(1, h.rootDispersion(), "100 ns rounds up to one unit of 2^-16 s");
        assertEquals(42L << 32, h.referenceTimestamp());
        ClockStatus cs = StatusPublisher.clockStatus(insertPending, 12.5, 0, true);
        assertEquals(3e-9, cs.offsetSeconds(), 1e-18);
        assertEquals(12.5, cs.frequencyPpb());
        assertTrue(Double.isNaN(StatusPublisher.clockStatus(insertPending, 0, 0, false).offsetSeconds()));
        assertEquals(-27, StatusPublisher.precisionOf(6.4));
        assertEquals(-19, StatusPublisher.precisionOf(1000)); // 2^-19 s = 1.9 us: never claims better than 1 us
    }
}
