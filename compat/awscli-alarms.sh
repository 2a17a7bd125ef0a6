#!/usr/bin/env bash
# awscli-alarms.sh: alarms end to end through Debian's aws CLI 2.9.19 (AWS Query): create, describe,
# evaluation of a breaching datum, set-state, history, composite, tags, actions, delete, errors.
# Needs SYNAPS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION.
# Prints one line per check and a final "awscli-alarms: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail

source "$(dirname "$0")/lib/harness.sh"

run_id="$("$PY" -c 'import uuid; print(uuid.uuid4().hex[:10])')"
NS="Compat/awscli-alarms/$run_id"
A="compat-awscli-$run_id"           # alarm name prefix
TOPIC="arn:aws:sns:$AWS_DEFAULT_REGION:000000000001:compat-$run_id"

cw() {
  "$AWS" --endpoint-url "$SYNAPS_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output json cloudwatch "$@"
}

echo "awscli: $("$AWS" --version 2>&1), alarms $A-*"
# Alarm actions must name topics that exist (Synaps checks them when the alarm is configured).
for t in page ok; do
  "$AWS" --endpoint-url "$SYNAPS_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output json sns create-topic \
    --name "compat-$run_id-$t" > /dev/null
done

expect "put-metric-alarm creates a minimal alarm" "d == {}" -- \
  cw put-metric-alarm --alarm-name "$A-min" --namespace "$NS" --metric-name Requests --statistic Sum \
     --period 60 --evaluation-periods 1 --threshold 30 --comparison-operator GreaterThanThreshold

expect "describe-alarms shows the recorded fields of a new alarm" \
  "d['CompositeAlarms'] == [] and len(d['MetricAlarms']) == 1 and (lambda a: a['AlarmName'] == '$A-min'
   and re.fullmatch(r'arn:aws:cloudwatch:$AWS_DEFAULT_REGION:\d{12}:alarm:$A-min', a['AlarmArn'])
   and a['ActionsEnabled'] is True and a['AlarmActions'] == [] and a['OKActions'] == [] and a['InsufficientDataActions'] == []
   and a['Dimensions'] == [] and a['Namespace'] == '$NS' and a['MetricName'] == 'Requests' and a['Statistic'] == 'Sum'
   and a['Period'] == 60 and a['EvaluationPeriods'] == 1 and a['Threshold'] == 30.0 and a['ComparisonOperator'] == 'GreaterThanThreshold'
   and a['StateValue'] == 'INSUFFICIENT_DATA' and a['StateReason'] == 'Unchecked: Initial alarm creation'
   and all(k in a for k in ('AlarmConfigurationUpdatedTimestamp', 'StateUpdatedTimestamp', 'StateTransitionedTimestamp'))
   and not any(k in a for k in ('AlarmDescription', 'Unit', 'TreatMissingData', 'DatapointsToAlarm', 'ExtendedStatistic',
                                'Metrics', 'StateReasonData', 'EvaluationState')))(d['MetricAlarms'][0])" -- \
  cw describe-alarms --alarm-names "$A-min"

expect "put-metric-alarm with every optional member" "d == {}" -- \
  cw put-metric-alarm --alarm-name "$A-full" --alarm-description "p99 <latency> & more" --namespace "$NS" \
     --metric-name Latency --extended-statistic p99 --evaluate-low-sample-count-percentile ignore \
     --dimensions Name=Host,Value=a Name=Stage,Value=prod --unit Milliseconds --period 300 --evaluation-periods 3 \
     --datapoints-to-alarm 2 --threshold 250.5 --comparison-operator LessThanOrEqualToThreshold \
     --treat-missing-data notBreaching --no-actions-enabled --alarm-actions "$TOPIC-page" --ok-actions "$TOPIC-ok" \
     --tags Key=team,Value=core

ARN_FULL="$(cw describe-alarms --alarm-names "$A-full" --query 'MetricAlarms[0].AlarmArn' --output text 2>&1 || true)"
expect "describe-alarms round-trips every optional member" \
  "(lambda a: a['AlarmDescription'] == 'p99 <latency> & more' and a['ExtendedStatistic'] == 'p99' and 'Statistic' not in a
   and a['EvaluateLowSampleCountPercentile'] == 'ignore' and a['Unit'] == 'Milliseconds' and a['DatapointsToAlarm'] == 2
   and sorted((x['Name'], x['Value']) for x in a['Dimensions']) == [('Host', 'a'), ('Stage', 'prod')]
   and a['Threshold'] == 250.5 and a['TreatMissingData'] == 'notBreaching' and a['ActionsEnabled'] is False
   and a['AlarmActions'] == ['$TOPIC-page'] and a['OKActions'] == ['$TOPIC-ok'])(d['MetricAlarms'][0])" -- \
  cw describe-alarms --alarm-names "$A-full"

