#!/usr/bin/env bash
# Benchmark: start-up of new processes, measured in one run and in turn: the JVM floor (`java -version`, an empty
# main), `dbagent --help` (with and without the class-data archive), `inspect` of a SQLite file, the MCP server's
# answers to `initialize` and then `tools/list` (from process start), and `memory search` over 10,000 entries;
# median and 95th percentile of RUNS runs each. The archive is recorded as the launcher records it (its training run). Goals from "the four faces": --help within 2x the floor, initialize under 1 s, memory search
# costing less than start-up on top of start-up.
#
#   bench/startup.sh [RUNS] [JAR…]     JAR: default target/dbagent.jar; give several (another build's jar first) to
#                                      compare them in one run, measured in turn under the same load
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
shift || true
jars=("$@")
[ ${#jars[@]} -gt 0 ] || jars=(target/dbagent.jar)
out=bench/results/startup-$(date -u +%Y%m%d-%H%M%S).md
mkdir -p bench/results
cp=${BENCH_CP:-}
if [ -z "$cp" ]; then
  mvn -B -q -o test-compile >&2 || mvn -B -q test-compile >&2
  cp="target/test-classes:target/dbagent.jar"
fi
[ -f target/dbagent.jar ] || mvn -B -q -o -DskipTests package >&2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
{
  echo "# start-up benchmark, median and 95th percentile of $runs runs (ms)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  echo "- java: $(java -version 2>&1 | head -n1)"
  echo "- jars: ${jars[*]} (worktree at $(git log -1 --format=%h 2>/dev/null || echo unknown))"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  java -cp "$cp" io.dbagent.bench.StartupBench "$runs" "$dir" "${jars[@]}"
  echo
  echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out"
cat "$out"
