#!/usr/bin/env bash
# Benchmark: SchemaDiff on two in-memory models of TABLES tables (default 1,000) per dialect, plus writing the up
# and down DDL. Target from the migrations issue: a 1,000-table diff under 2 s. Results go to bench/results/.
#
#   bench/diff.sh [TABLES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
tables=${1:-1000}
runs=${2:-7}
out=bench/results/diff-$(date -u +%Y%m%d-%H%M%S).md
mkdir -p bench/results
cp=${BENCH_CP:-}
if [ -z "$cp" ]; then
  mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
fi
{
  echo "# diff benchmark, $tables tables, median and max of $runs runs after warm-up"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM, load average $(cut -d' ' -f1 /proc/loadavg)"
  echo "- java: $(java -version 2>&1 | head -n1)"
  echo
  echo "| dialect | tables | changes | up+down statements | diff median (ms) | diff max (ms) | DDL median (ms) | DDL max (ms) |"
  echo "|---|---|---|---|---|---|---|---|"
  java -cp "$cp" io.dbagent.bench.DiffBench "$tables" "$runs"
} > "$out"
cat "$out"
