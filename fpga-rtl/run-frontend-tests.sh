#!/usr/bin/env bash
# Packet-side datapath tests (rx_parser, rx_dispatch, responders, tx_backend, launch_queue):
# Verilator -Wall lint of each of these modules, the launch_queue unit bench, the end-to-end bench sim/tb_eth_datapath.v
# over frames from sim/gen_frontend_frames.py (functional set with every drop reason and the
# ARP/ND/ICMP replies checked byte for byte, back-to-back line-rate NTP traffic, late drops)
# under Icarus (300 stress frames) and Verilator (10,000 stress frames).
# Generated files go to sim/out/. Prints "N passed, M failed"; exits non-zero on a failure.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rtl="$here/rtl"; sim="$here/../sim"; out="$sim/out/frontend-tests"
seed="${NTSBOX_FRONTEND_SEED:-1}"
rm -rf "$out"; mkdir -p "$out"
passed=0; failed=0
result() {   # result NAME OK(0/1) [LOG]
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "  ok    $1"
  else failed=$((failed + 1)); echo "  FAIL  $1"; [ -n "${3:-}" ] && tail -15 "$3" | sed 's/^/        /'; fi
}
bench_ok() { grep -q '^PASS' "$1" && ! grep -q 'FAIL' "$1"; }
mods=(eth_fifo rx_parser rx_dispatch arp_reply nd_advert icmp_echo_reply tx_backend launch_queue eth_datapath)

echo "-- lint (verilator --lint-only -Wall)"
for m in "${mods[@]}"; do
  verilator --lint-only -Wall --top-module "$m" "$rtl"/*.v >"$out/lint-$m.log" 2>&1
  result "lint $m" $? "$out/lint-$m.log"
done

echo "-- unit benches"
for t in tb_launch_queue; do
  log="$out/$t.iverilog.log"
  { iverilog -g2005 -Wall -s "$t" -o "$out/$t.vvp" "$here/tb/$t.v" "$rtl"/*.v && vvp -n "$out/$t.vvp"; } >"$log" 2>&1
  bench_ok "$log"; result "$t (Icarus)" $? "$log"
  log="$out/$t.verilator.log"
  { verilator --binary --timing -Wno-fatal -Wno-lint -Wno-style --top-module "$t" --Mdir "$out/$t.vobj" \
      -o sim "$here/tb/$t.v" "$rtl"/*.v && "$out/$t.vobj/sim"; } >"$log" 2>&1
  bench_ok "$log"; result "$t (Verilator)" $? "$log"
done

echo "-- frame sets (seed $seed)"
python3 "$sim/gen_frontend_frames.py" "$out/frames-small" 300 "$seed" >"$out/gen-small.log" 2>&1 &&
python3 "$sim/gen_frontend_frames.py" "$out/frames" 10000 "$seed" >"$out/gen.log" 2>&1
result "gen_frontend_frames.py" $? "$out/gen.log"

echo "-- end-to-end bench"
log="$out/e2e.iverilog.log"
{ iverilog -g2005 -s tb_eth_datapath -o "$out/e2e.vvp" "$sim/tb_eth_datapath.v" "$rtl"/*.v &&
  vvp -n "$out/e2e.vvp" +dir="$out/frames-small" +phases=3; } >"$log" 2>&1
bench_ok "$log"; rc=$?; result "tb_eth_datapath (Icarus, 300 stress frames): $(grep -E '^[0-9]+ passed' "$log")" $rc "$log"
log="$out/e2e.verilator.log"
{ verilator --binary --timing -Wno-fatal -Wno-lint -Wno-style -O2 --top-module tb_eth_datapath \
    --Mdir "$out/e2e.vobj" -o sim "$sim/tb_eth_datapath.v" "$rtl"/*.v >"$out/e2e.vbuild.log" 2>&1 &&
  "$out/e2e.vobj/sim" +dir="$out/frames" +phases=3; } >"$log" 2>&1
bench_ok "$log"; rc=$?; result "tb_eth_datapath (Verilator, 10,000 stress frames): $(grep -E '^[0-9]+ passed' "$log")" $rc "$log"
grep -E '^(func|stress|late):' "$log" | sed 's/^/        /'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
