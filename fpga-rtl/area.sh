#!/usr/bin/env bash
# Yosys 0.23 synth_xilinx (7-series, flattened) LUT/FF estimates, not Vivado results:
#   fpga-rtl/area.sh [PIPES=3] [CTX=14]
# Reports aes128_pipe alone, one siv_engine context, one siv_cluster (1 pipe + CTX
# contexts) and the whole siv_array. Logs in sim/out/area/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pipes="${1:-3}"; ctx="${2:-14}"
out="$here/../sim/out/area"; mkdir -p "$out"
synth() {   # synth NAME TOP PARAM_ARGS
  local name="$1" top="$2" params="$3"
  yosys -q -l "$out/$name.log" -p "read_verilog $here/rtl/*.v; chparam $params $top; synth_xilinx -family xc7 -flatten -top $top; stat" >/dev/null 2>&1 \
    || yosys -q -l "$out/$name.log" -p "read_verilog $here/rtl/*.v; synth_xilinx -family xc7 -flatten -top $top; stat" >/dev/null
  local luts ffs
  luts="$(grep -E '^ +LUT[1-6] ' "$out/$name.log" | awk '{s+=$2} END {print s+0}')"
  ffs="$(grep -E '^ +FD[RSCPE]+ ' "$out/$name.log" | awk '{s+=$2} END {print s+0}')"
  printf '%-28s LUTs %7d  FFs %7d\n' "$name" "$luts" "$ffs"
}
synth aes128_pipe aes128_pipe "-set TAG_W 8"
synth siv_engine siv_engine "-set LEN_W 11"
synth "siv_cluster_CTX$ctx" siv_cluster "-set CTX $ctx"
synth "siv_array_${pipes}x$ctx" siv_array "-set PIPES $pipes -set CTX $ctx"
