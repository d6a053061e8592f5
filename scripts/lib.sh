# Shared by the launcher and the scripts: find JDK 25 and install system packages.
# Sourced, not executed.

ntsbox_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# Sets JAVA_HOME to a JDK 25 (JAVA_HOME if it is one, else the first under /usr/lib/jvm),
# or stops with a message that says what to install.
ntsbox_find_jdk() {
  local cand
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
    [ -n "$cand" ] && [ -x "$cand/bin/javac" ] || continue
    if "$cand/bin/java" -version 2>&1 | grep -qE 'version "25(\.|")'; then
      export JAVA_HOME="$cand"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "ntsbox: no JDK 25 found (looked at JAVA_HOME and /usr/lib/jvm/*25*)." >&2
  echo "ntsbox: install one (e.g. Temurin 25 to /usr/lib/jvm/temurin-25-jdk-amd64) or set JAVA_HOME." >&2
  exit 3
}

# Installs the Debian packages named, those not installed yet, once per machine.
ntsbox_apt() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "ntsbox: missing packages: ${missing[*]} (run as root, or install them with apt-get)" >&2
    exit 4
  fi
  echo "ntsbox: installing ${missing[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # chrony's package may start a system chronyd on a machine with systemd; the appliance
  # and the tests run their own instances and must never share or fight over the clock.
  local unit
  for unit in chrony gpsd.socket gpsd; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then
      systemctl stop "$unit" || true; systemctl disable "$unit" >/dev/null 2>&1 || true
    fi
  done
}

# What the tests need: HDL tools, real NTS peers (chrony; python3-ntp + libs for the unpacked
# NTPsec below), certificate tooling, ip netns (iproute2), setpriv (util-linux), timeout, gpsd
# (GpsdInteropTest runs it in the foreground on loopback ports; no service is used), and the
# native crypto libraries ([ntp] crypto / [nts_ke] crypto: libnettle8, libhogweed6, libssl3),
# named here so that their tests run instead of skipping where chrony did not pull them in;
# gcc and make build native/siv (libntssiv, [ntp] crypto = "aesni") before the Java tests.
NTSBOX_TEST_PACKAGES=(maven verilator iverilog yosys chrony openssl iproute2 python3 python3-cryptography
  util-linux coreutils procps python3-ntp libssl3 libbsd0 libcap2 device-tree-compiler gpsd
  libnettle8 libhogweed6 gcc make)

# Where NTPsec (the interop tests' second NTS client) is unpacked; the tests read the same path.
NTSBOX_NTPSEC_ROOT="${NTSBOX_NTPSEC_ROOT:-/opt/ntpsec-root}"

# Unpacks NTPsec's ntpd/ntpq into $NTSBOX_NTPSEC_ROOT, once per machine. The Debian package
# Conflicts: time-daemon, so it cannot be installed beside chrony; its dependencies
# (python3-ntp for ntpq, libssl3, libbsd0, libcap2) do not conflict and come from
# NTSBOX_TEST_PACKAGES. Nothing is registered with dpkg and no service is started.
ntsbox_install_ntpsec() {
  local root="$NTSBOX_NTPSEC_ROOT" tmp
  [ -x "$root/usr/sbin/ntpd" ] && [ -x "$root/usr/bin/ntpq" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "ntsbox: NTPsec is not unpacked in $root (run as root to fetch it with apt-get download)" >&2
    exit 4
  fi
  echo "ntsbox: unpacking ntpsec into $root (not dpkg-installed: it conflicts with chrony)" >&2
  tmp="$(mktemp -d)"
  if ! (cd "$tmp" && apt-get download -qq ntpsec >/dev/null 2>&1); then
    apt-get update -qq >/dev/null
    (cd "$tmp" && apt-get download -qq ntpsec >/dev/null) || { rm -rf "$tmp"; echo "ntsbox: apt-get download ntpsec failed" >&2; exit 4; }
  fi
  mkdir -p "$root.tmp"
  dpkg-deb -x "$tmp"/ntpsec_*.deb "$root.tmp"
  rm -rf "$tmp" "$root"
  mv "$root.tmp" "$root"
}
# What lab mode and the appliance need at run time.
NTSBOX_RUN_PACKAGES=(maven verilator g++ make openssl)

# Maven 3.8.7's bundled guava calls sun.misc.Unsafe; on JDK 25 that prints four warnings per run.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
