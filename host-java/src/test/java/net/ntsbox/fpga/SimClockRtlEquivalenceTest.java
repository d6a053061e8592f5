package net.ntsbox.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.time.DisciplinedClock;
import net.ntsbox.time.LeapKind;
import net.ntsbox.time.LeapStatus;
import net.ntsbox.time.PpsCapture;
import net.ntsbox.time.sim.SimClock;
import org.junit.jupiter.api.Test;

/**
 * SimClock (the Java model the servo is tuned on) against the Verilated tod_clock (csr_top
 * model) through FpgaDisciplinedClock, cycle for cycle: the same seeded random sequence of
 * increments (nominal, +-50 ppm with odd fractions, and fast ones of up to 50 ms per cycle so
 * that seconds and leap events pass in a few thousand cycles), phase adjusts of either sign,
 * sets, PPS edges at arbitrary cycles, leap inserts, deletes and cancels, and reads. Every
 * reading must be identical.
 *
 * <p>The bus is modelled, not hidden: each FpgaDisciplinedClock call is several AXI-Lite
 * transactions of the sim backend (3 cycles per write, 4 per read), and the model's cycle count
 * moves during it. A read samples the counter {@value #READ_SAMPLE_AFTER_START} cycle after the
 * call starts (TIME_FRAC/PPS_FRAC/STATUS is its first read); a CTRL or LEAP_CTRL strobe lands
 * {@value #STROBE_LANDS_BEFORE_END} cycle before the call returns. SimClock is told the same
 * cycle through its cycle source. A PPS pulse raised at cycle k is SimClock.ppsAtCycle at k; it
 * captures T(k+2) into PPS_* at edge k+3, so a read of the capture starts no earlier than
 * k+{@value #CAPTURE_READABLE_AFTER} (SimClock has the capture at once; the servo reads it
 * milliseconds later).
 */
class SimClockRtlEquivalenceTest {
    static final int READ_SAMPLE_AFTER_START = 1;
    static final int STROBE_LANDS_BEFORE_END = 1;
    static final int CAPTURE_READABLE_AFTER = 2;
    private static final int OPS = 2500;
    private static final long E0 = 3_960_057_600L; // 2025-07-01 (an NTP midnight)

    @Test
    void seededRandomSequencesReadTheSameOnTheModelAndTheRtl() {
        long base = Long.getLong("ntsbox.equivalence.seed", System.nanoTime());
        int seeds = Integer.getInteger("ntsbox.equivalence.seeds", 2);
        for (int i = 0; i < seeds; i++) {
            run(base + i);
        }
    }

    @Test
    void fixedSeedsStayEquivalent() {
        run(1);
        run(0x5EED_C10CL);
    }

    private static void run(long seed) {
        try (FpgaDevice dev = SimLibrary.openSim()) {
            new Pair(dev, seed).run();
        }
    }

    private static final class Pair {
        final FpgaDevice dev;
        final long seed;
        final SplittableRandom rnd;
        final FpgaDisciplinedClock rtl;
        SimClock sim;
        long cycle;
        final Deque<String> log = new ArrayDeque<>();
        int op;
        int insertedSeen;
        int leapsApplied;
        long lastApplied;
        int ppsEdges;

        Pair(FpgaDevice dev, long seed) {
            this.dev = dev;
            this.seed = seed;
            this.rnd = new SplittableRandom(seed);
            this.rtl = new FpgaDisciplinedClock(new FpgaClock(dev));
        }

