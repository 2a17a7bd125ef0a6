#!/usr/bin/env bash
# awscli-sns.sh: the SNS-compatible topics API end to end through Debian's aws CLI 2.9.19 (AWS Query,
# service sns): create-topic, list-topics, get-topic-attributes, subscribe (sms, email, http),
# list-subscriptions(-by-topic), publish, confirm-subscription errors, unsubscribe, delete-topic.
# Needs SYNAPS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION.
# Prints one line per check and a final "awscli-sns: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail

source "$(dirname "$0")/lib/harness.sh"

run_id="$("$PY" -c 'import uuid; print(uuid.uuid4().hex[:10])')"
T="compat-sns-$run_id"
TOPIC="arn:aws:sns:$AWS_DEFAULT_REGION:000000000001:$T"

sns() {
  "$AWS" --endpoint-url "$SYNAPS_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output json sns "$@"
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

finish awscli-sns
