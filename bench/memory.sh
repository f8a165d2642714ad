#!/usr/bin/env bash
# Benchmark: memory search over N entries (default 10,000), in-process (MemoryBench: no index, first search, warm
# index, persisted index) and end to end: a new process's `memory search` against `--help` (the CLI's start-up), both
# median and 95th percentile, run in turn. Targets from issue 17: under 50 ms in-process; end to end, the search must
# cost less than the CLI's start-up on top of start-up (a new process reads the binary index, .index/entries.bin).
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
  cp="target/test-classes:target/dbagent.jar" # the jar holds the classes and every dependency
fi
[ -f target/dbagent.jar ] || mvn -B -q -o -DskipTests package >&2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ms_of() { # command…: wall time of one run in ms
  local s e
  s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
}
stats() { # times…: "median p95"
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {p=int(NR*0.95+0.999); if (p<1) p=1; print a[int((NR+1)/2)], a[p]}'
}
{
  echo "# memory search benchmark, $n entries"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  echo "- java: $(java -version 2>&1 | head -n1)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "In-process (median and maximum of $runs runs):"
  echo
  echo "| search | median (ms) | max (ms) |"
  echo "|---|---|---|"
  java -cp "$cp" io.dbagent.bench.MemoryBench "$n" "$runs" "$dir"
  echo
  echo "End to end, new processes with the launcher's JVM options, run in turn ($runs runs each):"
  echo
  opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
  help=(java $opts -jar target/dbagent.jar --help)
  search=(env DBAGENT_MEMORY_DIR="$dir" java $opts -jar target/dbagent.jar memory search keyset pagination orders)
  if ! "${search[@]}" | grep -q .; then echo "bench: memory search printed nothing" >&2; exit 1; fi
  help_t=(); search_t=()
  for _ in $(seq 1 "$runs"); do
    help_t+=("$(ms_of "${help[@]}")")
    search_t+=("$(ms_of "${search[@]}")")
  done
  read -r help_p50 help_p95 <<< "$(stats "${help_t[@]}")"
  read -r search_p50 search_p95 <<< "$(stats "${search_t[@]}")"
  echo "| command | median (ms) | p95 (ms) |"
  echo "|---|---|---|"
  echo "| dbagent --help (start-up) | $help_p50 | $help_p95 |"
  echo "| dbagent memory search, $n entries (persisted index) | $search_p50 | $search_p95 |"
  echo "| search cost above start-up | $(( search_p50 - help_p50 )) | |"
  echo
  echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out"
cat "$out"
