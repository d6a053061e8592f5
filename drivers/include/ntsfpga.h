/*
 * libntsfpga: host driver for the ntsbox FPGA register space (docs/regmap.md) and, in the
 * Verilator model, its datapath-facing test ports.
 *
 * Conventions
 * - Every call returns 0 on success or a negative errno value (-EINVAL, -ENODEV, -EIO, ...);
 *   ntsfpga_strerror() names it. Nothing here prints, allocates after open, or exits.
 * - A handle serialises its own calls (one mutex), so multi-register sequences (key install,
 *   latched time read, counter snapshot) are never interleaved by two threads of one
 *   process. Two processes driving one board must not do so: the staging registers are shared.
 * - NTP times are 64-bit NTP timestamps: seconds in bits 63:32, fraction in bits 31:0.
 * - Key material passed in is copied to registers only; the driver's stack copies are
 *   zeroed before returning. The hardware has no read path for key bits, so there is no
 *   call that reads a key.
 *
 * Device names
 *   "uio:<name>[,sysfs=<dir>][,dev=<dir>]"  the board: the UIO device whose
 *        <sysfs>/uioN/name equals <name> (default sysfs /sys/class/uio, dev /dev; env
 *        NTSFPGA_UIO_SYSFS and NTSFPGA_UIO_DEV override the defaults). Every block's NAME and
 *        major VERSION are checked; a mismatch refuses with -ENODEV and a message.
 *   "sim:" or "sim:<key>=<value>[,...]"    the Verilator model of the RTL, in-process.
 *        Options: model=csr_top (the default and, for now, the only model).
 */
#ifndef NTSFPGA_H
#define NTSFPGA_H

#include <stddef.h>
#include <stdint.h>
#include "ntsbox_regs.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NTSFPGA_API_VERSION 1
#define NTSFPGA_KEY_SLOTS 4
#define NTSFPGA_KEY_BYTES 32

typedef struct ntsfpga ntsfpga_t;

/* ---- lifecycle ------------------------------------------------------------------------ */

/* Opens a device (see "Device names"). On failure *out is NULL and, if errbuf is not NULL,
 * errbuf holds a NUL-terminated explanation (e.g. which block's NAME read what). */
int ntsfpga_open(const char *name, ntsfpga_t **out, char *errbuf, size_t errlen);
/* Closes and frees the handle (NULL is accepted). */
int ntsfpga_close(ntsfpga_t *dev);
/* Static text for a return code (0 or negative errno). */
const char *ntsfpga_strerror(int err);
/* The library's NTSFPGA_API_VERSION (the Java binding checks it). */
int ntsfpga_api_version(void);

/* Capabilities of an open device. */
#define NTSFPGA_CAP_UIO         0x01u /* real hardware through UIO */
#define NTSFPGA_CAP_SIM         0x02u /* Verilator model: ntsfpga_sim_* calls work */
#define NTSFPGA_CAP_PACKET_PORT 0x04u /* ntsfpga_pkt_* work (the model has a datapath) */
#define NTSFPGA_CAP_CSR_PROBES  0x08u /* model is csr_top: lookup/counter/output probes work */
int ntsfpga_caps(ntsfpga_t *dev, uint32_t *caps);

/* ---- raw registers (byte offsets from the CSR base, 32-bit aligned) --------------------- */

/* -EINVAL for an unaligned or out-of-window offset, -EIO for an AXI SLVERR (sim). */
int ntsfpga_read32(ntsfpga_t *dev, uint32_t off, uint32_t *val);
int ntsfpga_write32(ntsfpga_t *dev, uint32_t off, uint32_t val);

/* ---- key memory (KMEM) ---------------------------------------------------------------- */

/* Stages id and the 32 key bytes (key[0..3] = STAGE_KEY0, big-endian), then COMMITs them
 * into slot id & 3 with the given valid bit, in one clock cycle on the hardware side. The
 * caller (policy) decides whether that slot may be overwritten. */
int ntsfpga_key_install(ntsfpga_t *dev, uint32_t id, const uint8_t key[NTSFPGA_KEY_BYTES], int valid);
/* Clears the valid bit of slot 0..3. */
int ntsfpga_key_retire(ntsfpga_t *dev, unsigned slot);
/* Selects the slot new cookies are minted with. */
int ntsfpga_key_set_current(ntsfpga_t *dev, unsigned slot);
int ntsfpga_key_get_current(ntsfpga_t *dev, unsigned *slot);
/* Key IDs of the 4 slots and the valid bits (bit i = slot i). Never key bits. */
int ntsfpga_key_slots(ntsfpga_t *dev, uint32_t ids[NTSFPGA_KEY_SLOTS], uint32_t *valid_mask);

/* ---- counters (CNT and the KMEM use counters) ------------------------------------------ */

