/* Stand-in for the Verilator backend in libntsfpga_uio.so (the board build, no C++ runtime). */
#include "backend.h"

#include <errno.h>

int ntsfpga_sim_open(const char *spec, struct ntsfpga *dev, char *err, size_t errlen) {
    (void)spec;
    (void)dev;
    return ntsfpga_fail(err, errlen, -ENOTSUP, "sim: this library was built without the Verilator backend "
                                               "(use libntsfpga.so)");
}
