#!/usr/bin/env bash
# Measures the web dashboard's first render of a dashboard of N metric widgets (default 20) in
# Debian's headless Chromium (io.synaps.bench.ui.DashboardRender): a node in the same JVM, a day of
# one-minute data per metric, then cold loads of the dashboard URL and route changes inside the app.
# Needs bench/target/benchmarks.jar (./mvnw -o -q -pl bench package -DskipTests) and the Debian
# packages chromium and chromium-driver.
# Any arguments go to DashboardRender, e.g. --widgets 40 --runs 20 --range -P1D, --help.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -o -q -pl bench package -DskipTests" >&2; exit 1; }
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(/usr/bin/chromium --version 2>/dev/null)"
echo "before: $(uptime)"
status=0
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" io.synaps.bench.ui.DashboardRender "$@" || status=$?
echo "after: $(uptime)"
exit $status
