#!/usr/bin/env bash
# Decision-support benchmark of the index advisor on PostgreSQL: a star schema written for it (bench/dss-schema.sql:
# f_sales with 6M rows at scale 1 and seven dimension tables, primary keys only, data from generate_series) and 22
# statements (bench/dss-workload.sql). At budgets of 50, 100, 200, 300, 500, 700 MB and unlimited it prints the
# workload's planner cost after/before for the advisor, plain greedy and, on a 12-candidate subset, the exhaustive
# optimum (each set costed together with hypopg); the advisor's wall time; and at 500 MB each statement's measured
# time before and after creating the advisor's indexes. Results go to bench/results/ with the machine noted.
#
#   bench/advise-dss.sh [SCALE [BUDGET_MB...]]     SCALE: default 1 (6M fact rows); 0.1 for a quick run
#   BENCH_DSS_DB=name picks the scratch database (default dbagent_bench_dss; it is dropped and re-created), so two
#   runs can share a server; BENCH_PG_URL the server's admin URL.
set -euo pipefail
cd "$(dirname "$0")/.."
pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
db=${BENCH_DSS_DB:-dbagent_bench_dss}
[[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "advise-dss: BENCH_DSS_DB must be a plain lower-case database name, got '$db'" >&2; exit 2; }
url=${pg_admin%/*}/$db
scale=${1:-1}
[[ "$scale" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "advise-dss: SCALE must be a positive number, got '$scale'" >&2; exit 2; }
shift || true
budgets=("$@")
[ ${#budgets[@]} -eq 0 ] && budgets=(50 100 200 300 500 700 0)
measure_mb=500
out=bench/results/advise-dss-$(date -u +%Y%m%d-%H%M%S).md

mkdir -p bench/results
cp=${BENCH_CP:-}
if [ -z "$cp" ]; then
  mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
fi

trap 'psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT
psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
t0=$(date +%s)
psql "$url" -q -v ON_ERROR_STOP=1 -v scale="$scale" -f bench/dss-schema.sql >/dev/null
load=$(( $(date +%s) - t0 ))
hypopg=$(psql "$pg_admin" -tAc "SELECT count(*) FROM pg_available_extensions WHERE name = 'hypopg'")
rows=$(psql "$url" -tAc "SELECT string_agg(relname || ' ' || to_char(n_live_tup, 'FM9,999,999,999'), ', ' ORDER BY relname)
                         FROM pg_stat_user_tables")
size=$(psql "$url" -tAc "SELECT pg_size_pretty(pg_total_relation_size('f_sales'))")

{
  echo "# advisor benchmark, decision support, PostgreSQL, 22-statement workload"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  echo "- java: $(java -version 2>&1 | head -n1); server: $(psql "$url" -tAc 'SHOW server_version')"
  echo "- scale: $scale; rows: $rows; f_sales with its primary key: $size (loaded in ${load} s); hypopg available: $([ "$hypopg" = 1 ] && echo yes || echo no)"
  java -cp "$cp" io.dbagent.bench.DssAdvisorBench "$url" bench/dss-workload.sql "$measure_mb" "${budgets[@]}"
} > "$out"

cat "$out"
echo "written to $out" >&2
