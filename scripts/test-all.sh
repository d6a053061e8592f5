#!/usr/bin/env bash
# Runs every test of the product: Java unit, property and interop tests (Maven), the RTL
# lint and test benches (Verilator and Icarus), and the C driver tests.
# Installs what it needs with apt on a fresh Debian 12 machine; needs a JDK 25.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
ntsbox_find_jdk
ntsbox_apt "${NTSBOX_TEST_PACKAGES[@]}"
ntsbox_install_ntpsec
cd "$root"
echo "== native/siv (libntssiv: AES-SIV on AES-NI, loaded by the Java tests; its C test also under ASan + UBSan)"
make -s -C native/siv all test test-sanitized
echo "== Java (JAVA_HOME=$JAVA_HOME)"
NTSBOX_REQUIRE_NATIVE=1 mvn -B -ntp verify
# Every RTL and board runner: fpga-rtl/run-tests.sh (AES-SIV), run-engine-tests.sh, run-frontend-tests.sh,
# sim/run-regmap-tests.sh, ... each prints "N passed, M failed" and fails on any failure.
for runner in fpga-rtl/run-*tests.sh sim/run-*-tests.sh board/run-tests.sh; do
  [ -x "$runner" ] || continue
  echo "== $runner"
  "$runner"
done
if [ -x drivers/run-tests.sh ]; then
  echo "== C driver"
  drivers/run-tests.sh
fi
echo "== all tests passed"
