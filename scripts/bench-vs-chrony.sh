#!/usr/bin/env bash
# NTS datapath and NTS-KE throughput of chronyd 4.3 and of `ntsbox serve`, measured in one run
# on this machine, loopback only, with the same generator, pinning and certificate.
#
# Each server runs on one core (SERVER_CPU: chronyd pinned with taskset -a after start, the
# ntsbox JVM started under taskset) and the load generator on another (LOAD_CPU).
# Rows:
#   0. UDP echo: tools/build/udpecho on SERVER_CPU answers the generator's packets (same length):
#      the generator's own ceiling, so that no server row is read beyond it;
#   per server:
#   1. saturation: the native engine (tools/build/ntsload, C, sendmmsg/recvmmsg) replays a pool of
#      POOL distinct valid NTS requests (AEAD 15, one cookie, 228 bytes) with WINDOW outstanding
#      for DUR s; answers are matched by origin timestamp and every SAMPLE-th one is fully
#      verified (origin, UID, S2C authenticator, cookies) by `ntsbox bench`;
#   2. the highest fixed rate with < 1 % loss: a ramp from 50 % to 100 % of the saturation rate
#      in 10 % steps, RAMP_DUR s each;
#   3. server CPU per request: utime+stime of the server and its children (/proc/PID/stat) over
#      run 1, divided by the answered requests;
#   4. a run at half the saturation rate with EVERY answer verified (VERIFY_DUR s);
#   5. NTS-KE handshakes/s with KE_CONN parallel Java clients for DUR s, server CPU per handshake.
# Every NTP run series is preceded by an unreported WARMUP s run, the NTS-KE run by KE_WARMUP s (default 60: the JVM's JIT is still compiling the TLS code after 25 s) of
# handshakes (JIT warm-up of the servers; the JVM's TLS code needs many handshakes to be compiled).
# Both servers use the same ECDSA P-256 certificate (../shared/interop/make-certs.sh).
# chronyd runs as the interop harness runs it (../shared/interop/chrony-server.sh): -x, under
# setpriv without CAP_SYS_TIME and timeout, loopback, its own state dir, stopped by PID.
# `ntsbox serve` runs with --threads 1, --require-sync false, its state in a temp dir, no per-source
# NTS-KE rate limit (the generator is one address), stopped by PID.
#
# usage: scripts/bench-vs-chrony.sh   env: DUR=10 RAMP_DUR=4 VERIFY_DUR=3 WARMUP=3 KE_WARMUP=60 WINDOW=256 POOL=65536
#        SAMPLE=64 KE_CONN=4 SERVER_CPU=0 LOAD_CPU=1 NTP_PORT=11523 KE_PORT=14523 (ntsbox: ports + 1)
#        ONLY="chronyd ntsbox" (the servers to measure; "ntsbox-jdk" adds ntsbox with nts_ke.crypto = "jdk")
#        KE_ONLY=1 (NTS-KE rows only: no echo ceiling, no NTP runs)  KE_CRYPTO=auto (nts_ke.crypto of the "ntsbox" rows)
#        SKIP_KE=1 (no NTS-KE runs)  NTP_CRYPTO="auto" (one ntsbox row per [ntp] crypto value, e.g. "aesni native java")
#        In KE runs the per-thread CPU of the server (/proc/PID/task) is printed after the handshake figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared/interop"
DUR="${DUR:-10}"; RAMP_DUR="${RAMP_DUR:-4}"; VERIFY_DUR="${VERIFY_DUR:-3}"; WARMUP="${WARMUP:-3}"
KE_WARMUP="${KE_WARMUP:-60}"; WINDOW="${WINDOW:-256}"; POOL="${POOL:-65536}"; SAMPLE="${SAMPLE:-64}"; KE_CONN="${KE_CONN:-4}"
SERVER_CPU="${SERVER_CPU:-0}"; LOAD_CPU="${LOAD_CPU:-1}"
NTP_PORT="${NTP_PORT:-11523}"; KE_PORT="${KE_PORT:-14523}"
ONLY="${ONLY:-chronyd ntsbox}"; KE_ONLY="${KE_ONLY:-0}"; SKIP_KE="${SKIP_KE:-0}"
KE_CRYPTO="${KE_CRYPTO:-auto}"; NTP_CRYPTO="${NTP_CRYPTO:-auto}"
CERT_DIR="${CERT_DIR:-/tmp/nts-harness/certs}"
OUT="$(mktemp -d /tmp/ntsbox-bench.XXXXXX)"
STATE_DIR="${STATE_DIR:-$OUT/chrony}"

