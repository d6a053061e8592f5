#!/usr/bin/env bash
# Line-rate benchmark of the whole FPGA top (fpga-rtl/ntsbox_top.v, board shape 3 x 14)
# through libntsfpga's packet port (docs/performance.md): back-to-back NTS requests at 10 GbE
# line rate, minimal (274-byte frames, one per 36.75 cycles) and with 7 placeholders, then
# 0..7 placeholders mixed (responses finish out of arrival order), then the Yosys area of
# the datapath (fpga-rtl/area.sh rows). Not part of the test suite.
#   scripts/bench-line-rate.sh [COUNT_MINIMAL [COUNT_7PH [PIPES CTX [COUNT_MIXED]]]]
#   (default 100000 20000 3 14 20000; a count of 0 skips that run)
# NTSBOX_BENCH_AREA=0 skips the synthesis.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
ntsbox_find_jdk
n0="${1:-100000}"; n7="${2:-20000}"; pipes="${3:-3}"; ctx="${4:-14}"; nmix="${5:-20000}"
out="out/top-${pipes}x${ctx}"
echo "-- building libntsfpga with ntsbox_top at PIPES=$pipes CTX=$ctx (drivers/$out)"
make -s -C "$root/drivers" -j2 OUT="$out" TOP_PARAMS="-GPIPES=$pipes -GCTX=$ctx" "$out/libntsfpga.so"
cd "$root"
mvn -q -B -ntp -pl host-java -am -DskipTests test-compile
h=host-java/target
run() {
  "$JAVA_HOME/bin/java" -Dntsbox.fpga.lib="$root/drivers/$out/libntsfpga.so" \
    -cp "$h/test-classes:$h/classes:$(cat $h/test.classpath)" net.ntsbox.server.LineRateBench "$@"
}
rc=0
bench() {   # bench TITLE COUNT PLACEHOLDERS BUDGET_US
  [ "$2" -gt 0 ] || return 0
  echo "-- $1"
  /usr/bin/time -f "(%e s wall)" bash -c "$(declare -f run); root='$root' out='$out' h='$h' JAVA_HOME='$JAVA_HOME'; run $2 $3 $4" || rc=1
}
bench "minimal requests" "$n0" 0 20
bench "7 placeholders" "$n7" 7 60
bench "0..7 placeholders mixed" "$nmix" -1 60
if [ "${NTSBOX_BENCH_AREA:-1}" != 0 ]; then
  echo "-- area (Yosys)"
  "$root/fpga-rtl/area.sh" || rc=1
fi
exit $rc
