package net.ntsbox.time.sim;

/**
 * Cycle-exact Java model of the RTL time-of-day counter (fpga-rtl/tod_clock.v): NTP seconds
 * plus a 64-bit fraction (2^-64 s), advanced every cycle by a 64-bit increment (2^-64 s), with
 * the RTL's phase adjust, set and leap-second state machine. State T(k) is the counter output
 * during cycle k (k clock edges after reset). Operations name the cycle they land in, in the
 * RTL's terms:
 * <ul>
 * <li>{@link #set}: T(k) = value (the cycle after the CTRL.SET strobe);</li>
 * <li>{@link #adjust}: T(k) = T(k-1) + increment + offset, with no leap processing in that
 *     step;</li>
 * <li>{@link #loadIncrement}, {@link #scheduleLeap}, {@link #cancelLeap}: take part in the step
 *     from k to k+1 and later (the register is loaded at edge k);</li>
 * <li>{@link #ppsCaptureAfter}: a PPS input raised during cycle k is sampled at edge k+1 and
 *     captures T(k+2) (two-flip-flop synchroniser plus edge detect).</li>
 * </ul>
 * A SET or ADJ ends a running inserted second (the host owns the time then), as in the RTL.
 * If T(k) has already been produced when a SET or ADJ for cycle k arrives, the SET replaces it
 * and the ADJ is added to it (the step into k keeps its leap processing).
 */
public final class TodCounter {
    private long cycle;
    private long sec;          // unsigned 32-bit
    private long frac;         // unsigned 64-bit, 2^-64 s
    private long incr;         // unsigned 64-bit, 2^-64 s per cycle
    private boolean leapIns;
    private boolean leapDel;
    private boolean inLeap;
    private boolean leapDone;
    private long leapAt;       // the LEAP_AT the schedule was made with
    private long ppsSeq;
    private long ppsTime;

    public TodCounter(long startCycle, long ntpTimestamp, long subFraction, long increment) {
        this.cycle = startCycle;
        this.sec = ntpTimestamp >>> 32;
        this.frac = (ntpTimestamp << 32) | (subFraction & 0xFFFF_FFFFL);
        this.incr = increment;
    }

    private TodCounter(TodCounter o) {
        cycle = o.cycle; sec = o.sec; frac = o.frac; incr = o.incr;
        leapIns = o.leapIns; leapDel = o.leapDel; inLeap = o.inLeap; leapDone = o.leapDone; leapAt = o.leapAt;
        ppsSeq = o.ppsSeq; ppsTime = o.ppsTime;
    }

    public long cycle() { return cycle; }

    /** T(cycle) as an NTP timestamp (seconds . upper 32 fraction bits, as TIME_SEC/TIME_FRAC read). */
    public long ntp() { return (sec << 32) | (frac >>> 32); }

    /** The 64-bit fraction (2^-64 s) of T(cycle). */
    public long fraction64() { return frac; }

    public long seconds() { return sec; }

    public long increment() { return incr; }

    public boolean leapInsertScheduled() { return leapIns && !inLeap; }

    public boolean leapDeleteScheduled() { return leapDel; }

    public boolean inLeapSecond() { return inLeap; }

    /** STATUS.LEAP_DONE: sticky until {@link #clearLeapDone}. */
    public boolean leapDone() { return leapDone; }

    public long leapAt() { return leapAt; }

    public long ppsSequence() { return ppsSeq; }

    public long ppsTime() { return ppsTime; }

    /** Runs to cycle {@code target} (no earlier than now) with no bus operation in between. */
    public void runTo(long target) {
        if (target < cycle) throw new IllegalArgumentException("cycle " + target + " is before " + cycle);
        long n = target - cycle;
        while (n > 0) {
            // cycles until the fraction carries: ceil((2^64 - frac) / incr)
            long toCarry = Long.divideUnsigned(-frac - 1, incr) + 1;
            if (Long.compareUnsigned(n, toCarry) < 0) {
                frac += n * incr;
                break;
            }
            frac += toCarry * incr;
            n -= toCarry;
            carry();
        }
        cycle = target;
    }

    /** The seconds step of a carrying cycle, with the RTL's leap handling. */
    private void carry() {
        if (leapIns && !inLeap && sec == ((leapAt - 1) & 0xFFFF_FFFFL)) {
            inLeap = true;                         // ins_hold: LEAP_AT-1 again
        } else if (inLeap) {
            inLeap = false;                        // ins_end
            leapIns = false;
            leapDone = true;
            sec = (sec + 1) & 0xFFFF_FFFFL;
        } else if (leapDel && sec == ((leapAt - 2) & 0xFFFF_FFFFL)) {
            leapDel = false;                       // del_skip
            leapDone = true;
            sec = (sec + 2) & 0xFFFF_FFFFL;
        } else {
            sec = (sec + 1) & 0xFFFF_FFFFL;
        }
    }

    /** CTRL.SET landing in cycle k: T(k) = ntp (sub-fraction 0). */
    public void set(long k, long ntpTimestamp) {
        runTo(Math.max(cycle, k - 1));
        cycle = k;
        sec = ntpTimestamp >>> 32;
        frac = ntpTimestamp << 32;
        endHostLeap();
    }

    /** CTRL.ADJ landing in cycle k: T(k) = T(k-1) + increment + offset (signed 32.32 s). */
    public void adjust(long k, long offsetNtp) {
        long f;
        long s;
        if (cycle == k) {          // T(k) already produced (see SimClock): add to it
            f = frac;
            s = sec;
        } else {
            runTo(k - 1);
            f = frac + incr;
            s = sec + (Long.compareUnsigned(f, frac) < 0 ? 1 : 0);
        }
        long top = ((s << 32) | (f >>> 32)) + offsetNtp;
        sec = top >>> 32;
        frac = (top << 32) | (f & 0xFFFF_FFFFL);
        cycle = k;
        endHostLeap();
    }

    private void endHostLeap() {
        if (inLeap) {
            inLeap = false;
            leapIns = false;
            leapDone = true;
        }
    }

    /** CTRL.INCR at edge k: the step from k to k+1 uses the new increment. */
    public void loadIncrement(long k, long increment) {
        if (increment == 0) throw new IllegalArgumentException("a zero increment stops the clock");
        runTo(k);
        incr = increment;
    }

    /** LEAP_AT + LEAP_CTRL.INSERT/DELETE at edge k (ignored during an inserted second, as the RTL does). */
    public void scheduleLeap(long k, boolean insert, long atNtpSeconds) {
        runTo(k);
        if (inLeap) return;
        leapIns = insert;
        leapDel = !insert;
        leapAt = atNtpSeconds & 0xFFFF_FFFFL;
    }

    /** LEAP_CTRL.CANCEL at edge k. */
    public void cancelLeap(long k) {
        runTo(k);
        if (inLeap) return;
        leapIns = false;
        leapDel = false;
    }

    public void clearLeapDone(long k) {
        runTo(k);
        leapDone = false;
    }

    /** PPS raised during cycle k: captures T(k+2); the counter itself stays at cycle k. */
    public long ppsCaptureAfter(long k) {
        runTo(k);
        TodCounter ahead = new TodCounter(this);
        ahead.runTo(k + 2);
        ppsTime = ahead.ntp();
        ppsSeq++;
        return ppsTime;
    }

    /** T(k) without moving this counter (k may be ahead of it). */
    public long peek(long k) {
        TodCounter ahead = new TodCounter(this);
        ahead.runTo(k);
        return ahead.ntp();
    }
}
