package net.ntsbox.metrics;

/** Implemented by the timekeeping code: the time source's state, read at scrape and status time. */
@FunctionalInterface
public interface ClockStatusSource {
    /** Must be cheap and non-blocking (called on an event loop). */
    ClockStatus clockStatus();
}
