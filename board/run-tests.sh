#!/usr/bin/env bash
# Checks of board/: the device-tree overlay compiles and matches the register map
# (dts/check-dts.sh), and the systemd unit passes `systemd-analyze verify` (in a scratch
# root, so nothing is installed on this machine) with an exposure score of at most 3.0
# from `systemd-analyze security --offline`. Tools missing: that check is skipped, said so.
# Prints "N passed, M failed" like the other runners; exit 1 on any failure.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pass=0; fail=0
result() { if [ "$1" -eq 0 ]; then pass=$((pass + 1)); echo "ok   $2"; elif [ "$1" -eq 77 ]; then echo "skip $2"; else fail=$((fail + 1)); echo "FAIL $2"; fi; }

"$here/dts/check-dts.sh"; result $? "dts: overlay compiles, UIO window = regmap size, pps-gpio"

if command -v systemd-analyze >/dev/null; then
  root="$(mktemp -d)"; trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/opt/ntsbox" "$root/etc/systemd/system" "$root/usr/lib/systemd" "$root/usr/lib/sysusers.d" "$root/usr/lib/tmpfiles.d"
  cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
  printf '#!/bin/sh\n' > "$root/opt/ntsbox/ntsbox"; chmod +x "$root/opt/ntsbox/ntsbox"
  cp "$here/systemd/ntsbox.service" "$root/etc/systemd/system/"
  out="$(systemd-analyze verify --root="$root" /etc/systemd/system/ntsbox.service 2>&1)"; rc=$?
  [ -z "$out" ] || echo "$out"
  [ -n "$out" ] && rc=1
  result $rc "systemd: verify ntsbox.service"
  score="$(systemd-analyze security --offline=yes --no-pager "$here/systemd/ntsbox.service" 2>/dev/null \
    | sed -n 's/.*Overall exposure level for ntsbox.service: \([0-9.]*\).*/\1/p')"
  if [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 3.0) }'; then rc=0; else rc=1; fi
  result $rc "systemd: exposure score ${score:-?} <= 3.0"
  # sysusers/tmpfiles syntax, against the scratch root (creates nothing on this machine)
  cp "$here/sysusers.d/ntsbox.conf" "$root/usr/lib/sysusers.d/"; cp "$here/tmpfiles.d/ntsbox.conf" "$root/usr/lib/tmpfiles.d/"
  mkdir -p "$root/etc"; : > "$root/etc/passwd"; : > "$root/etc/group"
  systemd-sysusers --root="$root" >/dev/null 2>&1 && grep -q '^ntsbox:' "$root/etc/passwd"; result $? "sysusers: creates user ntsbox"
  systemd-tmpfiles --root="$root" --create "$root/usr/lib/tmpfiles.d/ntsbox.conf" >/dev/null 2>&1 \
    && [ "$(stat -c %a "$root/var/lib/ntsbox")" = 700 ]; result $? "tmpfiles: /var/lib/ntsbox 0700"
else
  echo "skip systemd: systemd-analyze not installed"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
