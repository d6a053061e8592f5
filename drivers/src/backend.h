/* Internal: what a backend (UIO, Verilator model) provides to the common driver code. */
#ifndef NTSFPGA_BACKEND_H
#define NTSFPGA_BACKEND_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Internal symbols stay inside the library (a process may load libntsfpga.so and
 * libntsfpga_uio.so side by side without one binding to the other's backends). */
#pragma GCC visibility push(hidden)

struct ntsfpga_ops {
    int (*read32)(void *ctx, uint32_t off, uint32_t *val);
    int (*write32)(void *ctx, uint32_t off, uint32_t val);
    void (*close)(void *ctx);
    /* model-only operations; NULL means -ENOTSUP */
    int (*sim_step)(void *ctx, uint64_t cycles);
    int (*sim_cycles)(void *ctx, uint64_t *cycles);
    int (*sim_pps)(void *ctx, uint32_t high_cycles);
    int (*sim_tod)(void *ctx, uint64_t *ntp, uint32_t *li);
    int (*sim_count)(void *ctx, unsigned idx, uint32_t amount);
    int (*sim_key_lookup)(void *ctx, int current, uint32_t id, int *hit, uint32_t *key_id, uint8_t key[32]);
    int (*sim_hdr_outputs)(void *ctx, uint32_t out[9]);
    int (*sim_dp_outputs)(void *ctx, uint32_t out[19]);
    int (*pkt_inject)(void *ctx, const uint8_t *frame, size_t len, uint64_t arrival);
    int (*pkt_collect)(void *ctx, uint8_t *buf, size_t cap, size_t *len, uint64_t *departure);
    int (*pkt_run_until)(void *ctx, uint64_t cycle);
};

struct ntsfpga {
    const struct ntsfpga_ops *ops;
    void *ctx;
    uint32_t caps;
    uint32_t window;           /* bytes of register space the backend maps */
    pthread_mutex_t lock;
};

/* Backend constructors: fill ops/ctx/caps/window or return a negative errno with a message. */
int ntsfpga_uio_open(const char *spec, struct ntsfpga *dev, char *err, size_t errlen);
int ntsfpga_sim_open(const char *spec, struct ntsfpga *dev, char *err, size_t errlen);
/* The full datapath top (sim:model=ntsbox_top), called by ntsfpga_sim_open. */
int ntsfpga_sim_ntsbox_top_open(struct ntsfpga *dev, char *err, size_t errlen);

/* printf into err (if not NULL) and return code. */
int ntsfpga_fail(char *err, size_t errlen, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
