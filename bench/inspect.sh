#!/usr/bin/env bash
# Benchmark: how long `dbagent inspect` takes on a large catalog (default 2,000 tables) on each engine.
# Each table has 8 columns, a primary key, a secondary index, a check constraint and a foreign key to its
# predecessor, so every catalog query has real work. The JVM start is measured in the same run (`--version`)
# and subtracted, so the result is the inspection itself. Results go to bench/results/ with the machine noted.
#
#   bench/inspect.sh [TABLES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
tables=${1:-2000}
runs=${2:-5}
pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
db=dbagent_bench_inspect
out=bench/results/inspect-$(date -u +%Y%m%d-%H%M%S).md

./dbagent --version >/dev/null   # builds the jar if needed

gen_ddl() {  # $1 = dialect
  local d=$1 i
  for ((i = 1; i <= tables; i++)); do
    local ref=""
    if ((i > 1)); then ref=", prev_id bigint REFERENCES t$((i - 1))(id)"; else ref=", prev_id bigint"; fi
    if [ "$d" = sqlite ]; then
      echo "CREATE TABLE t$i (id INTEGER PRIMARY KEY, name varchar(100) NOT NULL, qty integer NOT NULL DEFAULT 0 CHECK (qty >= 0), price numeric(10,2), created_at timestamp DEFAULT CURRENT_TIMESTAMP, flag boolean, note text$ref);"
    else
      echo "CREATE TABLE t$i (id bigint PRIMARY KEY, name varchar(100) NOT NULL, qty integer NOT NULL DEFAULT 0 CHECK (qty >= 0), price numeric(10,2), created_at timestamp DEFAULT CURRENT_TIMESTAMP, flag boolean, note text$ref);"
    fi
    echo "CREATE INDEX idx_t${i}_name ON t$i (name, qty);"
  done
}

now_ms() { date +%s%3N; }

median_ms() {  # runs "$@" $runs times, prints the median wall time in ms
  local times=() t0 t1
  for ((r = 0; r < runs; r++)); do
    t0=$(now_ms); "$@" >/dev/null; t1=$(now_ms)
    times+=($((t1 - t0)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

{
  echo "# inspect benchmark, $tables tables, median of $runs runs"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  echo "- java: $(java -version 2>&1 | head -n1)"
  echo "- load average at start: $(cut -d" " -f1-3 /proc/loadavg)"
  echo
  echo "| engine | tables | dbagent inspect (ms) | JVM start, --version (ms) | inspection alone (ms) | JSON size |"
  echo "|---|---|---|---|---|---|"
} > "$out"

base=$(median_ms ./dbagent --version)

bench_one() {  # $1 engine label, $2 url
  local label=$1 url=$2 total size
  total=$(median_ms ./dbagent inspect --db "$url" --format json)
  size=$(./dbagent inspect --db "$url" --format json | wc -c)
  echo "| $label | $tables | $total | $base | $((total - base)) | $((size / 1024)) kB |" >> "$out"
  echo "$label: $total ms total, $((total - base)) ms inspecting ($base ms JVM)" >&2
}

# PostgreSQL
psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db" -qc "CREATE DATABASE $db" >/dev/null
gen_ddl pg | psql -q "${pg_admin%/*}/$db" >/dev/null
psql -q "${pg_admin%/*}/$db" -c ANALYZE >/dev/null
bench_one "PostgreSQL $(psql -tA "$pg_admin" -c 'SHOW server_version' | cut -d' ' -f1)" "${pg_admin%/*}/$db"
psql "$pg_admin" -qc "DROP DATABASE $db" >/dev/null

# MariaDB
if mariadb -h127.0.0.1 -uroot -e 'SELECT 1' >/dev/null 2>&1; then
  mariadb -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
  gen_ddl mysql | mariadb -h127.0.0.1 -uroot "$db"
  bench_one "MariaDB $(mariadb -h127.0.0.1 -uroot -N -e 'SELECT VERSION()' | cut -d- -f1)" "mysql://root@127.0.0.1:3306/$db"
  mariadb -h127.0.0.1 -uroot -e "DROP DATABASE $db"
fi

# SQLite (needs the sqlite3 shell: apt-get install sqlite3)
if command -v sqlite3 >/dev/null; then
  tmp=$(mktemp -d)
  gen_ddl sqlite | sqlite3 "$tmp/bench.db"
  bench_one "SQLite $(sqlite3 --version | cut -d' ' -f1)" "$tmp/bench.db"
  rm -rf "$tmp"
else
  echo "| SQLite | skipped: sqlite3 shell not installed | | | | |" >> "$out"
fi

echo >> "$out"
echo "Inspection alone = median total minus median JVM start, both measured in this run." >> "$out"
cat "$out"
