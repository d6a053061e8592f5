package net.ntsbox.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PiServoTest {
    @Test
    void gainsFollowTheLinuxptpHardwareRule() {
        PiServoConfig one = PiServoConfig.hardware(1);
        assertEquals(0.7, one.kp(), 1e-12);
        assertEquals(0.3, one.ki(), 1e-12);
        PiServoConfig eight = PiServoConfig.hardware(8);
        assertEquals(Math.min(0.7 * Math.pow(8, -0.3), 0.7 / 8), eight.kp(), 1e-12);
        assertEquals(Math.min(0.3 * Math.pow(8, 0.4), 0.3 / 8), eight.ki(), 1e-12);
        PiServoConfig fast = PiServoConfig.hardware(0.125);
        assertEquals(0.7 * Math.pow(0.125, -0.3), fast.kp(), 1e-12); // the T^-0.3 branch
    }

    @Test
    void firstSampleOnlyRemembersSecondEstimatesAndSteps() {
        PiServo s = new PiServo(PiServoConfig.hardware(1), 0);
        assertEquals(PiServo.Action.NONE, s.sample(1_000_000, 100).action());
        // Offset grew 50 us in 1 s: the clock is 50 ppm fast, so the correction is -50000 ppb.
        PiServo.Result r = s.sample(1_050_000, 101);
        assertEquals(PiServo.Action.STEP, r.action());
        assertEquals(-1_050_000, r.stepNs(), 1e-6);
        assertEquals(-50_000, r.frequencyPpb(), 1e-6);
        // Then PI: correction = -(kp*x + drift + ki*x).
        PiServo.Result pi = s.sample(100, 102);
        assertEquals(PiServo.Action.ADJUST, pi.action());
        assertEquals(-(0.7 * 100 + 50_000 + 0.3 * 100), pi.frequencyPpb(), 1e-6);
        assertEquals(-(50_000 + 30), s.frequencyEstimatePpb(), 1e-6);
    }

    @Test
    void smallFirstOffsetSlewsAndTheClampHoldsTheIntegrator() {
        PiServo s = new PiServo(new PiServoConfig(1, 0.7, 0.3, 1000, 20_000, 0), 0);
        s.sample(0, 0);
        PiServo.Result r = s.sample(10_000, 1);
        assertEquals(PiServo.Action.ADJUST, r.action());
        assertEquals(-1000, r.frequencyPpb(), 1e-9); // 10 ppm estimate clamped to 1 ppm
        PiServo.Result sat = s.sample(1_000_000, 2);
        assertEquals(-1000, sat.frequencyPpb(), 1e-9);
        assertEquals(-1000, s.frequencyEstimatePpb(), 1e-9); // no wind-up while saturated
    }

    @Test
    void stepThresholdAfterStartRestartsTheEstimate() {
        PiServo s = new PiServo(new PiServoConfig(1, 0.7, 0.3, 1e6, 0, 1000), 0);
        s.sample(0, 0);
        s.sample(0, 1);
        PiServo.Result r = s.sample(5000, 2);
        assertEquals(PiServo.Action.STEP, r.action());
        assertEquals(-5000, r.stepNs(), 1e-9);
        assertEquals(PiServo.Action.NONE, s.sample(0, 3).action());
    }
}
