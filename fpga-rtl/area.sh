#!/usr/bin/env bash
# Yosys 0.23 synth_xilinx (7-series, flattened) area estimates, not Vivado results:
#   fpga-rtl/area.sh [ROW...]        rows: pipe cluster cluster1 array (default: all, in order)
# Environment: PIPES (3), CTX (14), AREA_TIMEOUT seconds per row (3600; 0 = none),
#   AREA_REUSE=1: a block whose log in sim/out/area/ finished is not synthesised again (its
#   counts are read from the log; delete the log after changing that block's RTL).
#   TOP_PARTS: the parts of the top row to synthesise (default all; the others are read
#   from their logs), e.g. TOP_PARTS=cluster in one shell and the rest in another.
#   pipe      aes128_pipe alone (TAG_W 8)
#   cluster   siv_cluster CTX=$CTX: one pipeline, the shared sequencer, CTX contexts
#   cluster1  siv_cluster CTX=1: the same ring with one context; (cluster - cluster1) /
#             (CTX - 1) is the cost of one more context
#   array     siv_array PIPES x CTX, the whole engine (slow: about PIPES x a cluster)
#   slot      nts_slot: one packet slot (buffer, sequencer, streamer); the engine has PIPES x CTX
#   parser    nts_rx_parser (one per engine)
#   nonce     nts_nonce_gen for PIPES x CTX slots (one per engine)
#   frontend  eth_datapath: MAC-side parser, responders, tx_backend, launch queue
#   top       the whole ntsbox_top as a SUM OF PER-MODULE SYNTHESES (flat synthesis of the
#             top is not feasible here: the SIV array alone takes well over an hour). Each
#             unique block is synthesised once, flattened, with the big repeated blocks
#             below it read as black boxes (read_verilog -lib), at the parameters the top
#             uses; the counts are multiplied by the instance count and summed:
#               top_glue     ntsbox_top + csr_top (keymem, tod_clock, counters)  x1
#               frontend     eth_datapath (TDATA_AW 12, TDESC_AW 7)               x1
#               engine_glue  nts_engine minus slots and SIV array (parser, nonce
#                            generator, key table, input/output arbiters)         x1
#               slot         nts_slot                                             x PIPES*CTX
#               array_glue   siv_array minus its clusters                         x1
#               cluster      siv_cluster CTX, LEN_W 11, ADDR_W 10                 x PIPES
#             No cross-boundary optimisation happens (a flat run could only be smaller).
# Prints per row: logic LUTs (LUT1-6), SRL16E/SRLC32E shift registers (also one LUT
# each), LUTRAM cells, MUXF7/MUXF8 (no LUT cost), flip-flops, RAMB36E1/RAMB18E1 and
# DSP48E1. Counts come from the last "Printing statistics" block of the log (synth_xilinx
# prints one itself). A row that runs out of time prints "timeout". Logs in sim/out/area/.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pipes="${PIPES:-3}"; ctx="${CTX:-14}"; limit="${AREA_TIMEOUT:-3600}"; reuse="${AREA_REUSE:-0}"
out="$here/../sim/out/area"; mkdir -p "$out"
count() {   # count LOG REGEX -> sum of the cell counts in the last statistics block
  awk -v re="$2" '/Printing statistics/ {n = 0; delete c} $1 ~ re && $2 ~ /^[0-9]+$/ {c[$1] = $2}
                  END {for (k in c) n += c[k]; print n + 0}' "$1"
}
# the columns of a finished log, in the order of the table
cols() { echo "$(count "$1" '^LUT[1-6]$') $(count "$1" '^SRL') $(count "$1" '^RAM[0-9]+')" \
              "$(count "$1" '^MUXF[78]$') $(count "$1" '^FD[RSCPE]+$') $(count "$1" '^RAMB36')" \
              "$(count "$1" '^RAMB18') $(count "$1" '^DSP48')"; }
