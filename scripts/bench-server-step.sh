#!/usr/bin/env bash
# JMH benchmark of the NTS server step on one core (docs/performance.md). Extra arguments go
# to JMH (e.g. -f 1 -wi 2 -i 3 for a quick run). Not part of the test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
ntsbox_find_jdk
cd "$root"
mvn -q -B -ntp -pl host-java -am -DskipTests test-compile
h=host-java/target
exec taskset -c "${NTSBOX_BENCH_CPU:-1}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$h/test-classes:$h/classes:$(cat $h/test.classpath)" \
  org.openjdk.jmh.Main 'net.ntsbox.server.ServerStepBench' "$@"
