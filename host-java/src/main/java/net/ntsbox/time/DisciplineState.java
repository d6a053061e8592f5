package net.ntsbox.time;

/**
 * States of {@link ClockDiscipline}.
 * <ul>
 * <li>FREERUN: never synchronised since start; no reference yet.</li>
 * <li>STEPPING: the first offsets measured; a step is being made (or the frequency estimated).</li>
 * <li>TRACKING: the PI loop runs; not (or no longer) locked.</li>
 * <li>LOCKED: N consecutive filtered offsets below the lock threshold.</li>
 * <li>HOLDOVER: PPS lost after lock; the clock runs on the held frequency estimate.</li>
 * <li>UNSYNCHRONISED: holdover (or loss of lock) went past its limit; the server says LI 3.</li>
 * </ul>
 */
public enum DisciplineState { FREERUN, STEPPING, TRACKING, LOCKED, HOLDOVER, UNSYNCHRONISED }
