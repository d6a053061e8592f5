#!/usr/bin/env bash
# The servo on the RTL in simulated time (docs/timekeeping.md): ClockDiscipline disciplines the
# Verilated tod_clock (csr_top model) from the simulated GNSS receiver, and the same scenario
# runs on SimClock in the same invocation; prints model speed, lock time and true-error
# statistics after lock for both. Arguments: [clock Hz] [seconds tracked after lock] [seed]
# [TCXO|OCXO|RUBIDIUM] (defaults 156.25e6 30 1 OCXO). At 156.25 MHz a simulated second takes
# about 20-40 s of wall time (the model runs 4-7 M cycles/s); 15.625e6 is ten times faster
# (64 ns cycles). Not part of the test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
ntsbox_find_jdk
cd "$root"
make -s -C drivers -j2 out/libntsfpga.so
mvn -q -B -ntp -pl host-java -am -DskipTests compile
h=host-java/target
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dntsbox.fpga.lib="$root/drivers/out/libntsfpga.so" \
    -cp "$h/classes:$(cat $h/runtime.classpath)" net.ntsbox.fpga.RtlTimekeepingBench "$@"
