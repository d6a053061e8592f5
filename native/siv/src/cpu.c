/* CPU feature check, compiled without -maes/-msse4.1 so that it runs on any x86-64. */
#include <cpuid.h>

#include "ntssiv.h"

int ntssiv_cpu_supported(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const unsigned ssse3 = 1u << 9, sse41 = 1u << 19, aesni = 1u << 25;
    return (c & ssse3) && (c & sse41) && (c & aesni);
}
