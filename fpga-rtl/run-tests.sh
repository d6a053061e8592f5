#!/usr/bin/env bash
# RTL test command (called by scripts/test-all.sh): Verilator -Wall lint of every module,
# the unit benches under Icarus and Verilator, the known-answer vector bench (RFC 4493,
# RFC 5297 A.1/A.2, chrony, Netnod NTS authenticators and cookies) under Icarus on three
# small array shapes (1x1, 2x5, 1x16) and under Verilator on the default shape, and a 1,000-case
# differential run generated and checked by the Java AEAD (seed $NTSBOX_RTL_SEED, default 1).
# Prints "N passed, M failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../sim/sim-lib.sh"
rtl="$here/rtl"; tb="$here/tb"; out="$OUT_DIR/rtl-tests"
vectors="${NTSBOX_VECTORS:-$here/../../shared/vectors}"
seed="${NTSBOX_RTL_SEED:-1}"
rm -rf "$out"; mkdir -p "$out"
passed=0; failed=0
result() {   # result NAME OK(0/1) [LOG]
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "  ok    $1"
  else failed=$((failed + 1)); echo "  FAIL  $1"; [ -n "${3:-}" ] && tail -15 "$3" | sed 's/^/        /'; fi
}
bench_ok() { grep -q '^PASS' "$1" && ! grep -q 'FAIL' "$1"; }

echo "-- lint (verilator --lint-only -Wall)"
for f in "$rtl"/*.v; do
  m="$(basename "$f" .v)"
  verilator --lint-only -Wall --top-module "$m" "$rtl"/*.v >"$out/lint-$m.log" 2>&1
  result "lint $m" $? "$out/lint-$m.log"
done
verilator --lint-only -Wall --top-module siv_array -GPIPES=2 -GCTX=5 -GLEN_W=12 -GADDR_W=20 \
  "$rtl"/*.v >"$out/lint-array-2x5.log" 2>&1
result "lint siv_array PIPES=2 CTX=5 LEN_W=12 ADDR_W=20" $? "$out/lint-array-2x5.log"
verilator --lint-only -Wall --top-module siv_cluster -GCTX=17 "$rtl"/*.v >"$out/lint-cluster-17.log" 2>&1
result "lint siv_cluster CTX=17" $? "$out/lint-cluster-17.log"

echo "-- unit benches"
for f in "$tb"/tb_*.v; do
  t="$(basename "$f" .v)"
  log="$out/$t.iverilog.log"
  { iverilog -g2005 -Wall -s "$t" -o "$out/$t.vvp" "$f" "$rtl"/*.v && vvp -n "$out/$t.vvp"; } >"$log" 2>&1
  bench_ok "$log"; result "$t (Icarus)" $? "$log"
  log="$out/$t.verilator.log"
  { verilator --binary --timing -Wno-fatal -Wno-lint -Wno-style --top-module "$t" --Mdir "$out/$t.vobj" \
      -o sim "$f" "$rtl"/*.v && "$out/$t.vobj/sim"; } >"$log" 2>&1
  bench_ok "$log"; result "$t (Verilator)" $? "$log"
done

echo "-- known-answer vectors through siv_array"
if python3 "$here/../sim/vectors_to_cases.py" "$vectors" "$out/vectors.cases" >"$out/vectors-gen.log" 2>&1 &&
   python3 "$here/../sim/case2memh.py" "$out/vectors.cases" "$out/vectors.memh" --check >>"$out/vectors-gen.log" 2>&1; then
  for shape in "1 1" "2 5" "1 16"; do   # CTX < 14 (idle ring slots), CTX > 14 (delay stages)
    set -- $shape
    log="$out/vectors-icarus-$1x$2.log"
    { iverilog -g2005 -s tb_siv_cases -P tb_siv_cases.PIPES="$1" -P tb_siv_cases.CTX="$2" \
        -P tb_siv_cases.MEM_AW=12 -o "$out/cases-$1x$2.vvp" "$here/../sim/tb_siv_cases.v" "$rtl"/*.v &&
      vvp -n "$out/cases-$1x$2.vvp" +image="$out/vectors.memh"; } 2>&1 | grep -v 'Not enough words' >"$log"
    cases_ok "$log"; result "vectors, Icarus, PIPES=$1 CTX=$2: $(tail -1 "$log")" $? "$log"
  done
  if bin="$(vsim_build 3 14 20)"; then
    log="$out/vectors-verilator.log"
    "$bin" +image="$out/vectors.memh" >"$log" 2>&1
    cases_ok "$log"; result "vectors, Verilator, PIPES=3 CTX=14: $(grep passed "$log")" $? "$log"
    echo "-- differential, 1000 random cases (seed $seed)"
    log="$out/differential.log"
    "$here/../sim/run-differential.sh" 1000 "$seed" >"$log" 2>&1
    result "differential 1000 cases: $(tail -1 "$log")" $? "$log"
  else
    result "Verilator build of tb_siv_cases" 1
  fi
else
  result "vector case file" 1 "$out/vectors-gen.log"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
