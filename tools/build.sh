#!/usr/bin/env bash
# Builds the native benchmark tools (tools/build/ntsload, tools/build/udpecho) when missing or older than their source.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$here/build"
for t in ntsload udpecho; do
  if [ ! -x "$here/build/$t" ] || [ "$here/$t.c" -nt "$here/build/$t" ]; then
    ${CC:-cc} -O2 -Wall -Wextra -o "$here/build/$t" "$here/$t.c"
  fi
done