expect "describe-alarms-for-metric finds the alarm by its exact metric" \
  "[a['AlarmName'] for a in d['MetricAlarms']] == ['$A-full']" -- \
  cw describe-alarms-for-metric --namespace "$NS" --metric-name Latency \
     --dimensions Name=Stage,Value=prod Name=Host,Value=a

# evaluation on datum arrival: the recorded AWS case (Period 10, Average, threshold 21, datapoints 21 and 22)
expect "put-metric-alarm with a 10-second period" "d == {}" -- \
  cw put-metric-alarm --alarm-name "$A-hot" --namespace "$NS" --metric-name Temperature --statistic Average \
     --period 10 --evaluation-periods 1 --threshold 21 --comparison-operator GreaterThanThreshold --treat-missing-data ignore
AT="$("$PY" -c 'import time,datetime as d; t=int(time.time())//10*10-5; print(d.datetime.fromtimestamp(t, d.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))')"
BUCKET="$("$PY" -c 'import sys,datetime as d; t=d.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ"); t=t.replace(second=t.second//10*10); print(t.strftime("%d/%m/%y %H:%M:%S"))' "$AT")"
expect "put-metric-data with breaching datapoints" "d == {}" -- \
  cw put-metric-data --namespace "$NS" --metric-data "[
    {\"MetricName\": \"Temperature\", \"Timestamp\": \"$AT\", \"Value\": 21, \"StorageResolution\": 1},
    {\"MetricName\": \"Temperature\", \"Timestamp\": \"$AT\", \"Value\": 22, \"StorageResolution\": 1}]"
expect_eventually "the alarm goes to ALARM with AWS's reason and reason data" \
  "(lambda a: a['StateValue'] == 'ALARM'
   and a['StateReason'] == 'Threshold Crossed: 1 datapoint [21.5 ($BUCKET)] was greater than the threshold (21.0).'
   and list(json.loads(a['StateReasonData'])) == ['version', 'queryDate', 'startDate', 'statistic', 'period',
                                                  'recentDatapoints', 'threshold', 'evaluatedDatapoints']
   and json.loads(a['StateReasonData'])['recentDatapoints'] == [21.5])(d['MetricAlarms'][0])" -- \
  cw describe-alarms --alarm-names "$A-hot"

expect "describe-alarms filters by state" \
  "[a['AlarmName'] for a in d['MetricAlarms']] == ['$A-hot']" -- \
  cw describe-alarms --alarm-name-prefix "$A-" --state-value ALARM

expect "put-metric-alarm updates the alarm (ignore missing data from now on)" "d == {}" -- \
  cw put-metric-alarm --alarm-name "$A-min" --namespace "$NS" --metric-name Requests --statistic Sum \
     --period 60 --evaluation-periods 1 --threshold 30 --comparison-operator GreaterThanThreshold --treat-missing-data ignore

expect "set-alarm-state with a reason and reason data" "d == {}" -- \
  cw set-alarm-state --alarm-name "$A-min" --state-value ALARM --state-reason "testing purposes" \
     --state-reason-data '{"ticket": "OPS-1"}'

expect "describe-alarms shows the state set by hand" \
  "(lambda a: a['StateValue'] == 'ALARM' and a['StateReason'] == 'testing purposes'
   and json.loads(a['StateReasonData']) == {'ticket': 'OPS-1'})(d['MetricAlarms'][0])" -- \
  cw describe-alarms --alarm-names "$A-min"

expect_error "set-alarm-state to INVALID is the recorded ValidationError" ValidationError \
  "1 validation error detected: Value 'INVALID' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]" -- \
  cw set-alarm-state --alarm-name "$A-min" --state-value INVALID --state-reason x

expect_error "set-alarm-state of an unknown alarm" ResourceNotFound "" -- \
  cw set-alarm-state --alarm-name "$A-nope" --state-value OK --state-reason x

expect_error "set-alarm-state with reason data that is not JSON" InvalidFormat "" -- \
  cw set-alarm-state --alarm-name "$A-min" --state-value OK --state-reason x --state-reason-data '{not json'

expect "describe-alarm-history lists state and configuration updates, newest first" \
  "[i['HistorySummary'] for i in d['AlarmHistoryItems']] == ['Alarm updated from INSUFFICIENT_DATA to ALARM', 'Alarm \"$A-min\" updated', 'Alarm \"$A-min\" created']
   and all(i['AlarmName'] == '$A-min' and i['AlarmType'] == 'MetricAlarm' for i in d['AlarmHistoryItems'])
   and (lambda h: list(h) == ['version', 'oldState', 'newState'] and h['newState']['stateReason'] == 'testing purposes'
        and h['newState']['stateReasonData'] == {'ticket': 'OPS-1'})(json.loads(d['AlarmHistoryItems'][0]['HistoryData']))" -- \
  cw describe-alarm-history --alarm-name "$A-min"

expect "describe-alarm-history by type, oldest first" \
  "[i['HistorySummary'] for i in d['AlarmHistoryItems']] == ['Alarm updated from INSUFFICIENT_DATA to ALARM']
   and d['AlarmHistoryItems'][0]['HistoryItemType'] == 'StateUpdate'" -- \
  cw describe-alarm-history --alarm-name "$A-hot" --history-item-type StateUpdate --scan-by TimestampAscending

expect "put-composite-alarm over two alarms" "d == {}" -- \
  cw put-composite-alarm --alarm-name "$A-comp" --alarm-rule "ALARM(\"$A-min\") OR ALARM(\"$A-hot\")"

expect_eventually "describe-alarms --alarm-types CompositeAlarm shows the rule, ALARM with its triggering child" \
  "d['MetricAlarms'] == [] and (lambda c: c['AlarmRule'] == 'ALARM(\"$A-min\") OR ALARM(\"$A-hot\")' and c['StateValue'] == 'ALARM'
   and list(json.loads(c['StateReasonData'])) == ['triggeringAlarms'])(d['CompositeAlarms'][0])" -- \
  cw describe-alarms --alarm-names "$A-comp" --alarm-types CompositeAlarm

