#!/usr/bin/env bash
# Runs the in-process GetMetricWidgetImage load (io.synaps.bench.widget.WidgetRenderLoad): writes a
# day of one-minute data for 5 metrics through a real MetricEngine (SegmentJournal + RocksDB in a
# fresh temporary directory, flushed to the store), then renders the 5-metric widget (p99, period
# 60 s, one day, 600x400, one threshold annotation) through the action in a loop. Prints the read
# and render halves alone and, last line, RESULT renders/s and latency p50/p90/p99/max.
# Needs bench/target/benchmarks.jar (./mvnw -o -q -pl bench package -DskipTests).
#
# Environment (all optional): HEAP=1g, LOG_LEVEL=warn.
# Any arguments go to WidgetRenderLoad, e.g. --threads 2 --period 300 --stacked, --help.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -o -q -pl bench package -DskipTests" >&2; exit 1; }

HEAP=${HEAP:-1g}
LOG_LEVEL=${LOG_LEVEL:-warn}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "before: $(uptime)"
status=0
java -Xmx"$HEAP" -XX:+UseG1GC -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel="$LOG_LEVEL" \
  -cp "$jar" io.synaps.bench.widget.WidgetRenderLoad "$@" || status=$?
echo "after: $(uptime)"
exit $status
