package net.ntsbox.time;

/**
 * Which PPS edge a time-of-day message labels. u-blox receivers send the message for an epoch
 * after that epoch's pulse (PRECEDING_EDGE); some receivers announce the coming pulse
 * (FOLLOWING_EDGE). linuxptp's ts2phc handles the same question with nmea_delay, chrony with
 * the refclock offset.
 */
public enum TodConvention { PRECEDING_EDGE, FOLLOWING_EDGE }