[ -x "$shared/chrony-server.sh" ] || { echo "needs $shared (the interop harness)" >&2; exit 2; }
command -v chronyd >/dev/null || { echo "chronyd not installed (run ../shared/interop/setup.sh)" >&2; exit 2; }
CERT_DIR="$CERT_DIR" "$shared/make-certs.sh" >/dev/null
CA="$CERT_DIR/ca.pem"
"$root/tools/build.sh"
"$root/ntsbox" --version >/dev/null   # build once, outside the measurements

pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  "$shared/chrony-server.sh" stop >/dev/null 2>&1 || true
  rm -rf "$OUT"
}
trap cleanup EXIT

pin() { local p; for p in "$1" $(pgrep -P "$1" || true); do taskset -a -pc "$SERVER_CPU" "$p" >/dev/null; done; }
bench() { taskset -c "$LOAD_CPU" "$root/ntsbox" bench "$@"; }
field() { sed -n "s/.*[ (]$1=\([0-9.]*\).*/\1/p" <<<"$2" | head -1; }
wait_tcp() { local i; for i in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }

# per-thread utime+stime ticks of a process, one "name user sys" line per thread name
threads() { local t; for t in /proc/"$1"/task/*; do
  [ -r "$t/stat" ] || continue; echo "$(tr ' ' '_' < "$t/comm") $(sed 's/.*) //' "$t/stat" | cut -d' ' -f12,13)"
done | awk '{u[$1]+=$2; s[$1]+=$3} END{for (n in u) print n, u[n], s[n]}' | sort; }

declare -a ROWS=() KEROWS=()
measure() { # name pid ke-target
  local name="$1" pid="$2" target="$3" line auth loss rate best="" r l lr
  echo "== $name (pid $pid, core $SERVER_CPU; load on core $LOAD_CPU)"
  local rate="" loss="" best="" cpu_us="" cpu_pct="" verified="" from=""
  if [ "$KE_ONLY" != 1 ]; then
    local common=(--ca "$CA" --engine native --pool "$POOL" --window "$WINDOW" --server-pid "$pid")
    line="$(bench "$target" "${common[@]}" --duration "$DUR" --warmup "$WARMUP" --sample "$SAMPLE" --label "$name saturation")"
    echo "$line"
    auth=$(field auth "$line"); loss=$(field loss "$line")
    rate=$(awk -v a="$auth" -v d="$DUR" 'BEGIN{printf "%d", a/d}')
    cpu_us=$(field server_cpu_us_per_req "$line"); cpu_pct=$(field server_cpu "$line")
    local step=$((rate / 10)); from=$((rate / 2))
    [ "$step" -ge 1 ] || step=1
    bench "$target" "${common[@]}" --duration "$RAMP_DUR" --ramp "$from:$rate:$step" --warmup 1 --sample "$SAMPLE" \
        --label "$name ramp" | tee "$OUT/$name.ramp"
    while read -r l; do
      r=$(field rate "$l"); lr=$(field loss "$l")
      awk -v x="$lr" 'BEGIN{exit !(x < 1.0)}' && best="$r"
    done < "$OUT/$name.ramp"
    local vline
    vline="$(bench "$target" "${common[@]}" --duration "$VERIFY_DUR" --rate "$from" --sample 1 --label "$name verify-all")"
    echo "$vline"
    verified=$(sed -n 's/.*(\([0-9]*\) of \([0-9]*\) sampled answers authenticated).*/\1\/\2/p' <<<"$vline")
  fi
  local keline="" t0 t1
  if [ "$SKIP_KE" != 1 ]; then
  # Server warm-up in its own client run, so that the per-thread counts below cover the measured run
  # (plus the measured client's own 5 s warm-up) only.
  bench "$target" --ca "$CA" --ke --connections "$KE_CONN" --duration "$KE_WARMUP" --warmup 0 --label "$name warm-up" >/dev/null
  echo "   load average before the NTS-KE run: $(cut -d' ' -f1-3 /proc/loadavg)"
  t0="$(threads "$pid")"
  keline="$(bench "$target" --ca "$CA" --ke --connections "$KE_CONN" --duration "$DUR" --warmup 5 \
      --server-pid "$pid" --label "$name")"
  t1="$(threads "$pid")"
  echo "$keline"
  echo "   server threads over the client's 5 s warm-up + the ${DUR} s run (CPU ticks of 10 ms, user / sys; load average $(cut -d' ' -f1-3 /proc/loadavg)):"
  join <(echo "$t0") <(echo "$t1") | awk '{u=$4-$2; s=$5-$3; if (u+s > 0) printf "     %-18s %5d / %d\n", $1, u, s}'
  fi
  KEROWS+=("| $name | $(sed -n 's/.*(\([0-9.]*\)\/s).*/\1/p' <<<"$keline") | $(field server_cpu_us_per_handshake "$keline") | $(field server_cpu "$keline") % |")
  ROWS+=("| $name | $rate | $loss % | ${best:-<$from} | $cpu_us | $cpu_pct % | $verified | $(sed -n 's/.*(\([0-9.]*\)\/s).*/\1/p' <<<"$keline") | $(field server_cpu_us_per_handshake "$keline") | $(field server_cpu "$keline") % |")
}