/* cnt[] uses the NTSBOX_CNT_IDX_* order of ntsbox_regs.h. The CNT set comes from one
 * CNT_CTRL snapshot and the KMEM set from one KMEM_SNAPSHOT, so each set is consistent in
 * itself (two strobes, a few cycles apart). All fields are uint64_t: the struct is the
 * same memory as uint64_t[NTSFPGA_COUNTER_WORDS] (the Java binding passes a long[]). */
struct ntsfpga_counters {
    uint64_t cnt[NTSBOX_CNT_NUM_COUNTERS];
    uint64_t key_use[NTSFPGA_KEY_SLOTS];  /* successful lookups per slot since its commit */
    uint64_t key_unknown;                 /* decrypt lookups that missed */
};
#define NTSFPGA_COUNTER_WORDS (NTSBOX_CNT_NUM_COUNTERS + NTSFPGA_KEY_SLOTS + 1)
/* NTSFPGA_COUNTER_WORDS of this build (a binding checks it before passing a buffer). */
int ntsfpga_counter_words(void);
/* clear != 0: read-and-clear (live counters zeroed in the snapshot cycle, no event lost). */
int ntsfpga_counters_snapshot(ntsfpga_t *dev, struct ntsfpga_counters *out, int clear);

/* ---- time-of-day clock (CLK) ---------------------------------------------------------- */

/* Atomic read: TIME_FRAC first (latches SEC and SUB), then SEC, SUB. sub may be NULL. */
int ntsfpga_clock_read(ntsfpga_t *dev, uint64_t *ntp, uint32_t *sub);
/* Stages ntp and strobes CTRL.SET: the clock reads ntp in the cycle after the strobe. */
int ntsfpga_clock_set(ntsfpga_t *dev, uint64_t ntp);
/* Stages ntp and arms CTRL.SET_AT_PPS: the clock reads ntp at the next PPS edge. */
int ntsfpga_clock_set_at_pps(ntsfpga_t *dev, uint64_t ntp);
int ntsfpga_clock_cancel_set(ntsfpga_t *dev);
/* Per-cycle increment in units of 2^-64 s (CLK_INCR_HI:LO), staged + CTRL.INCR. */
int ntsfpga_clock_set_incr(ntsfpga_t *dev, uint64_t incr);
int ntsfpga_clock_get_incr(ntsfpga_t *dev, uint64_t *incr);
/* Adds a signed 32.32 s offset once (CTRL.ADJ), on top of the normal increment. */
int ntsfpga_clock_adjust_phase(ntsfpga_t *dev, int64_t offset_ntp);
/* Last PPS capture: time of the edge and the number of edges seen since reset. */
int ntsfpga_clock_pps(ntsfpga_t *dev, uint64_t *ntp, uint32_t *seq);
/* CLK_STATUS (NTSBOX_CLK_STATUS_* fields: SET_PENDING, LEAP_INS, LEAP_DEL, IN_LEAP,
 * LEAP_DONE, LI). */
int ntsfpga_clock_status(ntsfpga_t *dev, uint32_t *status);
/* Schedules a leap second at NTP second leap_at (the midnight ending the leap day):
 * insert != 0 inserts, 0 deletes. -EBUSY while an inserted second is running. */
int ntsfpga_leap_schedule(ntsfpga_t *dev, uint32_t leap_at, int insert);
int ntsfpga_leap_cancel(ntsfpga_t *dev);
int ntsfpga_leap_clear_done(ntsfpga_t *dev);

/* Frequency helpers (pure functions). The nominal increment of a clock_hz clock is
 * round(2^64 / clock_hz); 156.25 MHz gives 0x1B_7CDFD9D8, the reset value. */
uint64_t ntsfpga_incr_nominal(uint64_t clock_hz);
/* nominal scaled by (1 + ppb * 1e-9), rounded; ppb outside +-1e6 is clamped to it. */
uint64_t ntsfpga_incr_from_ppb(uint64_t nominal, double ppb);
/* The frequency offset (ppb) incr stands for relative to nominal. */
double ntsfpga_incr_to_ppb(uint64_t nominal, uint64_t incr);
/* Signed nanoseconds <-> signed 32.32 seconds (rounded to nearest). */
int64_t ntsfpga_ns_to_ntp_offset(int64_t ns);
int64_t ntsfpga_ntp_offset_to_ns(int64_t offset_ntp);

/* ---- NTP header fields (HDR) --------------------------------------------------------- */

/* Stages every HDR field (nothing reaches the datapath until ntsfpga_hdr_apply).
 * leap_override: -1 = send the clock's LI; 0..3 = always send this LI (3 = unsynchronised). */
int ntsfpga_hdr_stage(ntsfpga_t *dev, uint8_t stratum, int8_t poll, int8_t precision,
                      uint32_t root_delay, uint32_t root_disp, uint32_t ref_id,
                      uint64_t ref_time, int leap_override);
