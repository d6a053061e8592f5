#!/usr/bin/env bash
# Tests of the register map, CSR block, key memory and time-of-day clock:
#   1. fpga-rtl/gen_regmap.py --check (generated Verilog/C/Java/docs are up to date)
#   2. verilator --lint-only -Wall of every module (Verilator 5.006)
#   3. every self-checking bench sim/tb_<module>.v under Icarus (iverilog -g2005) and
#      Verilator (--binary --timing)
# Prints one line per step and "N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
rtl="$root/fpga-rtl"
out="$root/sim/out/regmap"
rm -rf "$out"; mkdir -p "$out"

# module -> the RTL files it needs (the bench sim/tb_<module>.v is added for simulation)
declare -A deps=(
  [keymem]="keymem.v"
  [tod_clock]="tod_clock.v"
  [csr_axil]="csr_axil.v"
  [csr_ntphdr]="csr_ntphdr.v"
  [csr_dpcfg]="csr_dpcfg.v"
  [csr_counters]="csr_counters.v"
  [csr_top]="csr_top.v csr_axil.v csr_ntphdr.v csr_dpcfg.v csr_counters.v keymem.v tod_clock.v"
)
modules=(keymem tod_clock csr_axil csr_ntphdr csr_dpcfg csr_counters csr_top)

passed=0; failed=0
result() {   # result NAME STATUS LOG
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "  ok    $1"
  else failed=$((failed + 1)); echo "  FAIL  $1"; tail -15 "$3" | sed 's/^/        /'; fi
}
bench_ok() { grep -q '^PASS' "$1" && ! grep -q '^FAIL' "$1"; }
files() { local f; for f in ${deps[$1]}; do echo "$rtl/$f"; done; }

echo "-- register map generator"
python3 "$rtl/gen_regmap.py" --check >"$out/gen-check.log" 2>&1
result "gen_regmap.py --check" $? "$out/gen-check.log"

echo "-- lint (verilator --lint-only -Wall)"
for m in "${modules[@]}"; do
  [ -f "$rtl/$m.v" ] || continue
  verilator --lint-only -Wall -I"$rtl" --top-module "$m" $(files "$m") >"$out/lint-$m.log" 2>&1
  result "lint $m" $? "$out/lint-$m.log"
done

verilator --lint-only -Wall -I"$rtl" --top-module keymem -GN_PORTS=16 $(files keymem) >"$out/lint-keymem16.log" 2>&1
result "lint keymem N_PORTS=16" $? "$out/lint-keymem16.log"

echo "-- benches (Icarus, Verilator)"
for m in "${modules[@]}"; do
  tb="$here/tb_$m.v"
  [ -f "$tb" ] || continue
  log="$out/iv-$m.log"
  { iverilog -g2005 -I"$rtl" -s "tb_$m" -o "$out/tb_$m.vvp" "$tb" $(files "$m") &&
    vvp -n "$out/tb_$m.vvp"; } >"$log" 2>&1
  st=$?; [ $st -eq 0 ] && ! bench_ok "$log" && st=1
  result "icarus tb_$m" $st "$log"

  log="$out/vl-$m.log"
  { verilator --binary --timing -j 2 -Wno-fatal -Wno-lint -Wno-style -I"$rtl" --top-module "tb_$m" \
      -Mdir "$out/vl-$m" -o "tb_$m" -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O0" \
      "$tb" $(files "$m") >"$out/vl-build-$m.log" 2>&1 || { cat "$out/vl-build-$m.log"; false; } } &&
    "$out/vl-$m/tb_$m" >"$log" 2>&1
  st=$?; [ -f "$log" ] || cp "$out/vl-build-$m.log" "$log"
  [ $st -eq 0 ] && ! bench_ok "$log" && st=1
  result "verilator tb_$m" $st "$log"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
