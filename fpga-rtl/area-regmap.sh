#!/usr/bin/env bash
# Yosys 0.23 synth_xilinx (xc7, flattened) LUT/FF estimate of the register-map modules:
# keymem (N_PORTS = 2 and 16), tod_clock, csr_counters, and the whole csr_top. Rough numbers,
# not Vivado. Prints one line per module.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/out/area-regmap"; mkdir -p "$out"
all="csr_top.v csr_axil.v csr_ntphdr.v csr_dpcfg.v csr_counters.v keymem.v tod_clock.v"
run() {   # run LABEL TOP "chparam args"
  local label="$1" top="$2" params="$3" files=""
  for f in $all; do files="$files $here/$f"; done
  yosys -q -l "$out/$label.log" -p "read_verilog -I$here $files; $params hierarchy -top $top; \
    synth_xilinx -family xc7 -flatten -top $top; tee -o $out/$label.stat stat" >/dev/null 2>&1
  local luts ffs
  luts=$(awk '/LUT[1-6] /{s+=$2} END{print s+0}' "$out/$label.stat")
  ffs=$(awk '/FD[RSCPE]+ /{s+=$2} END{print s+0}' "$out/$label.stat")
  printf '%-28s LUTs %6d   FFs %6d\n' "$label" "$luts" "$ffs"
}
run keymem_2ports keymem "chparam -set N_PORTS 2 keymem;"
run keymem_16ports keymem "chparam -set N_PORTS 16 keymem;"
run tod_clock tod_clock ""
run csr_counters csr_counters ""
run csr_top_2ports csr_top ""
