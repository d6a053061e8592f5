#!/usr/bin/env bash
# Runs the appliance on this machine: lab mode (NTS-KE + simulated FPGA on loopback) by
# default. Extra arguments go to `./ntsbox`; with none, `./ntsbox lab` runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
ntsbox_find_jdk
ntsbox_apt "${NTSBOX_RUN_PACKAGES[@]}"
if [ $# -eq 0 ]; then set -- lab; fi
exec "$root/ntsbox" "$@"
