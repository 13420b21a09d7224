#!/usr/bin/env bash
# Builds the starter and the harness, then runs every benchmark in one JVM and rewrites BENCHMARKS.md.
#
# Usage: ./benchmarks/run.sh [rounds (default 5)] [seconds per measurement window (default 1)]
#
# BENCHMARKS_ONLY=<section>[,<section>...] runs only those sections and writes
# benchmarks/target/BENCHMARKS-<sections>.md instead of BENCHMARKS.md, for example
#   BENCHMARKS_ONLY=failover ./benchmarks/run.sh 3
# Sections: throughput, batches, fail-fast, outage, probes, connections, startup, failover, dropped, paused,
# cluster-batches, nearcache.
set -euo pipefail
cd "$(dirname "$0")/.."
# A stale copy of a module's jar in benchmarks/target/lib (e.g. from a build with -pl benchmarks, which takes the
# modules from the local Maven repository) would be kept by copy-dependencies when it is newer: start afresh.
rm -rf benchmarks/target/lib
./mvnw -q -B -Pbenchmarks -DskipTests install
output=BENCHMARKS.md
if [[ -n "${BENCHMARKS_ONLY:-}" ]]; then
  output="benchmarks/target/BENCHMARKS-${BENCHMARKS_ONLY//,/-}.md"
fi
exec java -Xms512m -Xmx2g -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
  com.tradingboost.redis.benchmarks.BenchmarkMain "$output" "$@"
