/* A tiny test harness: CHECK records a failure and continues; a test passes when none of its
 * CHECKs failed. main() prints one line per test and "N passed, M failed". */
#ifndef NTSFPGA_HARNESS_H
#define NTSFPGA_HARNESS_H
#include <stdio.h>

static int h_failures;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            h_failures++;                                                    \
            printf("    %s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
            printf(__VA_ARGS__);                                             \
            printf("\n");                                                    \
        }                                                                    \
    } while (0)
#define CHECK_RC(expr, want)                                                 \
    do {                                                                     \
        int rc__ = (expr);                                                   \
        CHECK(rc__ == (want), "%s returned %d (%s), wanted %d", #expr, rc__, \
              ntsfpga_strerror(rc__), (want));                               \
    } while (0)
#define CHECK_OK(expr) CHECK_RC(expr, 0)

struct h_test { const char *name; void (*fn)(void); };

static int h_run(const struct h_test *t, int n) {
    int passed = 0, failed = 0;
    for (int i = 0; i < n; i++) {
        int before = h_failures;
        t[i].fn();
        if (h_failures == before) { passed++; printf("  ok    %s\n", t[i].name); }
        else { failed++; printf("  FAIL  %s\n", t[i].name); }
        fflush(stdout);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
#endif
