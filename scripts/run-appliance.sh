#!/usr/bin/env bash
# Runs the appliance on this machine. With no arguments: lab mode (`./ntsbox lab`), NTS-KE
# on loopback (4460) and the simulated FPGA (Verilated RTL, built on first use) answering
# NTP/NTS on port 123, with a generated self-signed certificate; it prints how to point
# chrony and NTPsec at it. Arguments go to `./ntsbox` (e.g. `serve` for the software datapath).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
ntsbox_find_jdk
ntsbox_apt "${NTSBOX_RUN_PACKAGES[@]}"
if [ $# -eq 0 ]; then set -- lab; fi
exec "$root/ntsbox" "$@"
