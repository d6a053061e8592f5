#!/usr/bin/env bash
# Cycle and throughput measurements of the default siv_array (PIPES=3, CTX=14; override
# with SIV_PIPES / SIV_CTX), the numbers quoted in docs/rtl.md:
#   1. cycles of each operation of one minimal NTS exchange, run alone (+serial);
#   2. sustained AES blocks/cycle and cycles per exchange with 2,000 minimal exchanges
#      in flight, and with 500 worst-case exchanges (7 placeholders).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sim-lib.sh"
pipes="${SIV_PIPES:-3}"; ctx="${SIV_CTX:-14}"
bin="$(vsim_build "$pipes" "$ctx" 20)"
m="$OUT_DIR/measure"; mkdir -p "$m"
python3 "$SIM_ROOT/gen_nts_ops.py" 1 0 1 "$m/one.cases" >/dev/null
python3 "$SIM_ROOT/case2memh.py" "$m/one.cases" "$m/one.memh" >/dev/null
echo "== one minimal exchange, each operation alone (cycles from command to done)"
"$bin" +image="$m/one.memh" +serial | grep -E '^op|passed'
for load in "2000 0" "500 7"; do
  set -- $load
  python3 "$SIM_ROOT/gen_nts_ops.py" "$1" "$2" 2 "$m/load.cases" >/dev/null
  python3 "$SIM_ROOT/case2memh.py" "$m/load.cases" "$m/load.memh" >/dev/null
  echo "== $1 exchanges with $2 placeholders, all queued at once"
  "$bin" +image="$m/load.memh" | grep -E '^(contexts|sustained|[0-9]+ passed)' | tee "$m/load.out"
  cyc="$(sed -n 's/.*cycles \([0-9]*\)$/\1/p' "$m/load.out")"
  echo "cycles per exchange: $(awk -v c="$cyc" -v n="$1" 'BEGIN {printf "%.1f", c / n}')," \
       "exchanges/s at 156.25 MHz: $(awk -v c="$cyc" -v n="$1" 'BEGIN {printf "%.0f", n / c * 156.25e6}')"
done
