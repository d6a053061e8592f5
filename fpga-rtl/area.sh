#!/usr/bin/env bash
# Yosys 0.23 synth_xilinx (7-series, flattened) area estimates, not Vivado results:
#   fpga-rtl/area.sh [ROW...]        rows: pipe cluster cluster1 array (default: all, in order)
# Environment: PIPES (3), CTX (14), AREA_TIMEOUT seconds per row (3600; 0 = none).
#   pipe      aes128_pipe alone (TAG_W 8)
#   cluster   siv_cluster CTX=$CTX: one pipeline, the shared sequencer, CTX contexts
#   cluster1  siv_cluster CTX=1: the same ring with one context; (cluster - cluster1) /
#             (CTX - 1) is the cost of one more context
#   array     siv_array PIPES x CTX, the whole engine (slow: about PIPES x a cluster)
#   slot      nts_slot: one packet slot (buffer, sequencer, streamer); the engine has PIPES x CTX
#   parser    nts_rx_parser (one per engine)
#   nonce     nts_nonce_gen for PIPES x CTX slots (one per engine)
#   frontend  eth_datapath: MAC-side parser, responders, tx_backend, launch queue
# Prints per row: logic LUTs (LUT1-6), SRL16E/SRLC32E shift registers (also one LUT
# each), LUTRAM cells, MUXF7/MUXF8 (no LUT cost), flip-flops. Counts come from the last
# "Printing statistics" block of the log (synth_xilinx prints one itself). A row that
# runs out of time prints "timeout". Logs in sim/out/area/.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pipes="${PIPES:-3}"; ctx="${CTX:-14}"; limit="${AREA_TIMEOUT:-3600}"
out="$here/../sim/out/area"; mkdir -p "$out"
count() {   # count LOG REGEX -> sum of the cell counts in the last statistics block
  awk -v re="$2" '/Printing statistics/ {n = 0; delete c} $1 ~ re && $2 ~ /^[0-9]+$/ {c[$1] = $2}
                  END {for (k in c) n += c[k]; print n + 0}' "$1"
}
synth() {   # synth NAME TOP PARAM_ARGS
  local name="$1" top="$2" params="$3" log="$out/$1.log" t0 rc
  local script="read_verilog -I$here $here/rtl/*.v; ${params:+chparam $params $top; }synth_xilinx -family xc7 -flatten -top $top; stat"
  t0=$(date +%s)
  if [ "$limit" -gt 0 ]; then timeout "$limit" yosys -q -l "$log" -p "$script" >/dev/null 2>&1; rc=$?
  else yosys -q -l "$log" -p "$script" >/dev/null 2>&1; rc=$?; fi
  if [ "$rc" -eq 124 ]; then printf '%-22s timeout after %ss\n' "$name" "$limit"; return; fi
  if [ "$rc" -ne 0 ]; then printf '%-22s yosys failed (rc %s), see %s\n' "$name" "$rc" "$log"; return; fi
  printf '%-22s LUTs %7d  SRLs %6d  LUTRAM %5d  MUXF %6d  FFs %7d  (%ss)\n' "$name" \
    "$(count "$log" '^LUT[1-6]$')" "$(count "$log" '^SRL')" "$(count "$log" '^RAM[0-9]+')" \
    "$(count "$log" '^MUXF[78]$')" "$(count "$log" '^FD[RSCPE]+$')" "$(( $(date +%s) - t0 ))"
}
rows=("$@"); [ ${#rows[@]} -eq 0 ] && rows=(pipe cluster cluster1 array)
for row in "${rows[@]}"; do
  case "$row" in
    pipe)     synth aes128_pipe aes128_pipe "-set TAG_W 8" ;;
    cluster)  synth "siv_cluster_CTX$ctx" siv_cluster "-set CTX $ctx" ;;
    cluster1) synth siv_cluster_CTX1 siv_cluster "-set CTX 1" ;;
    array)    synth "siv_array_${pipes}x$ctx" siv_array "-set PIPES $pipes -set CTX $ctx" ;;
    slot)     synth nts_slot nts_slot "" ;;
    parser)   synth nts_rx_parser nts_rx_parser "" ;;
    nonce)    synth nts_nonce_gen nts_nonce_gen "-set N $((pipes * ctx))" ;;
    frontend) synth eth_datapath eth_datapath "" ;;
    *) echo "unknown row $row (pipe cluster cluster1 array slot parser nonce frontend)" >&2; exit 2 ;;
  esac
done
