#!/usr/bin/env bash
# Differential run of the RTL AES-SIV array against the reference AEAD:
#   sim/run-differential.sh [COUNT=10000] [SEED=1] [CASES_FILE]
# Generates COUNT random cases with the Java reference AEAD (net.ntsbox.rtl.SivCaseGenerator,
# host-java test classes; built here when missing), or with the Python generator when
# NTSBOX_SIV_GEN=python, or takes CASES_FILE; checks them with the Python reference model, runs
# them through the Verilator build of sim/tb_siv_cases.v in chunks of 2,000 cases and
# prints "N passed, M failed" over all operations. Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sim-lib.sh"
count="${1:-10000}"; seed="${2:-1}"; cases="${3:-}"
pipes="${SIV_PIPES:-3}"; ctx="${SIV_CTX:-14}"
bin="$(vsim_build "$pipes" "$ctx" 20)"
if [ -z "$cases" ]; then
  cases="$OUT_DIR/diff-$count-$seed.cases"
  if [ "${NTSBOX_SIV_GEN:-java}" = python ]; then
    python3 "$SIM_ROOT/gen_siv_cases.py" "$count" "$seed" "$cases"
  else
    java_siv_cases "$count" "$seed" "$cases"
  fi
fi
work="$OUT_DIR/diff-chunks"; rm -rf "$work"; mkdir -p "$work"
grep -v '^#' "$cases" | grep -v '^$' | split -l 2000 -d -a 3 - "$work/chunk-"
passed=0; failed=0
for chunk in "$work"/chunk-*; do
  python3 "$SIM_ROOT/case2memh.py" "$chunk" "$chunk.memh" --check >/dev/null
  "$bin" +image="$chunk.memh" >"$chunk.out" 2>&1 || true
  grep -E '^(FAIL|  op)' "$chunk.out" | head -20 || true
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$chunk.out" | tail -1 || true)"
  if [[ "$line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
  else
    echo "FAIL: $chunk: no result line"; failed=$((failed + 1))
  fi
  grep -E '^(contexts|sustained)' "$chunk.out" | sed "s|^|$(basename "$chunk"): |"
done
echo "differential: $(grep -vc '^#' "$cases") cases from $cases"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
