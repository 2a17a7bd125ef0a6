#!/usr/bin/env bash
# Starts one Synaps node from bench/target/benchmarks.jar on 127.0.0.1 with a fresh data directory,
# drives it with the load generator in each protocol (peak, then half of peak), and prints disk
# and heap use. Build first: ./mvnw -o -q -pl bench package -DskipTests
#
# Environment (all optional):
#   PORT=18780  HEAP=2g  DURATION=20  WARMUP=5  CONNECTIONS=8  SERIES=100000
#   PROTOCOLS="query json cbor"  HALF=1 (also run at half of the measured peak)
#   DATA_DIR=<fresh temp dir>  KEEP=0 (1 keeps the data directory)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -o -q -pl bench package -DskipTests" >&2; exit 1; }

PORT=${PORT:-18780}
HEAP=${HEAP:-2g}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-8}
SERIES=${SERIES:-100000}
PROTOCOLS=${PROTOCOLS:-query json cbor}
HALF=${HALF:-1}
DATA_DIR=${DATA_DIR:-$(mktemp -d /tmp/synaps-bench.XXXXXX)}
KEEP=${KEEP:-0}
LOG="$DATA_DIR.server.log"

SYNAPS_DATA_DIR="$DATA_DIR" SYNAPS_PORT="$PORT" \
  java -Xmx"$HEAP" -Xms"$HEAP" -XX:+UseG1GC -cp "$jar" io.synaps.server.Main serve >"$LOG" 2>&1 &
server_pid=$!
cleanup() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  if [ "$KEEP" != 1 ]; then rm -rf "$DATA_DIR"; fi
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { echo "server died; log:" >&2; cat "$LOG" >&2; exit 1; }
  sleep 0.5
done
echo "server pid $server_pid on 127.0.0.1:$PORT, heap $HEAP, data $DATA_DIR"

load() {
  java -Xmx1g -cp "$jar" io.synaps.bench.load.LoadGenerator --endpoint "http://127.0.0.1:$PORT" \
    --series "$SERIES" --duration "$DURATION" --warmup "$WARMUP" "$@"
}

total_datums=0
for protocol in $PROTOCOLS; do
  echo; echo "=== $protocol: peak (closed loop, $CONNECTIONS connections)"
  out=$(load --protocol "$protocol" --connections "$CONNECTIONS" | tee /dev/stderr)
  peak=$(sed -n 's/^RESULT .* req_per_s=\([0-9.]*\) .*/\1/p' <<<"$out")
  ok=$(sed -n 's/^RESULT .* ok=\([0-9]*\) .*/\1/p' <<<"$out")
  total_datums=$((total_datums + ok * 1000))
  if [ "$HALF" = 1 ] && [ -n "$peak" ]; then
    half=$(awk -v p="$peak" 'BEGIN { printf "%.1f", p / 2 }')
    echo; echo "=== $protocol: half of peak ($half req/s, open loop)"
    out=$(load --protocol "$protocol" --connections "$CONNECTIONS" --rate "$half" | tee /dev/stderr)
    ok=$(sed -n 's/^RESULT .* ok=\([0-9]*\) .*/\1/p' <<<"$out")
    total_datums=$((total_datums + ok * 1000))
  fi
done

echo; echo "=== after the runs (measured windows only; warm-up requests were ingested too)"
echo "heap:"; jcmd "$server_pid" GC.heap_info 2>/dev/null | sed 's/^/  /' || true
curl -fsS "http://127.0.0.1:$PORT/metrics" 2>/dev/null | grep -E '^jvm_memory_used_bytes\{.*heap' | sed 's/^/  /' || true
echo "waiting 15 s for the engine's flush..."; sleep 15
jcmd "$server_pid" GC.run >/dev/null 2>&1 || true
echo "heap after full GC (live set):"; jcmd "$server_pid" GC.heap_info 2>/dev/null | sed 's/^/  /' || true
echo "disk:"; du -sb "$DATA_DIR"/* | sed 's/^/  /'
echo "datums acknowledged in measured windows: $total_datums"
