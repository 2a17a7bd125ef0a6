#!/usr/bin/env bash
# awscli-query.sh: the compat scenario through Debian's aws CLI 2.9.19, which speaks AWS Query.
# Needs SYNAPS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION.
# Prints one line per check and a final "awscli-query: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail

source "$(dirname "$0")/lib/harness.sh"

run_id="$("$PY" -c 'import uuid; print(uuid.uuid4().hex[:10])')"
NS="Compat/awscli/$run_id"
DASH="compat-awscli-$run_id"
# a minute boundary 10 minutes ago, and the same minute's end, in ISO-8601 UTC
T="$("$PY" -c 'import datetime as d; n=d.datetime.now(d.timezone.utc).replace(second=0, microsecond=0)-d.timedelta(minutes=10); print(n.strftime("%Y-%m-%dT%H:%M:%SZ"))')"
T_END="$("$PY" -c 'import datetime as d,sys; t=d.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ")+d.timedelta(minutes=1); print(t.strftime("%Y-%m-%dT%H:%M:%SZ"))' "$T")"
T_PLUS10="$("$PY" -c 'import datetime as d,sys; t=d.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ")+d.timedelta(seconds=10); print(t.strftime("%Y-%m-%dT%H:%M:%SZ"))' "$T")"
BODY='{"widgets":[{"type":"text","x":0,"y":0,"width":6,"height":3,"properties":{"markdown":"compat"}}]}'

cw() {
  "$AWS" --endpoint-url "$SYNAPS_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output json cloudwatch "$@"
}

echo "awscli: $("$AWS" --version 2>&1), namespace $NS"

expect "put-metric-data with a value, unit and dimensions" "d == {}" -- \
  cw put-metric-data --namespace "$NS" --metric-name Requests --value 5 --unit Count \
     --dimensions Service=api,Stage=prod --timestamp "$T_PLUS10"

