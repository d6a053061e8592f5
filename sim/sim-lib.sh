# Helpers shared by fpga-rtl/run-tests.sh and sim/run-differential.sh (source it).
SIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RTL_DIR="$SIM_ROOT/../fpga-rtl/rtl"
OUT_DIR="$SIM_ROOT/out"
mkdir -p "$OUT_DIR"

# vsim_build PIPES CTX MEM_AW -> prints the path of a Verilator build of tb_siv_cases,
# rebuilt only when a source is newer than it.
vsim_build() {
  local dir="$OUT_DIR/vsim-$1x$2-a$3" bin
  bin="$dir/vsim"
  if [ ! -x "$bin" ] || [ -n "$(find "$RTL_DIR" "$SIM_ROOT/tb_siv_cases.v" -newer "$bin" -name '*.v' 2>/dev/null)" ]; then
    rm -rf "$dir"
    verilator --binary --timing -Wall -Wno-fatal -O2 -I"$RTL_DIR/.." --top-module tb_siv_cases \
      -GPIPES="$1" -GCTX="$2" -GMEM_AW="$3" --Mdir "$dir" -o vsim \
      "$SIM_ROOT/tb_siv_cases.v" "$RTL_DIR"/*.v >"$dir.log" 2>&1 || { cat "$dir.log" >&2; return 1; }
  fi
  echo "$bin"
}

# cases_ok OUTPUT_FILE -> true when the bench's last "N passed, M failed" line has M = 0, N > 0
cases_ok() {
  local line
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -1)"
  [[ "$line" =~ ^([0-9]+)\ passed,\ 0\ failed$ ]] && [ "${BASH_REMATCH[1]}" -gt 0 ]
}

# java_siv_cases COUNT SEED OUT -> random cases from the Java reference AEAD
# (net.ntsbox.rtl.SivCaseGenerator); compiles the host-java test classes when missing.
java_siv_cases() {
  local root="$SIM_ROOT/.." h
  h="$root/host-java/target"
  ( source "$root/scripts/lib.sh"; ntsbox_find_jdk
    if [ ! -f "$h/test-classes/net/ntsbox/rtl/SivCaseGenerator.class" ] || [ ! -f "$h/test.classpath" ]; then
      (cd "$root" && mvn -q -B -ntp -pl host-java -am -DskipTests test-compile) >&2
    fi
    "$JAVA_HOME/bin/java" -cp "$h/test-classes:$h/classes:$(cat "$h/test.classpath")" \
      net.ntsbox.rtl.SivCaseGenerator "$1" "$2" "$3" )
}

# java_nts_cases COUNT SEED OUT [CAPTURES] -> NTS engine co-sim image from the Java server step
# (net.ntsbox.rtl.NtsCosimGenerator); compiles the host-java test classes when missing.
java_nts_cases() {
  local root="$SIM_ROOT/.." h
  h="$root/host-java/target"
  ( source "$root/scripts/lib.sh"; ntsbox_find_jdk
    if [ ! -f "$h/test-classes/net/ntsbox/rtl/NtsCosimGenerator.class" ] || [ ! -f "$h/test.classpath" ]; then
      (cd "$root" && mvn -q -B -ntp -pl host-java -am -DskipTests test-compile) >&2
    fi
    "$JAVA_HOME/bin/java" -cp "$h/test-classes:$h/classes:$(cat "$h/test.classpath")" \
      net.ntsbox.rtl.NtsCosimGenerator "$@" )
}

# nts_vsim_build PIPES CTX -> path of a Verilator build of tb_nts_cosim (cached like vsim_build)
nts_vsim_build() {
  local dir="$OUT_DIR/nts-vsim-$1x$2" bin
  bin="$dir/vsim"
  if [ ! -x "$bin" ] || [ -n "$(find "$RTL_DIR" "$SIM_ROOT/tb_nts_cosim.v" -newer "$bin" -name '*.v' 2>/dev/null)" ]; then
    rm -rf "$dir"
    verilator --binary --timing -Wno-fatal -Wno-lint -Wno-style -O1 -I"$RTL_DIR/.." --top-module tb_nts_cosim \
      -GPIPES="$1" -GCTX="$2" --Mdir "$dir" -o vsim \
      "$SIM_ROOT/tb_nts_cosim.v" "$RTL_DIR"/*.v >"$dir.log" 2>&1 || { cat "$dir.log" >&2; return 1; }
  fi
  echo "$bin"
}
