#!/usr/bin/env bash
# Benchmark: candidate keys and the full normalisation analysis on random relations (A attributes, F FDs; left
# sides of 1-3 attributes, right sides of 1-2), median and maximum over SEEDS seeds after a JIT warm-up.
# Target from issue 6: key finding on 20 attributes with 30 FDs in under a second.
#
#   bench/normalize.sh [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-50}
out=bench/results/normalize-$(date -u +%Y%m%d-%H%M%S).md
mkdir -p bench/results
cp=${BENCH_CP:-}
if [ -z "$cp" ]; then
  mvn -B -q -o test-compile >&2 || mvn -B -q test-compile >&2
  cp_file=$(mktemp)
  mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
  cp="target/test-classes:target/classes:$(cat "$cp_file")"
  rm -f "$cp_file"
fi
{
  echo "# normalize benchmark, $seeds random relations per size"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  echo "- java: $(java -version 2>&1 | head -n1)"
  echo
  echo "| attributes | FDs | relations | keys median (ms) | keys max (ms) | full analysis median (ms) | full analysis max (ms) | most keys |"
  echo "|---|---|---|---|---|---|---|---|"
  java -cp "$cp" io.dbagent.bench.NormalizeBench "$seeds"
} > "$out"
cat "$out"
