#!/usr/bin/env bash
# Runs the in-process alarm engine load (io.synaps.bench.alarm.AlarmLoad): 100,000 metric alarms
# on 100,000 series, one datum per series per minute, in virtual time, on a real SegmentJournal +
# RocksDbStorage in a fresh temporary directory. Prints the machine's load before and after, the
# per-minute figures and a summary (last line: RESULT ...). Needs bench/target/benchmarks.jar
# (./mvnw -o -q -pl bench package -DskipTests).
#
# Environment (all optional):
#   HEAP=2g       -Xmx of the load JVM (the engines run inside it)
#   JFR=0         1: also record a JFR profile (settings=profile) to $JFR_FILE (alarm-load.jfr)
#   LOG_LEVEL=warn  slf4j-simple level of the engines' logging
# Any arguments go to AlarmLoad, e.g. --alarms 20000, --paced-minutes 0, --help.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -o -q -pl bench package -DskipTests" >&2; exit 1; }

HEAP=${HEAP:-2g}
JFR=${JFR:-0}
JFR_FILE=${JFR_FILE:-alarm-load.jfr}
LOG_LEVEL=${LOG_LEVEL:-warn}
jvm=(-Xmx"$HEAP" -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel="$LOG_LEVEL")
if [ "$JFR" = 1 ]; then
  jvm+=(-XX:StartFlightRecording=settings=profile,filename="$JFR_FILE",dumponexit=true)
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "before: $(uptime)"
java "${jvm[@]}" -cp "$jar" io.synaps.bench.alarm.AlarmLoad "$@"
status=$?
echo "after: $(uptime)"
exit $status
