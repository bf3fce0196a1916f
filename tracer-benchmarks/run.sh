#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the JMH suite with the profilers docs/performance.md reports: gc (bytes per op) and the
# benchmark thread's CPU time per op.
#
#   tracer-benchmarks/run.sh [quick|full] [JMH regexp and options...]
#
# quick: 1 fork, 2 warm-up and 3 measured iterations of 1 s (minutes; noisy, for a first look)
# full:  JMH defaults of the benchmark classes (3 warm-up, 5 measured iterations of 2 s, 1 fork)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
shift || true
mvn -B -q -DskipTests -pl tracer-benchmarks -am package
jar=tracer-benchmarks/target/benchmarks.jar
profilers=(-prof gc -prof io.ringtrace.benchmarks.ThreadCpuProfiler)
case "$mode" in
  quick) exec java -jar "$jar" -f 1 -wi 2 -i 3 -w 1s -r 1s "${profilers[@]}" "$@" ;;
  full) exec java -jar "$jar" "${profilers[@]}" "$@" ;;
  *) echo "usage: $0 [quick|full] [JMH arguments]" >&2; exit 2 ;;
esac