expect "describe-alarms --parents-of-alarm-name" \
  "[c['AlarmName'] for c in d['CompositeAlarms']] == ['$A-comp']" -- \
  cw describe-alarms --parents-of-alarm-name "$A-hot"

expect_refused "put-composite-alarm naming an unknown alarm" "$A-nope" -- \
  cw put-composite-alarm --alarm-name "$A-comp2" --alarm-rule "ALARM(\"$A-nope\")"

expect "tag-resource" "d == {}" -- \
  cw tag-resource --resource-arn "$ARN_FULL" \
     --tags Key=env,Value=prod Key=team,Value=sre
expect "untag-resource" "d == {}" -- \
  cw untag-resource --resource-arn "$ARN_FULL" --tag-keys env
expect "list-tags-for-resource" \
  "sorted((t['Key'], t['Value']) for t in d['Tags']) == [('team', 'sre')]" -- \
  cw list-tags-for-resource --resource-arn "$ARN_FULL"

expect "disable-alarm-actions" "d == {}" -- cw disable-alarm-actions --alarm-names "$A-min" "$A-nope"
expect "actions disabled" "d['MetricAlarms'][0]['ActionsEnabled'] is False" -- cw describe-alarms --alarm-names "$A-min"
expect "enable-alarm-actions" "d == {}" -- cw enable-alarm-actions --alarm-names "$A-min"
expect "actions enabled" "d['MetricAlarms'][0]['ActionsEnabled'] is True" -- cw describe-alarms --alarm-names "$A-min"

expect_refused "a 45-second period" "Period" -- \
  cw put-metric-alarm --alarm-name "$A-bad" --namespace "$NS" --metric-name Requests --statistic Sum \
     --period 45 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanThreshold
expect_error "DatapointsToAlarm above EvaluationPeriods" ValidationError "" -- \
  cw put-metric-alarm --alarm-name "$A-bad" --namespace "$NS" --metric-name Requests --statistic Sum \
     --period 60 --evaluation-periods 1 --datapoints-to-alarm 2 --threshold 1 --comparison-operator GreaterThanThreshold
expect "nothing was created by the bad requests" "d['MetricAlarms'] == []" -- cw describe-alarms --alarm-names "$A-bad"

expect "delete-alarms (the composite first, unknown names skipped)" "d == {}" -- \
  cw delete-alarms --alarm-names "$A-comp" "$A-nope"
expect "delete-alarms" "d == {}" -- cw delete-alarms --alarm-names "$A-min" "$A-full" "$A-hot"
expect "describe-alarms after delete is empty" "d['MetricAlarms'] == [] and d['CompositeAlarms'] == []" -- \
  cw describe-alarms --alarm-name-prefix "$A-" --alarm-types MetricAlarm CompositeAlarm
expect "history outlives the alarm" \
  "(lambda s: s[0] == 'Alarm \"$A-min\" deleted' and s[-1] == 'Alarm \"$A-min\" created' and 'Alarm updated from INSUFFICIENT_DATA to ALARM' in s)([i['HistorySummary'] for i in d['AlarmHistoryItems']])" -- \
  cw describe-alarm-history --alarm-name "$A-min"
expect "list-tags-for-resource of a deleted alarm is empty" "d['Tags'] == []" -- \
  cw list-tags-for-resource --resource-arn "$ARN_FULL"

finish awscli-alarms
