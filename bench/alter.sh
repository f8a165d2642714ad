#!/usr/bin/env bash
# Benchmark: column changes on one PostgreSQL table as one combined ALTER TABLE (what the diff writes) against one
# ALTER TABLE per statement, on a table of ROWS rows (default 2,000,000). Results go to bench/results/.
#
#   bench/alter.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-2000000}
runs=${2:-3}
pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
db=dbagent_bench_alter
out=bench/results/alter-$(date -u +%Y%m%d-%H%M%S).md
mkdir -p bench/results
cp=${BENCH_CP:-}
if [ -z "$cp" ]; then
  mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
fi
psql "$pg_admin" -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql "$pg_admin" -X -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
hostpart=${pg_admin#postgres://}
user=${hostpart%%@*}
hostport=${hostpart#*@}
hostport=${hostport%%/*}
{
  echo "# combined vs per-statement ALTER TABLE on PostgreSQL, $rows rows, $runs runs"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM, load average $(cut -d' ' -f1 /proc/loadavg)"
  echo "- server: $(psql "$pg_admin" -X -At -c 'SHOW server_version')"
  echo "- java: $(java -version 2>&1 | head -n1)"
  echo "- change: qty integer → bigint NOT NULL, n integer → bigint (two table rewrites when run one ALTER at a time)"
  echo
  echo "| run | rows | statements apart | per-statement (ms) | combined (ms) | ratio |"
  echo "|---|---|---|---|---|---|"
  java -cp "$cp" io.dbagent.bench.AlterBench "jdbc:postgresql://$hostport/$db?user=$user" "$rows" "$runs"
} > "$out"
cat "$out"
