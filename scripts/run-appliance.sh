#!/usr/bin/env bash
# Runs the appliance on this machine. With no arguments: the software appliance
# (`./ntsbox serve`) on loopback (NTS-KE 4460, NTP 123) with a generated self-signed
# certificate; it prints how to point chrony and NTPsec at it. Arguments go to `./ntsbox`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
ntsbox_find_jdk
ntsbox_apt "${NTSBOX_RUN_PACKAGES[@]}"
if [ $# -eq 0 ]; then set -- serve; fi   # becomes `lab` when lab mode lands (issue #6)
exec "$root/ntsbox" "$@"
