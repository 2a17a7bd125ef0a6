#!/usr/bin/env bash
# awscli-sns.sh: the SNS-compatible topics API end to end through Debian's aws CLI 2.9.19 (AWS Query,
# service sns): create-topic, list-topics, get-topic-attributes, subscribe (sms, email, http),
# list-subscriptions(-by-topic), publish, confirm-subscription errors, unsubscribe, delete-topic.
# Needs SYNAPS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION.
# Prints one line per check and a final "awscli-sns: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail

: "${SYNAPS_ENDPOINT:?set SYNAPS_ENDPOINT, e.g. http://127.0.0.1:8780}"
: "${AWS_ACCESS_KEY_ID:?}" "${AWS_SECRET_ACCESS_KEY:?}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
AWS="${AWS_CLI:-/usr/bin/aws}"
PY="${PYTHON_FOR_CHECKS:-/usr/bin/python3}"

passed=0
failed=0
run_id="$("$PY" -c 'import uuid; print(uuid.uuid4().hex[:10])')"
T="compat-sns-$run_id"
TOPIC="arn:aws:sns:$AWS_DEFAULT_REGION:000000000001:$T"

sns() {
  "$AWS" --endpoint-url "$SYNAPS_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output json sns "$@"
}
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; printf '%s\n' "$2" | sed 's/^/    /'; }

# check_output CONDITION OUTPUT: prints why and fails when the condition does not hold for d = json(OUTPUT)
check_output() {
  printf '%s' "$2" | "$PY" -c "
import json, re, sys
raw = sys.stdin.read()
d = json.loads(raw) if raw.strip() else {}
ok = ($1)
if not ok:
    print('condition not met: ' + sys.argv[1] + '\noutput: ' + raw)
    sys.exit(1)
" "$1" 2>&1
}

# expect NAME PYTHON-CONDITION -- COMMAND...: the command succeeds and the condition holds for d = its JSON output
expect() {
  local name=$1 condition=$2
  shift 3
  local out why
  if ! out=$("$@" 2>&1); then
    fail "$name" "command failed: $out"
  elif why=$(check_output "$condition" "$out"); then
    pass "$name"
  else
    fail "$name" "$why"
  fi
}

# expect_error NAME CODE MESSAGE -- COMMAND...: the command fails with that error code (and message, when not empty)
expect_error() {
  local name=$1 code=$2 message=$3
  shift 4
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  if [ "$rc" -eq 0 ]; then
    fail "$name" "expected error $code but the command succeeded: $out"
  elif [[ "$out" != *"($code)"* ]]; then
    fail "$name" "expected error code ($code), exit $rc: $out"
  elif [ -n "$message" ] && [[ "$out" != *"$message"* ]]; then
    fail "$name" "expected message '$message': $out"
  else
    pass "$name"
  fi
}

# expect_refused NAME TEXT -- COMMAND...: the command fails with an AWS error whose output mentions TEXT
expect_refused() {
  local name=$1 text=$2
  shift 3
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  if [ "$rc" -eq 0 ]; then
    fail "$name" "expected an error but the command succeeded: $out"
  elif [[ "$out" != *"An error occurred ("* || "$out" != *"$text"* ]]; then
    fail "$name" "expected an AWS error mentioning '$text', exit $rc: $out"
  else
    pass "$name"
  fi
}

echo "awscli: $("$AWS" --version 2>&1), topic $T"

expect "create-topic answers the topic ARN" "d['TopicArn'] == '$TOPIC'" -- sns create-topic --name "$T"
expect "create-topic again answers the same ARN" "d['TopicArn'] == '$TOPIC'" -- sns create-topic --name "$T"
expect "list-topics includes the topic" "'$TOPIC' in [t['TopicArn'] for t in d['Topics']]" -- sns list-topics
expect "get-topic-attributes" \
  "d['Attributes']['TopicArn'] == '$TOPIC' and d['Attributes']['Owner'] == '000000000001'" -- \
  sns get-topic-attributes --topic-arn "$TOPIC"
expect "subscribe sms is confirmed at once" "d['SubscriptionArn'].startswith('$TOPIC:')" -- \
  sns subscribe --topic-arn "$TOPIC" --protocol sms --notification-endpoint +15555550100
expect "subscribe email waits for confirmation" "d['SubscriptionArn'] == 'pending confirmation'" -- \
  sns subscribe --topic-arn "$TOPIC" --protocol email --notification-endpoint "ops-$run_id@example.com"
expect "subscribe http with --return-subscription-arn" "d['SubscriptionArn'].startswith('$TOPIC:')" -- \
  sns subscribe --topic-arn "$TOPIC" --protocol http --notification-endpoint "http://127.0.0.1:9/hook-$run_id" \
  --return-subscription-arn
expect "list-subscriptions-by-topic shows three, the pending ones as PendingConfirmation" \
  "sorted((s['Protocol'], s['SubscriptionArn'] == 'PendingConfirmation') for s in d['Subscriptions']) == [('email', True), ('http', True), ('sms', False)] and all(s['TopicArn'] == '$TOPIC' for s in d['Subscriptions'])" -- \
  sns list-subscriptions-by-topic --topic-arn "$TOPIC"
expect "list-subscriptions includes the sms subscription" \
  "any(s['TopicArn'] == '$TOPIC' and s['Endpoint'] == '+15555550100' for s in d['Subscriptions'])" -- \
  sns list-subscriptions
expect "publish answers a MessageId" "len(d['MessageId']) > 0" -- \
  sns publish --topic-arn "$TOPIC" --subject "compat" --message "hello from the aws CLI"
expect_error "confirm-subscription with an unknown token" InvalidParameter "" -- \
  sns confirm-subscription --topic-arn "$TOPIC" --token "$("$PY" -c 'print("0" * 64)')"
expect_error "subscribe sqs is refused" InvalidParameter "" -- \
  sns subscribe --topic-arn "$TOPIC" --protocol sqs --notification-endpoint "arn:aws:sqs:us-east-1:000000000001:q"
expect_error "subscribe to a topic that does not exist" NotFound "" -- \
  sns subscribe --topic-arn "$TOPIC-nope" --protocol sms --notification-endpoint +15555550100

SMS_ARN=$(sns list-subscriptions-by-topic --topic-arn "$TOPIC" | "$PY" -c \
  "import json,sys; print([s['SubscriptionArn'] for s in json.load(sys.stdin)['Subscriptions'] if s['Protocol'] == 'sms'][0])" 2>&1 || true)
expect "unsubscribe" "d == {}" -- sns unsubscribe --subscription-arn "$SMS_ARN"
expect "the unsubscribed one is gone" \
  "sorted(s['Protocol'] for s in d['Subscriptions']) == ['email', 'http']" -- \
  sns list-subscriptions-by-topic --topic-arn "$TOPIC"
expect "delete-topic" "d == {}" -- sns delete-topic --topic-arn "$TOPIC"
expect "list-topics no longer has it" "'$TOPIC' not in [t['TopicArn'] for t in d.get('Topics', [])]" -- sns list-topics
expect_error "get-topic-attributes of the deleted topic" NotFound "" -- sns get-topic-attributes --topic-arn "$TOPIC"
expect_error "publish to the deleted topic" NotFound "" -- sns publish --topic-arn "$TOPIC" --message "lost?"

echo "awscli-sns: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
