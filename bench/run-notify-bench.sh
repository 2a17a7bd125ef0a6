#!/usr/bin/env bash
# Runs the in-process webhook delivery load (io.synaps.bench.notify.WebhookLoad): paced alarm
# transitions (default 10,000 per minute for 2 minutes over 1,000 alarms) through the notify
# Dispatcher (RocksDB outbox in a fresh temporary directory, WebhookNotifier) to a JDK HttpServer
# receiver in the same JVM. Prints the machine's load before and after, latency (transition handed
# to the dispatcher -> receiver read the POST) p50/p90/p99, throughput, losses and duplicates
# (last line: RESULT ...). Needs bench/target/benchmarks.jar (./mvnw -o -q -pl bench package -DskipTests).
#
# Environment (all optional): HEAP=1g, LOG_LEVEL=warn.
# Any arguments go to WebhookLoad, e.g. --per-minute 20000 --minutes 1 --workers 16, --help.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -o -q -pl bench package -DskipTests" >&2; exit 1; }

HEAP=${HEAP:-1g}
LOG_LEVEL=${LOG_LEVEL:-warn}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "before: $(uptime)"
status=0
java -Xmx"$HEAP" -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel="$LOG_LEVEL" \
  -cp "$jar" io.synaps.bench.notify.WebhookLoad "$@" || status=$?
echo "after: $(uptime)"
exit $status