        void run() {
            long nominal = DisciplinedClock.NOMINAL_INCREMENT_6_4NS;
            assertEquals(nominal, rtl.nominalIncrement());
            rtl.setIncrement(nominal);
            long t0 = (E0 - 5 + rnd.nextInt(10)) << 32 | rnd.nextLong(1L << 32);
            long end = write(() -> rtl.setTime(t0));
            LongSupplier cycles = () -> cycle;
            cycle = end;
            sim = new SimClock(cycles, 156.25e6, t0, 32);
            long fast = 0;
            for (op = 0; op < OPS; op++) {
                int kind = rnd.nextInt(100);
                if (kind < 22) {
                    long n = rnd.nextInt(10) == 0 ? rnd.nextLong(200_000) : rnd.nextLong(3_000);
                    note("step " + n);
                    dev.simStep(n);
                } else if (kind < 40) {
                    read("now", rtl::now, sim::now);
                } else if (kind < 50) {
                    long v = increment(nominal);
                    fast = v;
                    note("setIncrement " + v);
                    land(() -> rtl.setIncrement(v), () -> sim.setIncrement(v));
                    read("increment", rtl::increment, sim::increment);
                } else if (kind < 60) {
                    long ns = phase();
                    note("adjustPhase " + ns);
                    land(() -> rtl.adjustPhase(ns), () -> sim.adjustPhase(ns));
                } else if (kind < 64) {
                    long now = sim.now();
                    long t = now + (rnd.nextLong(-(3L << 32), 3L << 32));
                    note("setTime " + Long.toHexString(t));
                    land(() -> rtl.setTime(t), () -> sim.setTime(t));
                } else if (kind < 74) {
                    int high = 1 + rnd.nextInt(5);
                    dev.simStep(4 + rnd.nextInt(50)); // the synchroniser sees the input low first
                    long c0 = dev.simCycles();
                    note("pps high " + high + " at " + c0);
                    dev.simPps(high);
                    // PPS_* is loaded at edge k+3 with T(k+2); a read must start at k+2 to see it
                    long waited = dev.simCycles() - c0;
                    if (waited < CAPTURE_READABLE_AFTER) dev.simStep(CAPTURE_READABLE_AFTER - waited);
                    cycle = c0;
                    sim.ppsAtCycle();
                    read("latestPps", () -> rtl.latestPps(), () -> sim.latestPps());
                } else if (kind < 82) {
                    long sec = sim.now() >>> 32;
                    long at = sec + 1 + rnd.nextInt(3);
                    LeapKind k = rnd.nextBoolean() ? LeapKind.INSERT : LeapKind.DELETE;
                    note("scheduleLeap " + k + " at " + at + " (now " + sec + ")");
                    land(() -> rtl.scheduleLeap(k, at), () -> sim.scheduleLeap(k, at));
                } else if (kind < 84) {
                    note("cancelLeap");
                    land(rtl::cancelLeap, sim::cancelLeap);
                } else if (kind < 94) {
                    read("leapStatus", rtl::leapStatus, sim::leapStatus);
                } else {
                    read("latestPps", () -> rtl.latestPps(), () -> sim.latestPps());
                }
            }
            read("final now", rtl::now, sim::now);
            System.out.printf("equivalence seed %d: %d ops, %d PPS edges, %d leaps applied, inserted second seen %d times%n",
                    seed, OPS, ppsEdges, leapsApplied, insertedSeen);
            // the sequence must exercise what it claims to compare
            if (ppsEdges == 0 || leapsApplied == 0) fail("seed " + seed + ": no PPS edge or no leap event in the sequence");
        }

        /** Nominal, +-50 ppm with a random fraction, or a fast clock (1 us to 50 ms per cycle). */
        long increment(long nominal) {
            return switch (rnd.nextInt(4)) {
                case 0 -> nominal;
                case 1, 2 -> nominal + Math.round(nominal * rnd.nextDouble(-50e-6, 50e-6));
                default -> (rnd.nextLong(1_000, 50_000_000L) << 32) + rnd.nextLong(1L << 32);
            };
        }

        long phase() {
            return switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextLong(-1_000, 1_001);
                case 1 -> rnd.nextLong(-10_000_000, 10_000_001);
                default -> rnd.nextLong(-2_500_000_000L, 2_500_000_001L);
            };
        }

        long write(Runnable r) {
            r.run();
            return dev.simCycles() - STROBE_LANDS_BEFORE_END;
        }

        void land(Runnable onRtl, Runnable onSim) {
            cycle = write(onRtl);
            onSim.run();
        }

        <T> void read(String what, Supplier<T> onRtl, Supplier<T> onSim) {
            long c0 = dev.simCycles();
            T r = onRtl.get();
            cycle = c0 + READ_SAMPLE_AFTER_START;
            T s = onSim.get();
            if (s instanceof LeapStatus ls) {
                if (ls.inInsertedSecond()) insertedSeen++;
                if (ls.lastApplied() != lastApplied) leapsApplied++;
                lastApplied = ls.lastApplied();
            }
            if (what.equals("latestPps") && s instanceof Optional<?> o && o.isPresent()) ppsEdges = (int) ((PpsCapture) o.get()).sequence();
            if (!r.equals(s)) {
                fail("seed " + seed + " (rerun: -Dntsbox.equivalence.seed=" + seed + " -Dntsbox.equivalence.seeds=1), op " + op
                        + ", " + what + " at cycle " + cycle + ": RTL " + show(r) + " SimClock " + show(s)
                        + "\nlast operations:\n  " + String.join("\n  ", log));
            }
        }

        void note(String s) {
            log.addLast(op + ": " + s + " @" + dev.simCycles());
            if (log.size() > 25) log.removeFirst();
        }

        static String show(Object o) {
            if (o instanceof Long l) return "0x" + Long.toHexString(l) + " (" + (l >>> 32) + " s)";
            if (o instanceof Optional<?> p && p.isPresent() && p.get() instanceof PpsCapture c) {
                return "pps 0x" + Long.toHexString(c.ntpTimestamp()) + " #" + c.sequence();
            }
            if (o instanceof LeapStatus ls) return ls.toString();
            return String.valueOf(o);
        }
    }
}