expect "put-metric-data with Values/Counts and StatisticValues" "d == {}" -- \
  cw put-metric-data --namespace "$NS" --metric-data "[
    {\"MetricName\": \"Latency\", \"Timestamp\": \"$T\", \"Values\": [1, 10], \"Counts\": [2, 4], \"Unit\": \"Count\"},
    {\"MetricName\": \"Mixed\", \"Timestamp\": \"$T\", \"Value\": 11},
    {\"MetricName\": \"Mixed\", \"Timestamp\": \"$T_PLUS10\", \"StatisticValues\": {\"SampleCount\": 10, \"Sum\": 55, \"Minimum\": 1, \"Maximum\": 10}}]"

expect "get-metric-statistics expands Values/Counts" \
  "d['Label'] == 'Latency' and len(d['Datapoints']) == 1 and d['Datapoints'][0]['SampleCount'] == 6 and d['Datapoints'][0]['Sum'] == 42 and d['Datapoints'][0]['Maximum'] == 10 and d['Datapoints'][0]['Unit'] == 'Count'" -- \
  cw get-metric-statistics --namespace "$NS" --metric-name Latency --start-time "$T" --end-time "$T_END" \
     --period 60 --statistics SampleCount Sum Maximum

expect "get-metric-statistics merges a value with a statistic set" \
  "[(p['Sum'], p['SampleCount'], p['Minimum'], p['Maximum'], p['Average']) for p in d['Datapoints']] == [(66, 11, 1, 11, 6)]" -- \
  cw get-metric-statistics --namespace "$NS" --metric-name Mixed --start-time "$T" --end-time "$T_END" \
     --period 60 --statistics Sum SampleCount Minimum Maximum Average

expect "get-metric-statistics matches dimensions" \
  "[p['Sum'] for p in d['Datapoints']] == [5] and d['Datapoints'][0]['Timestamp'].startswith('${T%Z}')" -- \
  cw get-metric-statistics --namespace "$NS" --metric-name Requests --dimensions Name=Stage,Value=prod Name=Service,Value=api \
     --start-time "$T" --end-time "$T_END" --period 60 --statistics Sum

# same Stat and Period in every query: AWS labels each result with its metric name
expect "get-metric-data returns labels, values and status" \
  "d['Messages'] == [] and [(r['Id'], r['Label'], r['Values'], r['StatusCode']) for r in d['MetricDataResults']] == [('lat', 'Latency', [42.0], 'Complete'), ('mix', 'Mixed', [66.0], 'Complete')]" -- \
  cw get-metric-data --start-time "$T" --end-time "$T_END" --metric-data-queries "[
    {\"Id\": \"lat\", \"MetricStat\": {\"Metric\": {\"Namespace\": \"$NS\", \"MetricName\": \"Latency\"}, \"Period\": 60, \"Stat\": \"Sum\"}},
    {\"Id\": \"mix\", \"MetricStat\": {\"Metric\": {\"Namespace\": \"$NS\", \"MetricName\": \"Mixed\"}, \"Period\": 60, \"Stat\": \"Sum\"}}]"

expect "list-metrics lists each metric once" \
  "sorted(m['MetricName'] for m in d['Metrics']) == ['Latency', 'Mixed', 'Requests'] and [sorted((x['Name'], x['Value']) for x in m['Dimensions']) for m in d['Metrics'] if m['MetricName'] == 'Requests'] == [[('Service', 'api'), ('Stage', 'prod')]]" -- \
  cw list-metrics --namespace "$NS"

expect "list-metrics filters by dimension name" \
  "[m['MetricName'] for m in d['Metrics']] == ['Requests']" -- \
  cw list-metrics --namespace "$NS" --dimensions Name=Service

expect "put-dashboard" "d.get('DashboardValidationMessages', []) == []" -- \
  cw put-dashboard --dashboard-name "$DASH" --dashboard-body "$BODY"

expect "get-dashboard returns body and a region-less ARN" \
  "d['DashboardName'] == '$DASH' and json.loads(d['DashboardBody']) == json.loads('$BODY') and d['DashboardArn'].startswith('arn:aws:cloudwatch::') and d['DashboardArn'].endswith(':dashboard/$DASH')" -- \
  cw get-dashboard --dashboard-name "$DASH"

expect "list-dashboards by prefix" \
  "[(e['DashboardName'], e['Size'] > 0, 'LastModified' in e) for e in d['DashboardEntries']] == [('$DASH', True, True)]" -- \
  cw list-dashboards --dashboard-name-prefix "$DASH"

expect "delete-dashboards" "d == {}" -- cw delete-dashboards --dashboard-names "$DASH"

expect "list-dashboards after delete is empty" "d['DashboardEntries'] == []" -- \
  cw list-dashboards --dashboard-name-prefix "$DASH"

expect_error "get-dashboard of a deleted dashboard" ResourceNotFound "" -- \
  cw get-dashboard --dashboard-name "$DASH"

expect_error "Value and Values together" InvalidParameterCombination \
  "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both." -- \
  cw put-metric-data --namespace "$NS" --metric-data '[{"MetricName": "Bad", "Value": 1, "Values": [1, 2]}]'

expect_error "StartTime equal to EndTime" InvalidParameterValue \
  "The parameter StartTime must be less than the parameter EndTime." -- \
  cw get-metric-statistics --namespace "$NS" --metric-name Latency --start-time "$T" --end-time "$T" \
     --period 60 --statistics Sum

expect_error "dashboard name with a colon" InvalidParameterValue \
  "The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_)." -- \
  cw put-dashboard --dashboard-name "bad:name" --dashboard-body "$BODY"

expect_error "wrong secret" SignatureDoesNotMatch "" -- \
  env AWS_SECRET_ACCESS_KEY=wrong-secret "$AWS" --endpoint-url "$SYNAPS_ENDPOINT" --output json cloudwatch list-metrics

finish awscli-query
