#!/usr/bin/env python3
"""Alarms through boto3: create, describe, evaluation of a breaching datum, set_alarm_state,
history, a composite alarm, tags, delete and AWS's error codes.

Debian's python3-boto3 1.26 speaks AWS Query; boto3 >= 1.42.7 speaks AWS JSON 1.0. Run it with
either interpreter. Needs SYNAPS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_DEFAULT_REGION. Prints one line per check and a final "boto3-alarms-<protocol>: N passed,
M failed"; exits non-zero on any failure.
"""
import datetime
import json
import os
import re
import sys
import time
import uuid

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

from boto3_harness import check, expect_error, finish

ENDPOINT = os.environ["SYNAPS_ENDPOINT"]
REGION = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
RUN = uuid.uuid4().hex[:10]
NS = f"Compat/boto3-alarms/{RUN}"
A = f"compat-boto3-{RUN}"
TOPIC = f"arn:aws:sns:{REGION}:000000000001:compat-{RUN}"

cw = boto3.client(
    "cloudwatch",
    endpoint_url=ENDPOINT,
    region_name=REGION,
    aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    config=Config(retries={"max_attempts": 1}),
)
PROTOCOL = getattr(cw.meta.service_model, "resolved_protocol", None) or cw.meta.service_model.protocol
NAME = "boto3-alarms-" + {"query": "query", "json": "json", "smithy-rpc-v2-cbor": "cbor"}.get(PROTOCOL, PROTOCOL)


def alarm(name):
    return cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]


def eventually(read, done, seconds=20):
    deadline = time.monotonic() + seconds
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.5)
        value = read()
    assert done(value), f"not reached within {seconds} s; last: {value}"
    return value


def minimal(name, **extra):
    return dict(AlarmName=name, Namespace=NS, MetricName="Requests", Statistic="Sum", Period=60,
                EvaluationPeriods=1, Threshold=30, ComparisonOperator="GreaterThanThreshold", **extra)


print(f"boto3 {boto3.__version__} / botocore {botocore.__version__} on {sys.executable}: protocol {PROTOCOL}, alarms {A}-*")


@check("put_metric_alarm then describe_alarms shows the recorded fields of a new alarm")
def _():
    cw.put_metric_alarm(**minimal(f"{A}-min"))
    r = cw.describe_alarms(AlarmNames=[f"{A}-min"])
    assert r["CompositeAlarms"] == [], r
    a = r["MetricAlarms"][0]
    assert re.fullmatch(rf"arn:aws:cloudwatch:{REGION}:\d{{12}}:alarm:{A}-min", a["AlarmArn"]), a
    assert a["ActionsEnabled"] is True, a
    assert (a["AlarmActions"], a["OKActions"], a["InsufficientDataActions"], a["Dimensions"]) == ([], [], [], []), a
    assert (a["StateValue"], a["StateReason"]) == ("INSUFFICIENT_DATA", "Unchecked: Initial alarm creation"), a
    assert a["Threshold"] == 30.0 and isinstance(a["Threshold"], float), a
    assert isinstance(a["StateUpdatedTimestamp"], datetime.datetime), a
    absent = {"AlarmDescription", "Unit", "TreatMissingData", "DatapointsToAlarm", "ExtendedStatistic", "Metrics",
              "StateReasonData", "EvaluationState"} & set(a)
    assert not absent, f"present but never set: {absent}"


