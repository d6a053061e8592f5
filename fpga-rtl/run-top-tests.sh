#!/usr/bin/env bash
# Tests of the whole datapath top fpga-rtl/ntsbox_top.v (csr_top + eth_datapath +
# nts_engine): Verilator -Wall lint at the board shape (3 pipelines x 14 contexts) and the
# lab shape (1 x 4), then the smoke bench: the Verilated top driven through libntsfpga's
# packet port (drivers/tests/test_packet_port.c: ARP reply, plain NTP timestamps and
# launch instant, bad FCS). The engine sources are fpga-rtl/rtl/nts_*.v, or $NTS_ENGINE_DIR.
# Prints "N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$root/sim/out/top"
rm -rf "$out"; mkdir -p "$out"
engine="${NTS_ENGINE_DIR:-$here/rtl}"
if [ ! -f "$here/rtl/nts_engine.v" ] && [ ! -f "$engine/nts_engine.v" ]; then
  echo "  skip  ntsbox_top: nts_engine.v is not in the tree yet"
  echo "0 passed, 0 failed"
  exit 0
fi
src=("$here"/csr_top.v "$here"/csr_axil.v "$here"/csr_ntphdr.v "$here"/csr_dpcfg.v "$here"/csr_counters.v
     "$here"/keymem.v "$here"/tod_clock.v "$here"/ntsbox_top.v "$here"/rtl/*.v)
[ -f "$here/rtl/nts_engine.v" ] || src+=("$engine"/nts_*.v)

passed=0; failed=0
result() {
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "  ok    $1"
  else failed=$((failed + 1)); echo "  FAIL  $1"; tail -15 "$3" | sed 's/^/        /'; fi
}
for shape in "3 14" "1 4"; do
  set -- $shape
  verilator --lint-only -Wall -I"$here" --top-module ntsbox_top -GPIPES="$1" -GCTX="$2" "${src[@]}" \
    >"$out/lint-$1x$2.log" 2>&1
  result "lint ntsbox_top PIPES=$1 CTX=$2" $? "$out/lint-$1x$2.log"
done
make -s -C "$root/drivers" -j2 out/test_packet_port >"$out/build.log" 2>&1
result "build libntsfpga with ntsbox_top" $? "$out/build.log"
"$root/drivers/out/test_packet_port" >"$out/smoke.log" 2>&1
st=$?; grep -q "skip" "$out/smoke.log" && st=1
result "smoke bench: packet port through ntsbox_top" $st "$out/smoke.log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
