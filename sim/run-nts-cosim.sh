#!/usr/bin/env bash
# Co-simulation of fpga-rtl/rtl/nts_engine.v against the Java server step:
#   sim/run-nts-cosim.sh COUNT [SEED] [PIPES CTX]
# generates COUNT random requests plus every captured chrony/NTPsec request
# (net.ntsbox.rtl.NtsCosimGenerator), runs them through the engine under Verilator
# (sim/tb_nts_cosim.v, default shape 3x14) and prints "N passed, M failed".
# NTSBOX_COSIM_ARGS adds bench plusargs (e.g. "+stall" or "+gap=3000").
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/sim-lib.sh"
count="${1:-1000}"; seed="${2:-1}"; pipes="${3:-3}"; ctx="${4:-14}"
vectors="${NTSBOX_VECTORS:-$here/../../shared/vectors}"
image="$OUT_DIR/nts-cosim-$count-$seed.memh"
java_nts_cases "$count" "$seed" "$image" "$vectors/chrony-ntpsec-captures.json" || { echo "0 passed, 1 failed"; exit 1; }
bin="$(nts_vsim_build "$pipes" "$ctx")" || { echo "0 passed, 1 failed"; exit 1; }
"$bin" +image="$image" ${NTSBOX_COSIM_ARGS:-} | tee "$OUT_DIR/nts-cosim-$count-$seed.log" | grep -v '^- '
cases_ok "$OUT_DIR/nts-cosim-$count-$seed.log"