# ---- generator ceiling: a trivial echo server on the server core. Its CPU per datagram (it prints
# getrusage at SIGTERM) is the kernel's cost of one loopback receive + send with no server work:
# the floor under every server row's "server CPU us/request".
if [ "$KE_ONLY" != 1 ]; then
ECHO_PORT=$((NTP_PORT + 2))
taskset -c "$SERVER_CPU" "$root/tools/build/udpecho" 127.0.0.1 "$ECHO_PORT" >"$OUT/udpecho.out" & echo_pid=$!; pids+=("$echo_pid")
sleep 0.3
ticks0=$(cut -d' ' -f14,15 "/proc/$echo_pid/stat" | awk '{print $1+$2}'); w0=$(date +%s.%N)
eline="$(taskset -c "$LOAD_CPU" "$root/tools/build/ntsload" --server "127.0.0.1:$ECHO_PORT" --synthetic 228 \
    --duration "$DUR" --warmup 1 --window "$WINDOW" | tail -1)"
ticks1=$(cut -d' ' -f14,15 "/proc/$echo_pid/stat" | awk '{print $1+$2}'); w1=$(date +%s.%N)
kill "$echo_pid"; wait "$echo_pid" 2>/dev/null || true
echo "== UDP echo (generator ceiling): $eline"
echo "   $(cat "$OUT/udpecho.out")"
ceiling=$(awk -v a="$(field answered " $eline")" -v d="$DUR" 'BEGIN{printf "%d", a/d}')
echo_us=$(sed -n 's/.*cpu_us_per_packet=\([0-9.]*\).*/\1/p' "$OUT/udpecho.out")
echo_pct=$(awk -v t="$((ticks1 - ticks0))" -v a="$w0" -v b="$w1" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%d", 100*t/hz/(b-a)}')
ROWS+=("| UDP echo, no crypto (generator ceiling; its CPU = kernel floor) | $ceiling | $(awk -v s="$(field sent " $eline")" -v a="$(field answered " $eline")" 'BEGIN{printf "%.3f", s ? 100*(s-a)/s : 0}') % | | ${echo_us:-?} | ${echo_pct:-?} % | | | | |")
fi

# ---- chronyd 4.3
if [[ " $ONLY " == *" chronyd "* ]]; then
  export NTP_PORT KE_PORT STATE_DIR CERT_DIR
  MAX_LIFETIME=900 "$shared/chrony-server.sh" start
  chrony_pid="$(cat "$STATE_DIR/chronyd.pid")"
  pin "$chrony_pid"
  measure chronyd "$chrony_pid" "127.0.0.1:$KE_PORT"
  "$shared/chrony-server.sh" stop
fi

# ---- ntsbox serve (software datapath), same certificate, one UDP thread, the JVM on the server core
run_ntsbox() { # row-name nts_ke.crypto [ntp].crypto port-offset
  local name="$1" crypto="$2" ntp_crypto="$3" off="$4"
  nb_ntp=$((NTP_PORT + off)); nb_ke=$((KE_PORT + off))
  # The generator is one source address: lift the per-source NTS-KE rate limit (20/s by default;
  # chronyd has none) so that it measures handshakes, not refusals.
  printf '[nts_ke]\nrate_per_second = 1000000\nrate_burst = 1000000\ncrypto = "%s"\n[ntp]\ncrypto = "%s"\n' \
      "$crypto" "$ntp_crypto" > "$OUT/ntsbox.toml"
  taskset -c "$SERVER_CPU" "$root/ntsbox" serve --config "$OUT/ntsbox.toml" --state-dir "$OUT/ntsbox-$off" --threads 1 --require-sync false \
      --ntp-listen "127.0.0.1:$nb_ntp" --ntp-port "$nb_ntp" --ke-listen "127.0.0.1:$nb_ke" \
      --cert "$CERT_DIR/server-ec-chain.pem" --key "$CERT_DIR/server-ec.key" >"$OUT/ntsbox.log" 2>&1 &
  nb_pid=$!; pids+=("$nb_pid")
  wait_tcp "$nb_ke" || { cat "$OUT/ntsbox.log" >&2; exit 1; }
  grep -h "public-key crypto\|AES-SIV on" "$OUT/ntsbox.log" || true
  measure "$name" "$nb_pid" "127.0.0.1:$nb_ke"
  kill "$nb_pid"; wait "$nb_pid" 2>/dev/null || true
}
off=1
for ntp_crypto in $NTP_CRYPTO; do
  label="ntsbox serve"; [ "$NTP_CRYPTO" = auto ] || label="ntsbox serve (ntp crypto = $ntp_crypto)"
  if [[ " $ONLY " == *" ntsbox "* ]]; then run_ntsbox "$label" "$KE_CRYPTO" "$ntp_crypto" "$off"; fi
  if [[ " $ONLY " == *" ntsbox-jdk "* ]]; then run_ntsbox "$label (ke crypto = jdk)" jdk "$ntp_crypto" $((off + 2)); fi
  off=$((off + 4))
done

echo
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(chronyd -v | head -1); $("$root/ntsbox" --version | head -1)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: saturation ${DUR}s window $WINDOW pool $POOL verified 1/$SAMPLE (after ${WARMUP}s warm-up), ramp ${RAMP_DUR}s per step, verify-all ${VERIFY_DUR}s at half the saturation rate, NTS-KE ${DUR}s x $KE_CONN connections (after ${KE_WARMUP}s warm-up); AEAD 15, 228-byte requests"
echo
if [ "$KE_ONLY" = 1 ]; then
  echo "| server | NTS-KE handshakes/s | server CPU µs/handshake | server CPU during NTS-KE |"
  echo "|---|---|---|---|"
  printf '%s\n' "${KEROWS[@]}"
  exit 0
fi
echo "| server | saturation (auth. resp/s) | loss at saturation | highest rate < 1 % loss (req/s) | server CPU µs/request | server CPU at saturation | verify-all run: authenticated/answered | NTS-KE handshakes/s | server CPU µs/handshake | server CPU during NTS-KE |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
