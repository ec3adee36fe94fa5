#!/usr/bin/env bash
# netns-scale.sh - how xtcp's namespace poller scales: N empty namespaces (ip netns add), opened
# once by a NamespaceRegistry and polled with the NamespacePoller. Prints threads, descriptors,
# poll-cycle time and the fixed cost per namespace, then the kernel's own floor for one empty
# dump (../shared/bench/nldump.c) and a one-shot `xtcp dump --netns GLOB`. A benchmark, not a test.
#
#   sudo bench/netns-scale.sh                  # N=1000 CYCLES=20 THREADS=default,1,2,4
#   sudo N=200 THREADS=default bench/netns-scale.sh
set -euo pipefail
N=${N:-1000}
CYCLES=${CYCLES:-20}
THREADS=${THREADS:-default,1,2,4}
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/xtcp-daemon/target/xtcp.jar
shared=${XTCP_SHARED:-$root/../shared}
out=$root/bench/out
[ "$(id -u)" = 0 ] || { echo "netns-scale.sh: needs root (ip netns add)" >&2; exit 2; }
[ -f "$jar" ] || { echo "netns-scale.sh: build first: ./mvnw -B -o -q -pl xtcp-daemon -am package -DskipTests" >&2; exit 2; }

prefix="xbench$$-"
cleanup() {
  ls /run/netns 2>/dev/null | grep "^$prefix" | sed 's/^/netns del /' | ip -force -batch - || true
}
trap cleanup EXIT INT TERM

echo "== $(uname -r), $(nproc) cores, $(ulimit -n) open files; $N namespaces named $prefix*"
start=$(date +%s%N)
seq 1 "$N" | sed "s/^/netns add $prefix/" | ip -batch -
echo "ip netns add x$N: $(( ($(date +%s%N) - start) / 1000000 )) ms"

echo "== registry + poller in one JVM (java -cp xtcp.jar bench/NetnsScale.java)"
java -cp "$jar" "$root/bench/NetnsScale.java" "$prefix*" "$CYCLES" "$THREADS"

echo "== one-shot: xtcp dump --netns '$prefix*' (JVM start, discovery, open, one poll)"
start=$(date +%s%N)
java -jar "$jar" dump --netns "$prefix*" --format jsonl > /dev/null
echo "wall $(( ($(date +%s%N) - start) / 1000000 )) ms"

if command -v gcc > /dev/null && [ -f "$shared/bench/nldump.c" ]; then
  mkdir -p "$out"
  gcc -O2 -o "$out/nldump" "$shared/bench/nldump.c"
  echo "== kernel floor: one legacy dump, all extensions, states 0xffe as xtcp asks, in an empty namespace (nldump -f u -e all -s 0xffe)"
  ip netns exec "${prefix}1" "$out/nldump" -f u -e all -s 0xffe -n 2000 | tail -n 1 | grep -o 'wall_med_us=[0-9.]* cpu_med_us=[0-9.]*'
fi
