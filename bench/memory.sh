#!/usr/bin/env bash
# Benchmark: memory search over N entries (default 10,000), in-process (MemoryBench: no index, first search, warm
# index, persisted index) and end to end (the CLI's `memory search` against `--help`, the start-up floor).
# Targets from issue 17: under 50 ms in-process and under the CLI's start-up time end to end.
#
#   bench/memory.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-20}
out=bench/results/memory-$(date -u +%Y%m%d-%H%M%S).md
mkdir -p bench/results
cp=${BENCH_CP:-}
if [ -z "$cp" ]; then
  mvn -B -q -o test-compile >&2 || mvn -B -q test-compile >&2
  cp_file=$(mktemp)
  mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
  cp="target/test-classes:target/classes:$(cat "$cp_file")"
  rm -f "$cp_file"
fi
[ -f target/dbagent.jar ] || mvn -B -q -o -DskipTests package >&2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
median_ms() { # command…: median wall time of $runs runs in ms
  local times=()
  for _ in $(seq 1 "$runs"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
{
  echo "# memory search benchmark, $n entries"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  echo "- java: $(java -version 2>&1 | head -n1)"
  echo
  echo "In-process (median and maximum of $runs runs):"
  echo
  echo "| search | median (ms) | max (ms) |"
  echo "|---|---|---|"
  java -cp "$cp" io.dbagent.bench.MemoryBench "$n" "$runs" "$dir"
  echo
  echo "End to end, the CLI through the launcher's JVM options (median of $runs runs):"
  echo
  opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
  help_ms=$(median_ms java $opts -jar target/dbagent.jar --help)
  search=(env DBAGENT_MEMORY_DIR="$dir" java $opts -jar target/dbagent.jar memory search keyset pagination orders)
  if ! "${search[@]}" | grep -q .; then echo "bench: memory search printed nothing" >&2; exit 1; fi
  search_ms=$(median_ms "${search[@]}")
  echo "| command | median (ms) |"
  echo "|---|---|"
  echo "| dbagent --help (start-up floor) | $help_ms |"
  echo "| dbagent memory search (persisted index) | $search_ms |"
  echo "| search cost above start-up | $(( search_ms - help_ms )) |"
} > "$out"
cat "$out"
