/* CPU time (this thread) of the AES-SIV calls of one minimal NTS request, in C without the JVM:
 * the floor under what host-java's StepCryptoCpu measures. Not a test; make bench. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ntssiv.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

#define N 2000000
#define BENCH(name, stmt) do { \
        double best = 1e30; \
        for (int r = 0; r < 5; r++) { \
            double t0 = now(); \
            for (int i = 0; i < N; i++) { stmt; __asm__ volatile("" ::: "memory"); } \
            double t = (now() - t0) / N; \
            if (t < best) best = t; \
        } \
        printf("%-14s %6.1f ns\n", name, best); \
    } while (0)

int main(void) {
    if (!ntssiv_cpu_supported()) return 0;
    _Alignas(16) uint8_t ctx[1024];
    uint8_t master[32], c2s[32], s2c[32], nonce[16], req[188], cpt[64], rad[84], rpt[104];
    uint8_t cookie[80], tag[16], resp[120], pt[64];
    for (int i = 0; i < 188; i++) req[i] = (uint8_t)i;
    memset(master, 1, 32); memset(c2s, 2, 32); memset(s2c, 3, 32); memset(nonce, 4, 16);
    memset(cpt, 5, 64); memset(rad, 6, 84); memset(rpt, 7, 104);
    ntssiv_init(ctx, master, 32);
    ntssiv_seal(ctx, NULL, 0, 0, 3, cpt, 0, 0, nonce, 0, 16, cpt, 0, 64, cookie, 0);
    ntssiv_seal(NULL, c2s, 0, 32, 3, req, 0, 188, nonce, 0, 16, NULL, 0, 0, tag, 0);
    long ok = 0;
    BENCH("cookie_open", ok += ntssiv_open(ctx, NULL, 0, 0, 3, cpt, 0, 0, nonce, 0, 16, cookie, 0, 80, pt, 0));
    BENCH("c2s_open", ok += ntssiv_open(NULL, c2s, 0, 32, 3, req, 0, 188, nonce, 0, 16, tag, 0, 16, pt, 0));
    BENCH("cookie_mint", ntssiv_seal(ctx, NULL, 0, 0, 3, cpt, 0, 0, nonce, 0, 16, cpt, 0, 64, cookie, 0));
    BENCH("s2c_seal", ntssiv_seal(NULL, s2c, 0, 32, 3, rad, 0, 84, nonce, 0, 16, rpt, 0, 104, resp, 0));
    BENCH("init (expand)", ntssiv_init(ctx, master, 32));
    printf("(ok sum %ld)\n", ok);
    return 0;
}
