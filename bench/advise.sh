#!/usr/bin/env bash
# Benchmark of the index advisor on PostgreSQL: a generated shop database (1M orders, 1.5M order items), a
# 20-statement workload (bench/advise-workload.sql), budgets of 8, 16, 32, 64 MB and unlimited. For each budget it
# prints the workload cost of plain greedy, the advisor and the exhaustive optimum over the same candidates (as % of
# the cost with primary keys only, each set costed together with hypopg), the advisor's wall time and the measured
# workload time before and after creating the advisor's indexes. Results go to bench/results/ with the machine noted.
#
#   bench/advise.sh [BUDGET_MB...]
set -euo pipefail
cd "$(dirname "$0")/.."
pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
db=dbagent_bench_advise
url=${pg_admin%/*}/$db
budgets=("$@")
[ ${#budgets[@]} -eq 0 ] && budgets=(8 16 32 64 0)
out=bench/results/advise-$(date -u +%Y%m%d-%H%M%S).md

mkdir -p bench/results
cp=${BENCH_CP:-}
if [ -z "$cp" ]; then
  mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
fi

psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
t0=$(date +%s)
psql "$url" -q -v ON_ERROR_STOP=1 -f bench/advise-schema.sql >/dev/null
load=$(( $(date +%s) - t0 ))
hypopg=$(psql "$pg_admin" -tAc "SELECT count(*) FROM pg_available_extensions WHERE name = 'hypopg'")

{
  echo "# advisor benchmark, PostgreSQL, 20-statement workload"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  echo "- java: $(java -version 2>&1 | head -n1); server: $(psql "$url" -tAc 'SHOW server_version')"
  echo "- data: customers 100,000, products 20,000, orders 1,000,000, order_items 1,500,000 (loaded in ${load} s); hypopg available: $([ "$hypopg" = 1 ] && echo yes || echo no)"
  java -cp "$cp" io.dbagent.bench.AdvisorBench "$url" bench/advise-workload.sql "${budgets[@]}"
} > "$out"

psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db" >/dev/null
cat "$out"
echo "written to $out" >&2
