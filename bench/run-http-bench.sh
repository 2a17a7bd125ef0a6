#!/usr/bin/env bash
# Starts one Synaps node (server/target/synaps-server.jar, as scripts/run.sh does) on 127.0.0.1 with a fresh data directory,
# drives it with the load generator in each protocol (peak, then half of peak), and prints disk
# and heap use. Needs the server built (scripts/run.sh or ./mvnw -pl server package) and
# bench/target/benchmarks.jar (./mvnw -o -q -pl bench package -DskipTests).
#
# Environment (all optional):
#   PORT=28780  HEAP=2g  DURATION=20  WARMUP=5  CONNECTIONS=8  SERIES=100000
#   PROTOCOLS="cbor json query"  HALF=1 (also run at half of the measured peak)
#   QUERY_DATUMS=750 (a 1,000-datum, 10-dimension Query body is 1.35 MB, over the 1 MiB body limit)
#   DATA_DIR=<fresh temp dir>  KEEP=0 (1 keeps the data directory)
#   SERVER_JAR=server/target/synaps-server.jar
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -o -q -pl bench package -DskipTests" >&2; exit 1; }

PORT=${PORT:-28780}
HEAP=${HEAP:-2g}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-8}
SERIES=${SERIES:-100000}
PROTOCOLS=${PROTOCOLS:-cbor json query}
QUERY_DATUMS=${QUERY_DATUMS:-750}
HALF=${HALF:-1}
DATA_DIR=${DATA_DIR:-$(mktemp -d /tmp/synaps-bench.XXXXXX)}
KEEP=${KEEP:-0}
SERVER_JAR=${SERVER_JAR:-server/target/synaps-server.jar}
[ -f "$SERVER_JAR" ] || { echo "missing $SERVER_JAR: build the server first" >&2; exit 1; }
LOG="$DATA_DIR.server.log"

SYNAPS_DATA_DIR="$DATA_DIR" SYNAPS_PORT="$PORT" \
  java -Xmx"$HEAP" -Xms"$HEAP" -XX:+UseG1GC -jar "$SERVER_JAR" serve >"$LOG" 2>&1 &
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
    --series "$SERIES" --duration "$DURATION" --warmup "$WARMUP" --server-pid "$server_pid" "$@"
}

for protocol in $PROTOCOLS; do
  datums=1000
  if [ "$protocol" = query ]; then datums=$QUERY_DATUMS; fi
  echo; echo "=== $protocol: peak (closed loop, $CONNECTIONS connections, $datums datums per request)"
  out=$(load --protocol "$protocol" --datums "$datums" --connections "$CONNECTIONS")
  echo "$out"
  peak=$(sed -n 's/^RESULT .* req_per_s=\([0-9.]*\) .*/\1/p' <<<"$out")
  if [ "$HALF" = 1 ] && [ -n "$peak" ]; then
    half=$(awk -v p="$peak" 'BEGIN { printf "%.1f", p / 2 }')
    echo; echo "=== $protocol: half of peak ($half req/s, open loop)"
    load --protocol "$protocol" --datums "$datums" --connections "$CONNECTIONS" --rate "$half"
  fi
done

echo; echo "=== after the runs (measured windows only; warm-up requests were ingested too)"
echo "heap:"; jcmd "$server_pid" GC.heap_info 2>/dev/null | sed 's/^/  /' || true
curl -fsS "http://127.0.0.1:$PORT/metrics" 2>/dev/null | grep -E '^jvm_memory_used_bytes\{.*heap' | sed 's/^/  /' || true
echo "waiting 15 s for the engine's flush..."; sleep 15
jcmd "$server_pid" GC.run >/dev/null 2>&1 || true
echo "heap after full GC (live set):"; jcmd "$server_pid" GC.heap_info 2>/dev/null | sed 's/^/  /' || true
echo "largest classes on the heap:"; jcmd "$server_pid" GC.class_histogram 2>/dev/null | sed -n '1,15p' | sed 's/^/  /' || true
echo "disk:"; du -sb "$DATA_DIR"/* | sed 's/^/  /'
# Every acknowledged PutMetricData (warm-ups included), from the server's own request counter.
total_datums=$(curl -fsS "http://127.0.0.1:$PORT/metrics" | awk -v q="$QUERY_DATUMS" '
  /^synaps_api_requests_seconds_count\{action="PutMetricData",outcome="success"/ {
    n = $NF + 0; if ($0 ~ /protocol="query"/) t += n * q; else t += n * 1000 }
  END { printf "%d", t }')
bytes=$(du -sb "$DATA_DIR" | cut -f1)
echo "datums acknowledged (all runs): $total_datums"
awk -v b="$bytes" -v d="$total_datums" 'BEGIN { if (d > 0) printf "bytes on disk per datum: %.2f (%d bytes)\n", b / d, b }'
