#!/usr/bin/env bash
# NTS engine test command (called by scripts/test-all.sh): Verilator -Wall lint of every
# nts_* module (and the engine at a second shape), the nts_* unit benches under Icarus and
# Verilator, a short co-simulation against the Java server step under Icarus (shape 1x2),
# and the 1,000-case co-simulation (plus every captured chrony/NTPsec request) under
# Verilator at the default shape 3x14 (seed $NTSBOX_RTL_SEED, default 1).
# Prints "N passed, M failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../sim/sim-lib.sh"
rtl="$here/rtl"; tb="$here/tb"; out="$OUT_DIR/engine-tests"
seed="${NTSBOX_RTL_SEED:-1}"
rm -rf "$out"; mkdir -p "$out"
passed=0; failed=0
result() {   # result NAME OK(0/1) [LOG]
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "  ok    $1"
  else failed=$((failed + 1)); echo "  FAIL  $1"; [ -n "${3:-}" ] && tail -15 "$3" | sed 's/^/        /'; fi
}
bench_ok() { grep -q '^PASS' "$1" && ! grep -q 'FAIL' "$1"; }

echo "-- lint (verilator --lint-only -Wall)"
for f in "$rtl"/nts_*.v; do
  m="$(basename "$f" .v)"
  verilator --lint-only -Wall -I"$here" --top-module "$m" "$rtl"/*.v >"$out/lint-$m.log" 2>&1
  result "lint $m" $? "$out/lint-$m.log"
done
verilator --lint-only -Wall -I"$here" --top-module nts_engine -GPIPES=1 -GCTX=2 "$rtl"/*.v >"$out/lint-engine-1x2.log" 2>&1
result "lint nts_engine PIPES=1 CTX=2" $? "$out/lint-engine-1x2.log"

echo "-- unit benches"
for f in "$tb"/tb_nts_*.v; do
  t="$(basename "$f" .v)"
  log="$out/$t.iverilog.log"
  { iverilog -g2005 -Wall -I"$here" -s "$t" -o "$out/$t.vvp" "$f" "$rtl"/*.v && vvp -n "$out/$t.vvp"; } >"$log" 2>&1
  bench_ok "$log"; result "$t (Icarus)" $? "$log"
  log="$out/$t.verilator.log"
  { verilator --binary --timing -Wno-fatal -Wno-lint -Wno-style -I"$here" --top-module "$t" --Mdir "$out/$t.vobj" \
      -o sim "$f" "$rtl"/*.v && "$out/$t.vobj/sim"; } >"$log" 2>&1
  bench_ok "$log"; result "$t (Verilator)" $? "$log"
done

echo "-- co-simulation against the Java server step"
log="$out/cosim-icarus.log"
if java_nts_cases 16 "$seed" "$out/small.memh" >"$log" 2>&1; then
  { iverilog -g2005 -I"$here" -s tb_nts_cosim -P tb_nts_cosim.PIPES=1 -P tb_nts_cosim.CTX=2 \
      -P tb_nts_cosim.IMG=100000 -P tb_nts_cosim.MAXC=100 -o "$out/cosim.vvp" \
      "$here/../sim/tb_nts_cosim.v" "$rtl"/*.v && vvp -n "$out/cosim.vvp" +image="$out/small.memh"; } 2>&1 |
    grep -v 'Not enough words' >>"$log"
  cases_ok "$log"; rc=$?
  result "co-sim, Icarus, PIPES=1 CTX=2: $(grep -E '^[0-9]+ passed' "$log" | tail -1)" $rc "$log"
else
  result "co-sim case generation" 1 "$log"
fi
log="$out/cosim-1000.log"
"$here/../sim/run-nts-cosim.sh" 1000 "$seed" >"$log" 2>&1; rc=$?
result "co-sim, Verilator, PIPES=3 CTX=14, 1000 random + captured requests: $(grep -E '^[0-9]+ passed' "$log" | tail -1)" $rc "$log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