finished() { [ -f "$1" ] && grep -q "End of script" "$1"; }
synth_one() {   # synth NAME TOP PARAM_ARGS [BLACKBOX_FILE...]; sets last_log ("" on failure)
  local name="$1" top="$2" params="$3" log="$out/$1.log" t0 rc f lib="" src=""
  shift 3
  local files=("$here"/rtl/*.v) defer=""
  # the register blocks check their parameters against the register map when elaborated:
  # only the top reads them, deferred (elaborated once, at the parameters the top gives)
  if [ "$top" = ntsbox_top ]; then files+=("$here"/*.v); defer="-defer "; params=""; fi
  for f in "${files[@]}"; do
    case " $* " in *" $f "*) lib="$lib $f" ;; *) src="$src $f" ;; esac
  done
  last_log=""
  if [ "$reuse" = 1 ] && finished "$log"; then
    printf '%-22s (reused %s)\n' "$name" "$log"; last_log="$log"; return
  fi
  local script="read_verilog $defer-I$here $src; ${lib:+read_verilog -lib -I$here $lib; }${params:+chparam $params $top; }synth_xilinx -family xc7 -flatten -top $top; stat"
  t0=$(date +%s)
  if [ "$limit" -gt 0 ]; then timeout "$limit" yosys -q -l "$log" -p "$script" >/dev/null 2>&1; rc=$?
  else yosys -q -l "$log" -p "$script" >/dev/null 2>&1; rc=$?; fi
  if [ "$rc" -eq 124 ]; then printf '%-22s timeout after %ss\n' "$name" "$limit"; return; fi
  if [ "$rc" -ne 0 ]; then printf '%-22s yosys failed (rc %s), see %s\n' "$name" "$rc" "$log"; return; fi
  set -- $(cols "$log")
  printf '%-22s LUTs %7d  SRLs %6d  LUTRAM %5d  MUXF %6d  FFs %7d  RAMB36 %3d  RAMB18 %3d  DSP %2d  (%ss)\n' \
    "$name" "$@" "$(( $(date +%s) - t0 ))"
  last_log="$log"
}
top_sum() {   # synthesise the parts of ntsbox_top, then print the instance-weighted table
  local n=$((pipes * ctx)) r=$here/rtl parts=() logs=() mult=() i k
  local -a tot=(0 0 0 0 0 0 0 0)
  local want=" ${TOP_PARTS:-top_glue frontend engine_glue slot array_glue cluster} "
  synth() {   # a part not in TOP_PARTS: only its finished log
    if [[ "$want" == *" ${parts_next} "* ]]; then synth_one "$@"
    elif finished "$out/$1.log"; then last_log="$out/$1.log"; else last_log=""; fi
  }
  parts_next=top_glue
  # (at the top's default parameters, the board shape: they only size the black boxes' ports)
  synth top_glue ntsbox_top "" "$r/eth_datapath.v" "$r/nts_engine.v"
  parts+=(top_glue); logs+=("$last_log"); mult+=(1)
  parts_next=frontend
  synth eth_datapath_top eth_datapath "-set TDATA_AW 12 -set TDESC_AW 7"
  parts+=(frontend); logs+=("$last_log"); mult+=(1)
  parts_next=engine_glue
  synth "engine_glue_${pipes}x$ctx" nts_engine "-set PIPES $pipes -set CTX $ctx" "$r/nts_slot.v" "$r/siv_array.v"
  parts+=(engine_glue); logs+=("$last_log"); mult+=(1)
  parts_next=slot
  synth nts_slot nts_slot ""
  parts+=(slot); logs+=("$last_log"); mult+=("$n")
  parts_next=array_glue
  synth "array_glue_${pipes}x$ctx" siv_array "-set PIPES $pipes -set CTX $ctx -set LEN_W 11 -set ADDR_W 10" "$r/siv_cluster.v"
  parts+=(array_glue); logs+=("$last_log"); mult+=(1)
  parts_next=cluster
  synth "siv_cluster_CTX${ctx}_engine" siv_cluster "-set CTX $ctx -set LEN_W 11 -set ADDR_W 10"
  parts+=(cluster); logs+=("$last_log"); mult+=("$pipes")
  echo
  echo "ntsbox_top PIPES=$pipes CTX=$ctx: SUM OF PER-MODULE SYNTHESES (each block flattened alone,"
  echo "black boxes below it; no cross-boundary optimisation), Yosys 0.23 synth_xilinx xc7"
  printf '%-12s %5s %9s %7s %7s %8s %9s %7s %7s %4s\n' block count LUTs SRLs LUTRAM MUXF FFs RAMB36 RAMB18 DSP
  for i in "${!parts[@]}"; do
    if [ -z "${logs[$i]}" ]; then printf '%-12s %5s   missing (synthesis failed or timed out)\n' "${parts[$i]}" "${mult[$i]}"; tot=(); continue; fi
    set -- $(cols "${logs[$i]}")
    local -a c=("$@")
    printf '%-12s %5s' "${parts[$i]}" "x${mult[$i]}"
    for k in 0 1 2 3 4 5 6 7; do
      printf ' %*d' "$( case $k in 0|4) echo 9;; 3) echo 8;; 5|6) echo 7;; 7) echo 4;; *) echo 7;; esac )" $(( c[k] * mult[i] ))
      [ ${#tot[@]} -eq 8 ] && tot[$k]=$(( tot[k] + c[k] * mult[i] ))
    done
    echo
  done
  if [ ${#tot[@]} -eq 8 ]; then
    printf '%-12s %5s %9d %7d %7d %8d %9d %7d %7d %4d\n' TOTAL "" "${tot[@]}"
    echo "LUT total incl. SRL and LUTRAM: $(( tot[0] + tot[1] + tot[2] ));" \
         "BRAM: $(( tot[5] + (tot[6] + 1) / 2 )) RAMB36-equivalents"
  else
    echo "TOTAL       incomplete: a part is missing"
  fi
  synth() { synth_one "$@"; }
}
synth() { synth_one "$@"; }
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
    top)      top_sum ;;
    *) echo "unknown row $row (pipe cluster cluster1 array slot parser nonce frontend top)" >&2; exit 2 ;;
  esac
done
