/* libntsfpga: the backend-independent part of the driver (see include/ntsfpga.h). Every
 * public call takes the handle's mutex, so a multi-register sequence is never interleaved
 * with another call on the same handle. */
#define _GNU_SOURCE
#include "ntsfpga.h"
#include "backend.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ntsfpga_fail(char *err, size_t errlen, int code, const char *fmt, ...) {
    if (err != NULL && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* memset that the compiler may not drop: used on stack copies of key material. */
static void wipe(void *p, size_t n) {
    volatile unsigned char *v = (volatile unsigned char *)p;
    while (n--) *v++ = 0;
}

static uint32_t be32(const uint8_t *b) {
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

int ntsfpga_api_version(void) { return NTSFPGA_API_VERSION; }

int ntsfpga_counter_words(void) { return NTSFPGA_COUNTER_WORDS; }

const char *ntsfpga_strerror(int err) {
    switch (-err) {
    case 0: return "success";
    case EINVAL: return "invalid argument (offset, slot, field value or device name)";
    case ENODEV: return "device found but it is not an ntsbox register map of a supported version";
    case ENOENT: return "no such device";
    case EACCES: return "permission denied";
    case EIO: return "register access failed (bus error)";
    case ENOTSUP: return "not supported by this device or model";
    case EBUSY: return "busy (a leap second is running)";
    case ETIMEDOUT: return "the model did not answer the bus transaction";
    case ENOMEM: return "out of memory";
    case EAGAIN: return "nothing available yet";
    case EFAULT: return "null pointer argument";
    default: return "unknown error";
    }
}

/* ---- identification ---------------------------------------------------------------- */

static const struct {
    const char *block;
    uint32_t base, id, version;
} blocks[] = {
    {"TOP", NTSBOX_TOP_BASE, NTSBOX_TOP_ID, NTSBOX_TOP_VERSION_VALUE},
    {"KMEM", NTSBOX_KMEM_BASE, NTSBOX_KMEM_ID, NTSBOX_KMEM_VERSION_VALUE},
    {"CLK", NTSBOX_CLK_BASE, NTSBOX_CLK_ID, NTSBOX_CLK_VERSION_VALUE},
    {"HDR", NTSBOX_HDR_BASE, NTSBOX_HDR_ID, NTSBOX_HDR_VERSION_VALUE},
    {"DP", NTSBOX_DP_BASE, NTSBOX_DP_ID, NTSBOX_DP_VERSION_VALUE},
    {"CNT", NTSBOX_CNT_BASE, NTSBOX_CNT_ID, NTSBOX_CNT_VERSION_VALUE},
};

static void fourcc(uint32_t v, char out[5]) {
    for (int i = 0; i < 4; i++) {
        unsigned char c = (unsigned char)(v >> (24 - 8 * i));
        out[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    out[4] = 0;
}

/* Every block must show its NAME and the major VERSION this driver was built for; a newer
 * minor version only adds registers, so it is accepted. */
static int identify(struct ntsfpga *d, char *err, size_t errlen) {
    if (d->window < NTSBOX_NUM_BLOCKS * NTSBOX_BLOCK_SIZE)
        return ntsfpga_fail(err, errlen, -ENODEV, "register window is %u bytes, the map needs %u",
                            d->window, NTSBOX_NUM_BLOCKS * NTSBOX_BLOCK_SIZE);
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        uint32_t name, ver;
        int rc = d->ops->read32(d->ctx, blocks[i].base, &name);
        if (rc == 0) rc = d->ops->read32(d->ctx, blocks[i].base + 4, &ver);
        if (rc != 0)
            return ntsfpga_fail(err, errlen, rc, "block %s at 0x%04x: identification read failed: %s",
                                blocks[i].block, blocks[i].base, ntsfpga_strerror(rc));
        char want[5], got[5];
        fourcc(blocks[i].id, want);
        fourcc(name, got);
        if (name != blocks[i].id)
            return ntsfpga_fail(err, errlen, -ENODEV,
                                "block %s at 0x%04x: NAME reads 0x%08x (\"%s\"), expected 0x%08x (\"%s\")",
                                blocks[i].block, blocks[i].base, name, got, blocks[i].id, want);
        if ((ver >> 16) != (blocks[i].version >> 16))
            return ntsfpga_fail(err, errlen, -ENODEV,
                                "block %s at 0x%04x: VERSION reads %u.%u, this driver supports major %u",
                                blocks[i].block, blocks[i].base, ver >> 16, ver & 0xffff,
                                blocks[i].version >> 16);
    }
    uint32_t n;
    int rc = d->ops->read32(d->ctx, NTSBOX_TOP_BLOCKS, &n);
    if (rc != 0) return ntsfpga_fail(err, errlen, rc, "TOP_BLOCKS read failed");
    if (n < NTSBOX_NUM_BLOCKS)
        return ntsfpga_fail(err, errlen, -ENODEV, "TOP_BLOCKS reads %u, the map needs %u", n, NTSBOX_NUM_BLOCKS);
    return 0;
}

int ntsfpga_open(const char *name, ntsfpga_t **out, char *err, size_t errlen) {
    if (err != NULL && errlen > 0) err[0] = 0;
    if (out == NULL) return ntsfpga_fail(err, errlen, -EFAULT, "no output handle pointer");
    *out = NULL;
    if (name == NULL) return ntsfpga_fail(err, errlen, -EINVAL, "no device name");
    struct ntsfpga *d = calloc(1, sizeof *d);
    if (d == NULL) return ntsfpga_fail(err, errlen, -ENOMEM, "out of memory");
    int rc;
    if (strncmp(name, "uio:", 4) == 0) {
        rc = ntsfpga_uio_open(name + 4, d, err, errlen);
    } else if (strncmp(name, "sim:", 4) == 0) {
        rc = ntsfpga_sim_open(name + 4, d, err, errlen);
    } else {
        rc = ntsfpga_fail(err, errlen, -EINVAL, "device name \"%s\" starts with neither uio: nor sim:", name);
    }
    if (rc == 0) {
        rc = identify(d, err, errlen);
        if (rc != 0) d->ops->close(d->ctx);
    }
    if (rc != 0) {
        free(d);
        return rc;
    }
    pthread_mutex_init(&d->lock, NULL);
    *out = d;
    return 0;
}

int ntsfpga_close(ntsfpga_t *d) {
    if (d == NULL) return 0;
    d->ops->close(d->ctx);
    pthread_mutex_destroy(&d->lock);
    free(d);
    return 0;
}

int ntsfpga_caps(ntsfpga_t *d, uint32_t *caps) {
    if (d == NULL || caps == NULL) return -EFAULT;
    *caps = d->caps;
    return 0;
}

/* ---- register access (callers hold the lock) ----------------------------------------- */

static int rd(struct ntsfpga *d, uint32_t off, uint32_t *v) {
    if ((off & 3u) != 0 || off > d->window - 4) return -EINVAL;
    return d->ops->read32(d->ctx, off, v);
}

static int wr(struct ntsfpga *d, uint32_t off, uint32_t v) {
    if ((off & 3u) != 0 || off > d->window - 4) return -EINVAL;
    return d->ops->write32(d->ctx, off, v);
}

#define LOCKED(d, body)                                      \
    do {                                                     \
        if ((d) == NULL) return -EFAULT;                     \
        pthread_mutex_lock(&(d)->lock);                      \
        int rc_ = 0;                                         \
        body;                                                \
        pthread_mutex_unlock(&(d)->lock);                    \
        return rc_;                                          \
    } while (0)
/* inside LOCKED: stop at the first failing register access */
#define TRY(expr) do { if ((rc_ = (expr)) != 0) goto out_; } while (0)

int ntsfpga_read32(ntsfpga_t *d, uint32_t off, uint32_t *val) {
    if (val == NULL) return -EFAULT;
    LOCKED(d, rc_ = rd(d, off, val));
}

int ntsfpga_write32(ntsfpga_t *d, uint32_t off, uint32_t val) {
    LOCKED(d, rc_ = wr(d, off, val));
}

/* ---- key memory ---------------------------------------------------------------------- */

int ntsfpga_key_install(ntsfpga_t *d, uint32_t id, const uint8_t key[NTSFPGA_KEY_BYTES], int valid) {
    if (key == NULL) return -EFAULT;
    uint32_t w[NTSBOX_KMEM_STAGE_KEY_COUNT];
    LOCKED(d, {
        for (unsigned i = 0; i < NTSBOX_KMEM_STAGE_KEY_COUNT; i++) w[i] = be32(key + 4 * i);
        TRY(wr(d, NTSBOX_KMEM_STAGE_ID, id));
        for (unsigned i = 0; i < NTSBOX_KMEM_STAGE_KEY_COUNT; i++)
            TRY(wr(d, NTSBOX_KMEM_STAGE_KEY0 + i * NTSBOX_KMEM_STAGE_KEY_STRIDE, w[i]));
        TRY(wr(d, NTSBOX_KMEM_COMMIT, valid ? NTSBOX_KMEM_COMMIT_VALID_MASK : 0));
    out_:
        wipe(w, sizeof w);
        if (rc_ != 0) /* best effort: do not leave a half-staged key in the registers */
            for (unsigned i = 0; i < NTSBOX_KMEM_STAGE_KEY_COUNT; i++)
                (void)wr(d, NTSBOX_KMEM_STAGE_KEY0 + i * NTSBOX_KMEM_STAGE_KEY_STRIDE, 0);
    });
}

int ntsfpga_key_retire(ntsfpga_t *d, unsigned slot) {
    if (slot >= NTSFPGA_KEY_SLOTS) return -EINVAL;
    LOCKED(d, rc_ = wr(d, NTSBOX_KMEM_RETIRE, slot));
}

int ntsfpga_key_set_current(ntsfpga_t *d, unsigned slot) {
    if (slot >= NTSFPGA_KEY_SLOTS) return -EINVAL;
    LOCKED(d, rc_ = wr(d, NTSBOX_KMEM_CURRENT, slot));
}

int ntsfpga_key_get_current(ntsfpga_t *d, unsigned *slot) {
    if (slot == NULL) return -EFAULT;
    uint32_t v = 0;
    LOCKED(d, {
        rc_ = rd(d, NTSBOX_KMEM_CURRENT, &v);
        *slot = v & NTSBOX_KMEM_CURRENT_SLOT_MASK;
    });
}

int ntsfpga_key_slots(ntsfpga_t *d, uint32_t ids[NTSFPGA_KEY_SLOTS], uint32_t *valid_mask) {
    if (ids == NULL || valid_mask == NULL) return -EFAULT;
    uint32_t st;
    LOCKED(d, {
        for (unsigned i = 0; i < NTSFPGA_KEY_SLOTS; i++)
            TRY(rd(d, NTSBOX_KMEM_SLOT_ID0 + i * NTSBOX_KMEM_SLOT_ID_STRIDE, &ids[i]));
        TRY(rd(d, NTSBOX_KMEM_STATUS, &st));
        *valid_mask = st & NTSBOX_KMEM_STATUS_VALID_MASK;
    out_:;
    });
}

/* ---- counters ------------------------------------------------------------------------- */

static int rd64(struct ntsfpga *d, uint32_t lo, uint64_t *v) {
    uint32_t l, h;
    int rc = rd(d, lo, &l);
    if (rc == 0) rc = rd(d, lo + 4, &h);
    if (rc == 0) *v = (uint64_t)h << 32 | l;
    return rc;
}

int ntsfpga_counters_snapshot(ntsfpga_t *d, struct ntsfpga_counters *out, int clear) {
    if (out == NULL) return -EFAULT;
    LOCKED(d, {
        TRY(wr(d, NTSBOX_CNT_CTRL, NTSBOX_CNT_CTRL_SNAPSHOT_MASK | (clear ? NTSBOX_CNT_CTRL_CLEAR_MASK : 0)));
        TRY(wr(d, NTSBOX_KMEM_SNAPSHOT, 1u | (clear ? NTSBOX_KMEM_SNAPSHOT_CLEAR_MASK : 0)));
        for (unsigned i = 0; i < NTSBOX_CNT_NUM_COUNTERS; i++) TRY(rd64(d, NTSBOX_CNT_COUNTERS + 8 * i, &out->cnt[i]));
        for (unsigned i = 0; i < NTSFPGA_KEY_SLOTS; i++)
            TRY(rd64(d, NTSBOX_KMEM_USE_CNT0_LO + i * NTSBOX_KMEM_USE_CNT_STRIDE, &out->key_use[i]));
        TRY(rd64(d, NTSBOX_KMEM_UNKNOWN_CNT_LO, &out->key_unknown));
    out_:;
    });
}

/* ---- clock ---------------------------------------------------------------------------- */

int ntsfpga_clock_read(ntsfpga_t *d, uint64_t *ntp, uint32_t *sub) {
    if (ntp == NULL) return -EFAULT;
    uint32_t f, s, u;
    LOCKED(d, {
        TRY(rd(d, NTSBOX_CLK_TIME_FRAC, &f)); /* latches SEC and SUB */
        TRY(rd(d, NTSBOX_CLK_TIME_SEC, &s));
        TRY(rd(d, NTSBOX_CLK_TIME_SUB, &u));
        *ntp = (uint64_t)s << 32 | f;
        if (sub != NULL) *sub = u;
    out_:;
    });
}

static int stage_set(struct ntsfpga *d, uint64_t ntp, uint32_t cmd) {
    int rc = wr(d, NTSBOX_CLK_SET_FRAC, (uint32_t)ntp);
    if (rc == 0) rc = wr(d, NTSBOX_CLK_SET_SEC, (uint32_t)(ntp >> 32));
    if (rc == 0) rc = wr(d, NTSBOX_CLK_CTRL, cmd);
    return rc;
}

int ntsfpga_clock_set(ntsfpga_t *d, uint64_t ntp) {
    LOCKED(d, rc_ = stage_set(d, ntp, NTSBOX_CLK_CTRL_SET_MASK));
}

int ntsfpga_clock_set_at_pps(ntsfpga_t *d, uint64_t ntp) {
    LOCKED(d, rc_ = stage_set(d, ntp, NTSBOX_CLK_CTRL_SET_AT_PPS_MASK));
}

int ntsfpga_clock_cancel_set(ntsfpga_t *d) {
    LOCKED(d, rc_ = wr(d, NTSBOX_CLK_CTRL, NTSBOX_CLK_CTRL_CANCEL_SET_MASK));
}

int ntsfpga_clock_set_incr(ntsfpga_t *d, uint64_t incr) {
    if (incr == 0) return -EINVAL; /* a stopped clock is never what the caller meant */
    LOCKED(d, {
        TRY(wr(d, NTSBOX_CLK_INCR_LO, (uint32_t)incr));
        TRY(wr(d, NTSBOX_CLK_INCR_HI, (uint32_t)(incr >> 32)));
        TRY(wr(d, NTSBOX_CLK_CTRL, NTSBOX_CLK_CTRL_INCR_MASK));
    out_:;
    });
}

int ntsfpga_clock_get_incr(ntsfpga_t *d, uint64_t *incr) {
    if (incr == NULL) return -EFAULT;
    LOCKED(d, rc_ = rd64(d, NTSBOX_CLK_INCR_LO, incr));
}

int ntsfpga_clock_adjust_phase(ntsfpga_t *d, int64_t offset) {
    uint64_t u = (uint64_t)offset;
    LOCKED(d, {
        TRY(wr(d, NTSBOX_CLK_ADJ_LO, (uint32_t)u));
        TRY(wr(d, NTSBOX_CLK_ADJ_HI, (uint32_t)(u >> 32)));
        TRY(wr(d, NTSBOX_CLK_CTRL, NTSBOX_CLK_CTRL_ADJ_MASK));
    out_:;
    });
}

int ntsfpga_clock_pps(ntsfpga_t *d, uint64_t *ntp, uint32_t *seq) {
    if (ntp == NULL || seq == NULL) return -EFAULT;
    uint32_t f, s;
    LOCKED(d, {
        TRY(rd(d, NTSBOX_CLK_PPS_FRAC, &f)); /* latches SEC and SEQ */
        TRY(rd(d, NTSBOX_CLK_PPS_SEC, &s));
        TRY(rd(d, NTSBOX_CLK_PPS_SEQ, seq));
        *ntp = (uint64_t)s << 32 | f;
    out_:;
    });
}

int ntsfpga_clock_status(ntsfpga_t *d, uint32_t *status) {
    if (status == NULL) return -EFAULT;
    LOCKED(d, rc_ = rd(d, NTSBOX_CLK_STATUS, status));
}

int ntsfpga_leap_schedule(ntsfpga_t *d, uint32_t leap_at, int insert) {
    uint32_t st;
    LOCKED(d, {
        TRY(rd(d, NTSBOX_CLK_STATUS, &st));
        if (st & NTSBOX_CLK_STATUS_IN_LEAP_MASK) { rc_ = -EBUSY; goto out_; }
        TRY(wr(d, NTSBOX_CLK_LEAP_AT, leap_at));
        TRY(wr(d, NTSBOX_CLK_LEAP_CTRL, insert ? NTSBOX_CLK_LEAP_CTRL_INSERT_MASK : NTSBOX_CLK_LEAP_CTRL_DELETE_MASK));
    out_:;
    });
}

int ntsfpga_leap_cancel(ntsfpga_t *d) {
    uint32_t st;
    LOCKED(d, {
        TRY(rd(d, NTSBOX_CLK_STATUS, &st));
        if (st & NTSBOX_CLK_STATUS_IN_LEAP_MASK) { rc_ = -EBUSY; goto out_; }
        TRY(wr(d, NTSBOX_CLK_LEAP_CTRL, NTSBOX_CLK_LEAP_CTRL_CANCEL_MASK));
    out_:;
    });
}

int ntsfpga_leap_clear_done(ntsfpga_t *d) {
    LOCKED(d, rc_ = wr(d, NTSBOX_CLK_LEAP_CTRL, NTSBOX_CLK_LEAP_CTRL_CLEAR_DONE_MASK));
}

uint64_t ntsfpga_incr_nominal(uint64_t hz) {
    if (hz == 0) return 0;
    unsigned __int128 one = (unsigned __int128)1 << 64;
    return (uint64_t)((one + hz / 2) / hz);
}

uint64_t ntsfpga_incr_from_ppb(uint64_t nominal, double ppb) {
    if (isnan(ppb)) ppb = 0;
    if (ppb > 1e6) ppb = 1e6;
    if (ppb < -1e6) ppb = -1e6;
    long double delta = (long double)nominal * (long double)ppb / 1e9L;
    return nominal + (uint64_t)(int64_t)llroundl(delta);
}

double ntsfpga_incr_to_ppb(uint64_t nominal, uint64_t incr) {
    if (nominal == 0) return 0;
    return (double)(((long double)(int64_t)(incr - nominal)) * 1e9L / (long double)nominal);
}

static int64_t div_round(__int128 n, int64_t d) { /* d > 0, half away from zero */
    return (int64_t)(n >= 0 ? (n + d / 2) / d : -((-n + d / 2) / d));
}

int64_t ntsfpga_ns_to_ntp_offset(int64_t ns) { return div_round((__int128)ns * ((__int128)1 << 32), 1000000000); }

int64_t ntsfpga_ntp_offset_to_ns(int64_t off) { return div_round((__int128)off * 1000000000, (int64_t)1 << 32); }

/* ---- NTP header ------------------------------------------------------------------------ */

int ntsfpga_hdr_stage(ntsfpga_t *d, uint8_t stratum, int8_t poll, int8_t precision, uint32_t root_delay,
                      uint32_t root_disp, uint32_t ref_id, uint64_t ref_time, int leap_override) {
    if (leap_override < -1 || leap_override > 3) return -EINVAL;
    uint32_t ovr = leap_override < 0 ? 0 : (NTSBOX_HDR_LEAP_OVERRIDE_ENABLE_MASK | (uint32_t)leap_override << NTSBOX_HDR_LEAP_OVERRIDE_LI_SHIFT);
    LOCKED(d, {
        TRY(wr(d, NTSBOX_HDR_STRATUM, stratum));
        TRY(wr(d, NTSBOX_HDR_POLL, (uint8_t)poll));
        TRY(wr(d, NTSBOX_HDR_PRECISION, (uint8_t)precision));
        TRY(wr(d, NTSBOX_HDR_ROOT_DELAY, root_delay));
        TRY(wr(d, NTSBOX_HDR_ROOT_DISP, root_disp));
        TRY(wr(d, NTSBOX_HDR_REF_ID, ref_id));
        TRY(wr(d, NTSBOX_HDR_REF_TIME_FRAC, (uint32_t)ref_time));
        TRY(wr(d, NTSBOX_HDR_REF_TIME_SEC, (uint32_t)(ref_time >> 32)));
        TRY(wr(d, NTSBOX_HDR_LEAP_OVERRIDE, ovr));
    out_:;
    });
}

int ntsfpga_hdr_apply(ntsfpga_t *d) { LOCKED(d, rc_ = wr(d, NTSBOX_HDR_APPLY, 1)); }

/* ---- datapath configuration ------------------------------------------------------------ */

#define DP_ENABLE_ALL 0x7Fu

int ntsfpga_dp_set_enable(ntsfpga_t *d, uint32_t bits) {
    if (bits & ~DP_ENABLE_ALL) return -EINVAL;
    LOCKED(d, rc_ = wr(d, NTSBOX_DP_ENABLE, bits));
}

int ntsfpga_dp_set_ipv4(ntsfpga_t *d, const uint8_t a[4]) {
    if (a == NULL) return -EFAULT;
    LOCKED(d, rc_ = wr(d, NTSBOX_DP_IPV4_ADDR, be32(a)));
}

int ntsfpga_dp_set_alt_port(ntsfpga_t *d, uint16_t port) { LOCKED(d, rc_ = wr(d, NTSBOX_DP_ALT_UDP_PORT, port)); }

int ntsfpga_dp_set_mac(ntsfpga_t *d, const uint8_t m[6]) {
    if (m == NULL) return -EFAULT;
    LOCKED(d, {
        TRY(wr(d, NTSBOX_DP_MAC_HI, (uint32_t)m[0] << 8 | m[1]));
        TRY(wr(d, NTSBOX_DP_MAC_LO, be32(m + 2)));
    out_:;
    });
}

static int set_words(struct ntsfpga *d, uint32_t base, const uint8_t *b, unsigned n) {
    int rc = 0;
    for (unsigned i = 0; i < n && rc == 0; i++) rc = wr(d, base + 4 * i, be32(b + 4 * i));
    return rc;
}

int ntsfpga_dp_set_ipv6(ntsfpga_t *d, const uint8_t a[16]) {
    if (a == NULL) return -EFAULT;
    LOCKED(d, rc_ = set_words(d, NTSBOX_DP_IPV6_ADDR0, a, 4));
}

int ntsfpga_dp_set_ipv6_ll(ntsfpga_t *d, const uint8_t a[16]) {
    if (a == NULL) return -EFAULT;
    LOCKED(d, rc_ = set_words(d, NTSBOX_DP_IPV6_LL0, a, 4));
}

int ntsfpga_dp_set_test_mode(ntsfpga_t *d, int fixed_nonce, const uint8_t seed[16]) {
    if (fixed_nonce && seed == NULL) return -EFAULT;
    uint8_t s[16] = {0};
    if (seed != NULL) memcpy(s, seed, sizeof s);
    LOCKED(d, {
        TRY(set_words(d, NTSBOX_DP_NONCE_SEED0, s, 4));
        TRY(wr(d, NTSBOX_DP_TEST_MODE, fixed_nonce ? NTSBOX_DP_TEST_MODE_FIXED_NONCE_MASK : 0));
    out_:
        wipe(s, sizeof s);
    });
}

int ntsfpga_dp_apply(ntsfpga_t *d) { LOCKED(d, rc_ = wr(d, NTSBOX_DP_APPLY, 1)); }

/* ---- model-only calls ------------------------------------------------------------------- */

#define SIMCALL(d, op, ...) LOCKED(d, rc_ = (d)->ops->op == NULL ? -ENOTSUP : (d)->ops->op((d)->ctx, __VA_ARGS__))

int ntsfpga_sim_step(ntsfpga_t *d, uint64_t cycles) { SIMCALL(d, sim_step, cycles); }
int ntsfpga_sim_cycles(ntsfpga_t *d, uint64_t *c) {
    if (c == NULL) return -EFAULT;
    SIMCALL(d, sim_cycles, c);
}
int ntsfpga_sim_pps(ntsfpga_t *d, uint32_t high) { SIMCALL(d, sim_pps, high); }
int ntsfpga_sim_tod(ntsfpga_t *d, uint64_t *ntp, uint32_t *li) {
    if (ntp == NULL || li == NULL) return -EFAULT;
    SIMCALL(d, sim_tod, ntp, li);
}
int ntsfpga_sim_count(ntsfpga_t *d, unsigned idx, uint32_t amount) {
    if (idx >= NTSBOX_CNT_NUM_COUNTERS) return -EINVAL;
    SIMCALL(d, sim_count, idx, amount);
}
int ntsfpga_sim_key_lookup(ntsfpga_t *d, int current, uint32_t id, int *hit, uint32_t *key_id, uint8_t key[32]) {
    if (hit == NULL || key_id == NULL || key == NULL) return -EFAULT;
    SIMCALL(d, sim_key_lookup, current, id, hit, key_id, key);
}
int ntsfpga_sim_hdr_outputs(ntsfpga_t *d, uint32_t out[9]) {
    if (out == NULL) return -EFAULT;
    SIMCALL(d, sim_hdr_outputs, out);
}
int ntsfpga_sim_dp_outputs(ntsfpga_t *d, uint32_t out[19]) {
    if (out == NULL) return -EFAULT;
    SIMCALL(d, sim_dp_outputs, out);
}
int ntsfpga_pkt_inject(ntsfpga_t *d, const uint8_t *frame, size_t len, uint64_t arrival) {
    if (frame == NULL) return -EFAULT;
    SIMCALL(d, pkt_inject, frame, len, arrival);
}
int ntsfpga_pkt_collect(ntsfpga_t *d, uint8_t *buf, size_t cap, size_t *len, uint64_t *departure) {
    if ((buf == NULL && cap > 0) || len == NULL || departure == NULL) return -EFAULT;
    SIMCALL(d, pkt_collect, buf, cap, len, departure);
}
int ntsfpga_pkt_run_until(ntsfpga_t *d, uint64_t cycle) { SIMCALL(d, pkt_run_until, cycle); }
