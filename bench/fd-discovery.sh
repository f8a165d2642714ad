#!/usr/bin/env bash
# Benchmark: FD discovery (TANE) on a generated table with planted dependencies on PostgreSQL, MariaDB and SQLite.
# The table (id, customer_id, customer_city, product_id, unit_price, discount, channel) has exactly 9 minimal FDs;
# the time covers reading the rows over JDBC and the search. Target from issue 6: 100K rows in under 10 s.
# Uses the test servers (DBAGENT_TEST_PG_URL / DBAGENT_TEST_MYSQL_URL, default the local services).
#
#   bench/fd-discovery.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
runs=${2:-3}
out=bench/results/fd-discovery-$(date -u +%Y%m%d-%H%M%S).md
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
  echo "# FD discovery benchmark, $rows rows, median of $runs runs after one warm-up"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM, load average $(cut -d' ' -f1 /proc/loadavg)"
  echo "- java: $(java -version 2>&1 | head -n1)"
  echo
  echo "| engine | rows | read + discover median (ms) | max (ms) | exactly the planted FDs |"
  echo "|---|---|---|---|---|"
  java -cp "$cp" io.dbagent.bench.FdDiscoveryBench "$rows" "$runs"
} > "$out"
cat "$out"
