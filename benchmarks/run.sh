#!/usr/bin/env bash
# Builds the starter and the harness, then runs every benchmark in one JVM and rewrites BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -Pbenchmarks -DskipTests install
exec java -Xms512m -Xmx2g -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
  com.tradingboost.redis.benchmarks.BenchmarkMain BENCHMARKS.md "$@"
