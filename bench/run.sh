#!/usr/bin/env bash
# Runs the benchmark harnesses in order; called by `mvn -Pbench verify`, which passes the test classpath (the
# compiled harnesses under src/test/java/io/dbagent/bench, the classes and every dependency) so that the scripts do
# not call Maven again. Each harness writes its own file to bench/results/.
#
#   bench/run.sh CLASSPATH [NAMES]     NAMES: comma-separated, from inspect,normalize,fd-discovery,diff,advise,advise-dss,alter,memory,startup
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_CP="$1"
names=${2:-inspect,normalize,fd-discovery,diff,advise,advise-dss,alter,memory,startup}
IFS=, read -ra list <<< "$names"
for n in "${list[@]}"; do
  case "$n" in
    inspect|normalize|fd-discovery|diff|advise|advise-dss|alter|memory|startup) echo "== bench/$n.sh" >&2; "bench/$n.sh" ;;
    *) echo "bench: unknown harness '$n' (known: inspect, normalize, fd-discovery, diff, advise, advise-dss, alter, memory, startup)" >&2; exit 2 ;;
  esac
done
