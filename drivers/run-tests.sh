#!/usr/bin/env bash
# Builds libntsfpga (UIO + Verilator backends, and the UIO-only board library) and runs the
# C unit tests: UIO discovery/identification on a fake sysfs tree, and every API call on the
# Verilator model of fpga-rtl/csr_top.v; the packet port of the full top (ntsbox_top). Prints "N passed, M failed"; non-zero on failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
make -s -C "$here" -j2 all
rc=0
"$here/out/test_ntsfpga" || rc=1
echo "-- packet port (sim:model=ntsbox_top)"
"$here/out/test_packet_port" || rc=1
exit $rc
