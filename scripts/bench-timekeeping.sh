#!/usr/bin/env bash
# Timekeeping benchmark in simulated time (docs/timekeeping.md): lock time, offset statistics
# after lock and holdover drift per oscillator class for several seeds. Arguments: [seeds]
# [holdover hours] (defaults 5 and 24). Not part of the test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
ntsbox_find_jdk
cd "$root"
mvn -q -B -ntp -pl host-java -am -DskipTests compile
h=host-java/target
exec "$JAVA_HOME/bin/java" -cp "$h/classes:$(cat $h/runtime.classpath)" net.ntsbox.time.sim.TimekeepingBench "$@"