@check("a breaching datum puts a 10-second alarm in ALARM with AWS's reason")
def _():
    cw.put_metric_alarm(AlarmName=f"{A}-hot", Namespace=NS, MetricName="Temperature", Statistic="Average", Period=10,
                        EvaluationPeriods=1, Threshold=21, ComparisonOperator="GreaterThanThreshold",
                        TreatMissingData="ignore")
    at = datetime.datetime.fromtimestamp(int(time.time()) // 10 * 10 - 5, datetime.timezone.utc)
    bucket = at.replace(second=at.second // 10 * 10)
    cw.put_metric_data(Namespace=NS, MetricData=[
        {"MetricName": "Temperature", "Timestamp": at, "Value": v, "StorageResolution": 1} for v in (21, 22)])
    a = eventually(lambda: alarm(f"{A}-hot"), lambda x: x["StateValue"] == "ALARM")
    assert a["StateReason"] == ("Threshold Crossed: 1 datapoint [21.5 (" + bucket.strftime("%d/%m/%y %H:%M:%S")
                                + ")] was greater than the threshold (21.0)."), a
    data = json.loads(a["StateReasonData"])
    assert list(data) == ["version", "queryDate", "startDate", "statistic", "period", "recentDatapoints", "threshold",
                          "evaluatedDatapoints"], data
    assert data["evaluatedDatapoints"] == [
        {"timestamp": bucket.strftime("%Y-%m-%dT%H:%M:%S.000+0000"), "sampleCount": 2.0, "value": 21.5}], data


@check("set_alarm_state, then history shows the update with its reason data")
def _():
    cw.put_metric_alarm(**minimal(f"{A}-min", TreatMissingData="ignore"))
    cw.set_alarm_state(AlarmName=f"{A}-min", StateValue="ALARM", StateReason="testing purposes",
                       StateReasonData='{"ticket": "OPS-1"}')
    a = alarm(f"{A}-min")
    assert (a["StateValue"], a["StateReason"]) == ("ALARM", "testing purposes"), a
    assert json.loads(a["StateReasonData"]) == {"ticket": "OPS-1"}, a
    items = cw.describe_alarm_history(AlarmName=f"{A}-min")["AlarmHistoryItems"]
    assert [i["HistorySummary"] for i in items] == [
        "Alarm updated from INSUFFICIENT_DATA to ALARM", f'Alarm "{A}-min" updated', f'Alarm "{A}-min" created'], items
    data = json.loads(items[0]["HistoryData"])
    assert list(data) == ["version", "oldState", "newState"], data
    assert data["newState"] == {"stateValue": "ALARM", "stateReason": "testing purposes",
                                "stateReasonData": {"ticket": "OPS-1"}}, data
    page = cw.describe_alarm_history(AlarmName=f"{A}-min", MaxRecords=2, ScanBy="TimestampAscending")
    assert [i["HistorySummary"] for i in page["AlarmHistoryItems"]] == [
        f'Alarm "{A}-min" created', f'Alarm "{A}-min" updated'], page
    rest = cw.describe_alarm_history(AlarmName=f"{A}-min", MaxRecords=2, ScanBy="TimestampAscending",
                                     NextToken=page["NextToken"])
    assert [i["HistorySummary"] for i in rest["AlarmHistoryItems"]] == [
        "Alarm updated from INSUFFICIENT_DATA to ALARM"], rest
    assert "NextToken" not in rest, rest


@check("set_alarm_state errors: INVALID (ValidationError), unknown alarm (ResourceNotFound), non-JSON data (InvalidFormat)")
def _():
    expect_error(lambda: cw.set_alarm_state(AlarmName=f"{A}-min", StateValue="INVALID", StateReason="x"),
                 "ValidationError", "1 validation error detected: Value 'INVALID' at 'stateValue' failed to satisfy "
                 "constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]", 400)
    expect_error(lambda: cw.set_alarm_state(AlarmName=f"{A}-nope", StateValue="OK", StateReason="x"),
                 "ResourceNotFound", status=404)
    expect_error(lambda: cw.set_alarm_state(AlarmName=f"{A}-min", StateValue="OK", StateReason="x",
                                            StateReasonData="{not json"), "InvalidFormat", status=400)


@check("a composite alarm goes to ALARM with its triggering child")
def _():
    rule = f'ALARM("{A}-min") OR ALARM("{A}-hot")'
    cw.put_composite_alarm(AlarmName=f"{A}-comp", AlarmRule=rule)
    c = eventually(lambda: cw.describe_alarms(AlarmNames=[f"{A}-comp"], AlarmTypes=["CompositeAlarm"])["CompositeAlarms"][0],
                   lambda x: x["StateValue"] == "ALARM")
    assert c["AlarmRule"] == rule, c
    triggering = json.loads(c["StateReasonData"])["triggeringAlarms"]
    assert triggering and triggering[0]["state"]["value"] == "ALARM", triggering
    parents = cw.describe_alarms(ParentsOfAlarmName=f"{A}-hot")["CompositeAlarms"]
    assert [p["AlarmName"] for p in parents] == [f"{A}-comp"], parents


@check("DescribeAlarms pages with MaxRecords and NextToken")
def _():
    for i in range(5):
        cw.put_metric_alarm(**minimal(f"{A}-page-{i}"))
    first = cw.describe_alarms(AlarmNamePrefix=f"{A}-page-", MaxRecords=3)
    second = cw.describe_alarms(AlarmNamePrefix=f"{A}-page-", MaxRecords=3, NextToken=first["NextToken"])
    assert [a["AlarmName"] for a in first["MetricAlarms"] + second["MetricAlarms"]] == [f"{A}-page-{i}" for i in range(5)]
    assert "NextToken" not in second, second
    expect_error(lambda: cw.describe_alarms(MaxRecords=101), "ValidationError",
                 "1 validation error detected: Value '101' at 'maxRecords' failed to satisfy constraint: "
                 "Member must have value less than or equal to 100", 400)


@check("tags: set on create, tag, untag, list")
def _():
    cw.put_metric_alarm(**minimal(f"{A}-tagged", Tags=[{"Key": "team", "Value": "core"}]))
    arn = alarm(f"{A}-tagged")["AlarmArn"]
    cw.tag_resource(ResourceARN=arn, Tags=[{"Key": "env", "Value": "prod"}])
    cw.untag_resource(ResourceARN=arn, TagKeys=["team"])
    tags = cw.list_tags_for_resource(ResourceARN=arn)["Tags"]
    assert tags == [{"Key": "env", "Value": "prod"}], tags


@check("bad input is refused and creates nothing")
def _():
    # the code for a bad Period is not pinned by a recording of today's AWS (AlarmSdkIT checks it)
    expect_error(lambda: cw.put_metric_alarm(**dict(minimal(f"{A}-bad"), Period=45)), None, status=400)
    expect_error(lambda: cw.put_metric_alarm(**dict(minimal(f"{A}-bad"), DatapointsToAlarm=2)), "ValidationError",
                 "DatapointsToAlarm must be less than or equal to EvaluationPeriods", 400)
    expect_error(lambda: cw.put_metric_alarm(**dict(minimal(f"{A}-bad"), AlarmActions=[f"{TOPIC}-{i}" for i in range(6)])),
                 "ValidationError", status=400)
    assert cw.describe_alarms(AlarmNames=[f"{A}-bad"])["MetricAlarms"] == []


@check("delete_alarms skips unknown names; history and empty tags remain")
def _():
    arn = alarm(f"{A}-tagged")["AlarmArn"]
    cw.delete_alarms(AlarmNames=[f"{A}-comp", f"{A}-nope"])
    cw.delete_alarms(AlarmNames=[f"{A}-min", f"{A}-hot", f"{A}-tagged"] + [f"{A}-page-{i}" for i in range(5)])
    r = cw.describe_alarms(AlarmNamePrefix=A, AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    assert (r["MetricAlarms"], r["CompositeAlarms"]) == ([], []), r
    items = cw.describe_alarm_history(AlarmName=f"{A}-min")["AlarmHistoryItems"]
    assert items[0]["HistorySummary"] == f'Alarm "{A}-min" deleted', items
    assert cw.list_tags_for_resource(ResourceARN=arn)["Tags"] == []


finish(NAME)