int ntsfpga_hdr_apply(ntsfpga_t *dev);

/* ---- datapath configuration (DP) ------------------------------------------------------ */

/* Each stages registers; ntsfpga_dp_apply copies all of them to the datapath at once. */
int ntsfpga_dp_set_enable(ntsfpga_t *dev, uint32_t enable_bits); /* NTSBOX_DP_ENABLE_* */
int ntsfpga_dp_set_ipv4(ntsfpga_t *dev, const uint8_t addr[4]);
int ntsfpga_dp_set_alt_port(ntsfpga_t *dev, uint16_t port);      /* 0 = none */
int ntsfpga_dp_set_mac(ntsfpga_t *dev, const uint8_t mac[6]);
int ntsfpga_dp_set_ipv6(ntsfpga_t *dev, const uint8_t addr[16]);
int ntsfpga_dp_set_ipv6_ll(ntsfpga_t *dev, const uint8_t addr[16]);
/* Test mode (golden-model comparison only): fixed_nonce != 0 with a 128-bit seed
 * (seed may be NULL when fixed_nonce == 0: the seed registers are then zeroed). */
int ntsfpga_dp_set_test_mode(ntsfpga_t *dev, int fixed_nonce, const uint8_t seed[16]);
int ntsfpga_dp_apply(ntsfpga_t *dev);

/* ---- Verilator model only (-ENOTSUP on "uio:") ---------------------------------------- */

/* Advances the model by cycles clock cycles with all test inputs idle. */
int ntsfpga_sim_step(ntsfpga_t *dev, uint64_t cycles);
/* Clock cycles since reset. */
int ntsfpga_sim_cycles(ntsfpga_t *dev, uint64_t *cycles);
/* Raises pps_in for high_cycles cycles, then lowers it (the RTL synchronises it). */
int ntsfpga_sim_pps(ntsfpga_t *dev, uint32_t high_cycles);
/* Clock outputs to the datapath, sampled now: tod_sec.tod_frac and LI. */
int ntsfpga_sim_tod(ntsfpga_t *dev, uint64_t *ntp, uint32_t *li);

/* csr_top probes (NTSFPGA_CAP_CSR_PROBES; -ENOTSUP on a model with a real datapath, where
 * these ports are internal). They drive the engine-side ports the datapath will drive. */
/* Adds amount (0..15 per cycle, spread over cycles as needed) to counter idx. */
int ntsfpga_sim_count(ntsfpga_t *dev, unsigned idx, uint32_t amount);
/* One lookup on engine port 0: current != 0 is a mint lookup (id ignored), else a decrypt
 * lookup of id. Returns hit, the slot's key ID and key (zero on a miss) after LATENCY. */
int ntsfpga_sim_key_lookup(ntsfpga_t *dev, int current, uint32_t id, int *hit,
                           uint32_t *key_id, uint8_t key[NTSFPGA_KEY_BYTES]);
/* The HDR outputs the datapath sees now, in register order: stratum, poll, precision,
 * root_delay, root_disp, ref_id, ref_time_frac, ref_time_sec, li (9 words). */
int ntsfpga_sim_hdr_outputs(ntsfpga_t *dev, uint32_t out[9]);
/* The DP outputs now: enable, ipv4, alt_port, mac_hi, mac_lo, ipv6[4], ipv6_ll[4],
 * fixed_nonce, nonce_seed[4] (19 words, same word order as the registers). */
int ntsfpga_sim_dp_outputs(ntsfpga_t *dev, uint32_t out[19]);

/* ---- packet port (NTSFPGA_CAP_PACKET_PORT) --------------------------------------------
 * The Ethernet side of a model that contains the datapath: frames without preamble, with
 * FCS. Times are model clock cycles since reset (the PHY-side timestamp reference).
 * The csr_top model has no datapath: these return -ENOTSUP, an honest capability answer
 * (see NTSFPGA_CAP_PACKET_PORT), until the datapath top replaces it. */
/* Queues frame to enter the MAC at cycle arrival (>= now). */
int ntsfpga_pkt_inject(ntsfpga_t *dev, const uint8_t *frame, size_t len, uint64_t arrival);
/* Takes the oldest frame the model sent: copies up to cap bytes, sets *len to its length
 * (larger than cap = truncated copy) and *departure to its first-byte cycle; -EAGAIN if none. */
int ntsfpga_pkt_collect(ntsfpga_t *dev, uint8_t *buf, size_t cap, size_t *len, uint64_t *departure);
/* Runs the model until cycle (delivering queued frames on time). */
int ntsfpga_pkt_run_until(ntsfpga_t *dev, uint64_t cycle);

#ifdef __cplusplus
}
#endif
#endif
