#!/usr/bin/env bash
# Compiles the ntsbox overlay with dtc and checks it against the register map: the UIO node's
# window must be exactly (number of blocks) x block_size of fpga-rtl/regmap.json, and the
# PPS node must be a pps-gpio. Any dtc warning fails, except avoid_default_addr_size: an
# overlay cannot know the #address-cells of the root it is applied to (see the .dts header).
# Needs dtc and fdtget (Debian: device-tree-compiler). Exit 0 pass, 1 fail, 77 skipped.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if ! command -v dtc >/dev/null || ! command -v fdtget >/dev/null; then
  echo "check-dts: dtc/fdtget not installed (apt-get install device-tree-compiler): skipped" >&2
  exit 77
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
if ! dtc -@ -Wno-avoid_default_addr_size -I dts -O dtb -o "$tmp/ntsbox.dtbo" "$here/ntsbox-overlay.dts" 2>"$tmp/warn"; then
  cat "$tmp/warn" >&2; echo "check-dts: FAIL: dtc error" >&2; exit 1
fi
if [ -s "$tmp/warn" ]; then cat "$tmp/warn" >&2; echo "check-dts: FAIL: dtc warnings" >&2; exit 1; fi
node=/fragment@0/__overlay__/ntsbox-bus@a0000000/ntsbox@0
want="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%x" % (len(d["blocks"]) * int(d["block_size"], 0)))' \
  "$root/fpga-rtl/regmap.json")"
reg="$(fdtget -t x "$tmp/ntsbox.dtbo" "$node" reg)"
fail=0
[ "$reg" = "0 $want" ] || { echo "check-dts: FAIL: $node reg is '$reg', regmap says size 0x$want" >&2; fail=1; }
fdtget -t s "$tmp/ntsbox.dtbo" "$node" compatible | grep -qw generic-uio \
  || { echo "check-dts: FAIL: $node is not generic-uio" >&2; fail=1; }
[ "$(fdtget -t s "$tmp/ntsbox.dtbo" /fragment@1/__overlay__/ntsbox-pps compatible)" = pps-gpio ] \
  || { echo "check-dts: FAIL: no pps-gpio node" >&2; fail=1; }
# the overlay must leave the GPIO phandle to be resolved on the target (it is the SoC's)
fdtget -l "$tmp/ntsbox.dtbo" / | grep -qx __fixups__ || { echo "check-dts: FAIL: no __fixups__ (built without -@?)" >&2; fail=1; }
[ $fail -eq 0 ] && echo "check-dts: ok (UIO window 0x$want bytes, pps-gpio)"
exit $fail
