#!/usr/bin/env bash
# NTS datapath and NTS-KE throughput of chronyd 4.3 (and of `ntsbox serve` once it exists),
# measured with `ntsbox bench` on this machine, loopback only.
#
# Each server is pinned to one core (SERVER_CPU) and the load generator to another (LOAD_CPU).
# Per server:
#   1. saturation: as many authenticated responses/s as a window of WINDOW outstanding
#      requests gets, for DUR s; every response fully verified (origin, UID, S2C, cookies);
#   2. the highest fixed rate with < 1 % loss: a ramp from 50 % to 100 % of the saturation
#      rate in 10 % steps, RAMP_DUR s each;
#   3. server CPU per request: utime+stime of the server and its children (/proc/PID/stat,
#      read by `ntsbox bench --server-pid`) over run 1, divided by the answered requests;
#   4. NTS-KE handshakes/s with KE_CONN parallel clients for DUR s, and server CPU per handshake.
# Every run is preceded by an unreported WARMUP s run in the same JVM (JIT).
# chronyd runs as the interop harness runs it (../shared/interop/chrony-server.sh): -x, under
# setpriv without CAP_SYS_TIME and timeout, loopback, its own state dir, stopped by PID.
#
# usage: scripts/bench-vs-chrony.sh        env: DUR=10 RAMP_DUR=5 WARMUP=3 WINDOW=256 KE_CONN=4
#        SERVER_CPU=0 LOAD_CPU=1 NTP_PORT=11523 KE_PORT=14523
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared/interop"
DUR="${DUR:-10}"; RAMP_DUR="${RAMP_DUR:-5}"; WARMUP="${WARMUP:-3}"; WINDOW="${WINDOW:-256}"; KE_CONN="${KE_CONN:-4}"
SERVER_CPU="${SERVER_CPU:-0}"; LOAD_CPU="${LOAD_CPU:-1}"
NTP_PORT="${NTP_PORT:-11523}"; KE_PORT="${KE_PORT:-14523}"
STATE_DIR="${STATE_DIR:-/tmp/ntsbox-bench/chrony-$NTP_PORT}"
CERT_DIR="${CERT_DIR:-/tmp/nts-harness/certs}"
OUT="$(mktemp -d /tmp/ntsbox-bench.XXXXXX)"

[ -x "$shared/chrony-server.sh" ] || { echo "needs $shared (the interop harness)" >&2; exit 2; }
command -v chronyd >/dev/null || { echo "chronyd not installed (run ../shared/interop/setup.sh)" >&2; exit 2; }
CERT_DIR="$CERT_DIR" "$shared/make-certs.sh" >/dev/null
CA="$CERT_DIR/ca.pem"
"$root/ntsbox" --version >/dev/null   # build once, outside the measurements

pin() { local p; for p in "$1" $(pgrep -P "$1" || true); do taskset -a -pc "$SERVER_CPU" "$p" >/dev/null; done; }
bench() { taskset -c "$LOAD_CPU" "$root/ntsbox" bench "$@"; }
field() { sed -n "s/.*[ (]$1=\([0-9.]*\).*/\1/p" <<<"$2" | head -1; }

declare -a ROWS=()
measure() { # name pid ke-target   (bench reads the server's CPU time from /proc itself: --server-pid)
  local name="$1" pid="$2" target="$3" line auth loss rate best="" r l lr
  pin "$pid"
  echo "== $name (pid $pid, core $SERVER_CPU; load on core $LOAD_CPU)"
  line="$(bench "$target" --ca "$CA" --duration "$DUR" --window "$WINDOW" --warmup "$WARMUP" --server-pid "$pid" \
      --label "$name saturation")"
  echo "$line"
  auth=$(field auth "$line"); loss=$(field loss "$line")
  rate=$(awk -v a="$auth" -v d="$DUR" 'BEGIN{printf "%d", a/d}')
  local cpu_us cpu_pct
  cpu_us=$(field server_cpu_us_per_req "$line"); cpu_pct=$(field server_cpu "$line")
  local from=$((rate / 2)) step=$((rate / 10))
  [ "$step" -ge 1 ] || step=1
  bench "$target" --ca "$CA" --duration "$RAMP_DUR" --window "$WINDOW" --ramp "$from:$rate:$step" --warmup "$WARMUP" \
      --server-pid "$pid" --label "$name ramp" | tee "$OUT/$name.ramp"
  while read -r l; do
    r=$(field rate "$l"); lr=$(field loss "$l")
    awk -v x="$lr" 'BEGIN{exit !(x < 1.0)}' && best="$r"
  done < "$OUT/$name.ramp"
  local keline
  keline="$(bench "$target" --ca "$CA" --ke --connections "$KE_CONN" --duration "$DUR" --warmup "$WARMUP" \
      --server-pid "$pid" --label "$name")"
  echo "$keline"
  ROWS+=("| $name | $rate | $loss % | ${best:-<$from} | $cpu_us | $cpu_pct % | $(sed -n 's/.*(\([0-9.]*\)\/s).*/\1/p' <<<"$keline") | $(field server_cpu_us_per_handshake "$keline") | $(field server_cpu "$keline") % |")
}

# ---- chronyd 4.3
export NTP_PORT KE_PORT STATE_DIR CERT_DIR
MAX_LIFETIME=900 "$shared/chrony-server.sh" start
trap '"$shared/chrony-server.sh" stop >/dev/null 2>&1 || true; rm -rf "$OUT"' EXIT
chrony_pid="$(cat "$STATE_DIR/chronyd.pid")"
measure chronyd "$chrony_pid" "127.0.0.1:$KE_PORT"
"$shared/chrony-server.sh" stop

# ---- ntsbox serve (software datapath), when this build has it
if "$root/ntsbox" serve --help >/dev/null 2>&1; then
  echo "ntsbox serve exists: add its start here (not measured by this version of the script)" >&2
else
  echo "(ntsbox serve is not in this build: only chronyd measured)"
fi

echo
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(chronyd -v | head -1)"
echo "runs: saturation ${DUR}s window $WINDOW (after ${WARMUP}s warm-up), ramp ${RAMP_DUR}s per step, NTS-KE ${DUR}s x $KE_CONN connections; AEAD 15, 228-byte requests"
echo
echo "| server | saturation (auth. resp/s) | loss at saturation | highest rate < 1 % loss (req/s) | server CPU µs/request | server CPU at saturation | NTS-KE handshakes/s | server CPU µs/handshake | server CPU during NTS-KE |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
