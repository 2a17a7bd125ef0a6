#!/usr/bin/env bash
# Builds Synaps if needed and starts one node with embedded storage in the foreground.
# Environment: SYNAPS_PORT (8780), SYNAPS_DATA_DIR (./data), SYNAPS_ACCESS_KEY_ID /
# SYNAPS_SECRET_ACCESS_KEY (local defaults in README), SYNAPS_REGION (us-east-1),
# SYNAPS_ADMIN_USER / SYNAPS_ADMIN_PASSWORD (the dashboard user ensured at start; local defaults
# admin / synaps-local-admin; SYNAPS_ADMIN_USER= (empty) turns the bootstrap off).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SYNAPS_ADMIN_USER+set}" ]; then
  export SYNAPS_ADMIN_USER=admin
fi
if [ -n "$SYNAPS_ADMIN_USER" ] && [ -z "${SYNAPS_ADMIN_PASSWORD:-}" ]; then
  export SYNAPS_ADMIN_PASSWORD=synaps-local-admin
fi
jar=server/target/synaps-server.jar
if [ ! -f "$jar" ] || [ -n "$(find . -path ./data -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  echo "Building Synaps (./mvnw package -DskipTests)..." >&2
  ./mvnw -q -DskipTests package -pl server -am
fi
exec java ${SYNAPS_JAVA_OPTS:-} -jar "$jar" serve
