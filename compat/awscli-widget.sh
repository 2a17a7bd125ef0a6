#!/usr/bin/env bash
# awscli-widget.sh: GetMetricWidgetImage through Debian's aws CLI 2.9.19 (AWS Query): data put with
# put-metric-data comes back as a PNG (base64 in the CLI's JSON output) of the widget's size, in
# the timeSeries and singleValue views and for OutputFormat png and image/png; bad widgets,
# unsupported views, metric math and other output formats are refused with their error codes.
# Needs SYNAPS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION.
# Prints one line per check and a final "awscli-widget: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail

source "$(dirname "$0")/lib/harness.sh"

run_id="$("$PY" -c 'import uuid; print(uuid.uuid4().hex[:10])')"
NS="Compat/Widget/$run_id"

cw() {
  "$AWS" --endpoint-url "$SYNAPS_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output json cloudwatch "$@"
}

# png_of W H: a condition on d that holds when d['MetricWidgetImage'] is a W x H PNG
png_of() {
  echo "(p := __import__('base64').b64decode(d['MetricWidgetImage']))[:8] == b'\\x89PNG\\r\\n\\x1a\\n'" \
    "and int.from_bytes(p[16:20], 'big') == $1 and int.from_bytes(p[20:24], 'big') == $2"
}

echo "awscli: $("$AWS" --version 2>&1), namespace $NS"

data=$("$PY" -c "
import json, datetime
now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
print(json.dumps([{'MetricName': 'Latency', 'Dimensions': [{'Name': 'Host', 'Value': 'a'}], 'Unit': 'Milliseconds',
                   'Value': 40 + m % 7, 'Timestamp': (now - datetime.timedelta(minutes=m)).isoformat()} for m in range(6, 60)]))")
expect "put-metric-data an hour of latencies" "d == {}" -- cw put-metric-data --namespace "$NS" --metric-data "$data"

W="{\"metrics\": [[\"$NS\", \"Latency\", \"Host\", \"a\"], [\"...\", \"b\"]], \"title\": \"Latency\", \"start\": \"-PT1H\""
expect "get-metric-widget-image answers a 600x400 PNG by default" "$(png_of 600 400)" -- \
  cw get-metric-widget-image --metric-widget "$W}"
expect "width and height set the image size" "$(png_of 320 200)" -- \
  cw get-metric-widget-image --metric-widget "$W, \"width\": 320, \"height\": 200}" --output-format png
expect "OutputFormat image/png answers the PNG too" "$(png_of 320 200)" -- \
  cw get-metric-widget-image --metric-widget "$W, \"width\": 320, \"height\": 200}" --output-format image/png
expect "the singleValue view renders" "$(png_of 400 150)" -- \
  cw get-metric-widget-image --metric-widget "$W, \"view\": \"singleValue\", \"width\": 400, \"height\": 150}"
expect "a stacked widget with a threshold, right legend and timezone renders" "$(png_of 500 300)" -- \
  cw get-metric-widget-image --metric-widget "$W, \"stacked\": true, \"width\": 500, \"height\": 300,
    \"annotations\": {\"horizontal\": [{\"value\": 45, \"label\": \"SLO\"}]}, \"legend\": {\"position\": \"right\"},
    \"timezone\": \"+0200\"}"
expect_error "a width above 2000 is refused" ValidationError "The parameter MetricWidget is invalid at /width: Should be <= 2000" -- \
  cw get-metric-widget-image --metric-widget "$W, \"width\": 2001}"
expect_error "a widget that is not JSON is refused" ValidationError "must be a valid JSON object" -- \
  cw get-metric-widget-image --metric-widget "{\"metrics\": "
expect_error "the pie view is not supported" ValidationError "the pie view is not supported" -- \
  cw get-metric-widget-image --metric-widget "$W, \"view\": \"pie\"}"
expect_error "metric math is not implemented" UnsupportedOperation "Metric math and Metrics Insights expressions" -- \
  cw get-metric-widget-image --metric-widget "{\"metrics\": [[{\"expression\": \"SUM(METRICS())\"}]]}"
expect_error "an OutputFormat other than png is refused" ValidationError "for parameter OutputFormat is invalid" -- \
  cw get-metric-widget-image --metric-widget "$W}" --output-format jpeg

finish awscli-widget
