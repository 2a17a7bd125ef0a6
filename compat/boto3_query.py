#!/usr/bin/env python3
"""The compat scenario through boto3.

Debian's python3-boto3 1.26 (botocore 1.29) speaks AWS Query; boto3 >= 1.42.7 speaks AWS JSON 1.0
and gzips PutMetricData bodies of 10 KiB or more. Run it with either interpreter; the protocol is
whatever that boto3 picks. Needs SYNAPS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_DEFAULT_REGION. Prints one line per check and a final "boto3-<protocol>: N passed, M failed";
exits non-zero on any failure.
"""
import datetime
import json
import os
import sys
import uuid

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

from boto3_harness import check, expect_error, finish

ENDPOINT = os.environ["SYNAPS_ENDPOINT"]
REGION = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
RUN = uuid.uuid4().hex[:10]
NS = f"Compat/boto3/{RUN}"
DASH = f"compat-boto3-{RUN}"
BODY = '{"widgets":[{"type":"text","x":0,"y":0,"width":6,"height":3,"properties":{"markdown":"compat"}}]}'
T = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0) - datetime.timedelta(minutes=10)
T_END = T + datetime.timedelta(minutes=1)


def client(secret=None):
    return boto3.client(
        "cloudwatch",
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"max_attempts": 1}),
    )


cw = client()
# botocore >= 1.42 picks one of the model's protocols (resolved_protocol); older ones have only one
PROTOCOL = getattr(cw.meta.service_model, "resolved_protocol", None) or cw.meta.service_model.protocol
NAME = "boto3-" + {"query": "query", "json": "json", "smithy-rpc-v2-cbor": "cbor"}.get(PROTOCOL, PROTOCOL)


def botocore_version():
    return tuple(int(x) for x in botocore.__version__.split(".")[:3])


def datapoints(metric, stats, dims=None, unit=None):
    kwargs = dict(Namespace=NS, MetricName=metric, StartTime=T, EndTime=T_END, Period=60, Statistics=stats)
    if dims:
        kwargs["Dimensions"] = dims
    if unit:
        kwargs["Unit"] = unit
    return cw.get_metric_statistics(**kwargs)


print(f"boto3 {boto3.__version__} / botocore {botocore.__version__} on {sys.executable}: protocol {PROTOCOL}, namespace {NS}")


@check("put_metric_data with a value, unit and dimensions")
def _():
    cw.put_metric_data(Namespace=NS, MetricData=[{
        "MetricName": "Requests", "Value": 5, "Unit": "Count", "Timestamp": T + datetime.timedelta(seconds=10),
        "Dimensions": [{"Name": "Service", "Value": "api"}, {"Name": "Stage", "Value": "prod"}]}])


@check("put_metric_data with Values/Counts and StatisticValues")
def _():
    cw.put_metric_data(Namespace=NS, MetricData=[
        {"MetricName": "Latency", "Timestamp": T, "Values": [1, 10], "Counts": [2, 4], "Unit": "Count"},
        {"MetricName": "Mixed", "Timestamp": T, "Value": 11},
        {"MetricName": "Mixed", "Timestamp": T + datetime.timedelta(seconds=10),
         "StatisticValues": {"SampleCount": 10, "Sum": 55, "Minimum": 1, "Maximum": 10}}])


@check("get_metric_statistics expands Values/Counts")
def _():
    r = datapoints("Latency", ["SampleCount", "Sum", "Maximum"])
    assert r["Label"] == "Latency", r
    assert [(p["SampleCount"], p["Sum"], p["Maximum"], p["Unit"]) for p in r["Datapoints"]] == [(6, 42, 10, "Count")], r
    assert r["Datapoints"][0]["Timestamp"] == T, r


@check("get_metric_statistics merges a value with a statistic set")
def _():
    r = datapoints("Mixed", ["Sum", "SampleCount", "Minimum", "Maximum", "Average"])
    assert [(p["Sum"], p["SampleCount"], p["Minimum"], p["Maximum"], p["Average"], p["Unit"]) for p in r["Datapoints"]] \
        == [(66, 11, 1, 11, 6, "None")], r


@check("get_metric_statistics matches dimensions in any order")
def _():
    r = datapoints("Requests", ["Sum"], dims=[{"Name": "Stage", "Value": "prod"}, {"Name": "Service", "Value": "api"}])
    assert [p["Sum"] for p in r["Datapoints"]] == [5], r
    assert datapoints("Requests", ["Sum"])["Datapoints"] == [], "a query without dimensions must not see dimensioned data"


@check("get_metric_data returns labels, values and status")
def _():
    # same Stat and Period in every query: AWS labels each result with its metric name
    r = cw.get_metric_data(StartTime=T, EndTime=T_END, MetricDataQueries=[
        {"Id": "lat", "MetricStat": {"Metric": {"Namespace": NS, "MetricName": "Latency"}, "Period": 60, "Stat": "Sum"}},
        {"Id": "mix", "MetricStat": {"Metric": {"Namespace": NS, "MetricName": "Mixed"}, "Period": 60, "Stat": "Sum"}}])
    assert r["Messages"] == [], r
    got = [(x["Id"], x["Label"], x["Values"], x["Timestamps"], x["StatusCode"]) for x in r["MetricDataResults"]]
    assert got == [("lat", "Latency", [42.0], [T], "Complete"), ("mix", "Mixed", [66.0], [T], "Complete")], got


@check("get_metric_data pages with MaxDatapoints and NextToken")
def _():
    base = T - datetime.timedelta(minutes=30)
    cw.put_metric_data(Namespace=NS, MetricData=[
        {"MetricName": "Paged", "Timestamp": base + datetime.timedelta(minutes=i), "Value": i + 1} for i in range(20)])
    query = dict(StartTime=base, EndTime=base + datetime.timedelta(minutes=20), MaxDatapoints=10, MetricDataQueries=[
        {"Id": "p", "MetricStat": {"Metric": {"Namespace": NS, "MetricName": "Paged"}, "Period": 60, "Stat": "Sum"}}])
    first = cw.get_metric_data(**query)
    assert first["MetricDataResults"][0]["Values"] == [float(v) for v in range(20, 10, -1)], first
    assert first.get("NextToken"), first
    second = cw.get_metric_data(NextToken=first["NextToken"], **query)
    assert second["MetricDataResults"][0]["Values"] == [float(v) for v in range(10, 0, -1)], second
    assert "NextToken" not in second, second


@check("list_metrics lists each metric once and filters by dimension")
def _():
    r = cw.list_metrics(Namespace=NS)
    assert sorted(m["MetricName"] for m in r["Metrics"]) == ["Latency", "Mixed", "Paged", "Requests"], r
    r = cw.list_metrics(Namespace=NS, Dimensions=[{"Name": "Service"}])
    assert [m["MetricName"] for m in r["Metrics"]] == ["Requests"], r
    assert sorted((d["Name"], d["Value"]) for d in r["Metrics"][0]["Dimensions"]) == [("Service", "api"), ("Stage", "prod")]


@check("a thousand datums in one call (gzip-compressed by current botocore)")
def _():
    seen = {}

    def capture(request, **kwargs):
        seen["encoding"] = request.headers.get("Content-Encoding")

    cw.meta.events.register("before-send.cloudwatch.PutMetricData", capture)
    try:
        cw.put_metric_data(Namespace=NS, MetricData=[
            {"MetricName": "Bulk", "Timestamp": T + datetime.timedelta(milliseconds=37 * i), "Value": i + 1,
             "Dimensions": [{"Name": "Fleet", "Value": "alpha"}]} for i in range(1000)])
    finally:
        cw.meta.events.unregister("before-send.cloudwatch.PutMetricData", capture)
    encoding = seen.get("encoding")
    encoding = encoding.decode() if isinstance(encoding, bytes) else encoding
    print(f"    Content-Encoding sent: {encoding}")
    if botocore_version() >= (1, 34, 40):
        assert encoding == "gzip", f"botocore {botocore.__version__} should have compressed the body"
    r = datapoints("Bulk", ["SampleCount", "Sum"], dims=[{"Name": "Fleet", "Value": "alpha"}])
    assert [(p["SampleCount"], p["Sum"]) for p in r["Datapoints"]] == [(1000, 500500)], r


@check("dashboards: put, get, list, delete")
def _():
    r = cw.put_dashboard(DashboardName=DASH, DashboardBody=BODY)
    assert r.get("DashboardValidationMessages", []) == [], r
    r = cw.get_dashboard(DashboardName=DASH)
    assert r["DashboardName"] == DASH and json.loads(r["DashboardBody"]) == json.loads(BODY), r
    assert r["DashboardArn"].startswith("arn:aws:cloudwatch::") and r["DashboardArn"].endswith(":dashboard/" + DASH), r
    entries = cw.list_dashboards(DashboardNamePrefix=DASH)["DashboardEntries"]
    assert [(e["DashboardName"], e["DashboardArn"], e["Size"] > 0) for e in entries] == [(DASH, r["DashboardArn"], True)], entries
    assert isinstance(entries[0]["LastModified"], datetime.datetime), entries
    cw.delete_dashboards(DashboardNames=[DASH])
    assert cw.list_dashboards(DashboardNamePrefix=DASH)["DashboardEntries"] == []


@check("get_dashboard of a missing dashboard is ResourceNotFound (404)")
def _():
    expect_error(lambda: cw.get_dashboard(DashboardName=DASH), "ResourceNotFound", status=404)


@check("Value and Values together are InvalidParameterCombination")
def _():
    expect_error(lambda: cw.put_metric_data(Namespace=NS, MetricData=[{"MetricName": "Bad", "Value": 1, "Values": [1, 2]}]),
                 "InvalidParameterCombination",
                 "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive "
                 "and you have specified both.", 400)


@check("StartTime equal to EndTime is InvalidParameterValue")
def _():
    expect_error(lambda: cw.get_metric_statistics(Namespace=NS, MetricName="Latency", StartTime=T, EndTime=T, Period=60,
                                                  Statistics=["Sum"]),
                 "InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.", 400)


@check("a dashboard name with a colon is InvalidParameterValue")
def _():
    expect_error(lambda: cw.put_dashboard(DashboardName="bad:name", DashboardBody=BODY), "InvalidParameterValue",
                 "The value for field DashboardName contains invalid characters. It can only contain alphanumerics, "
                 "dash (-) and underscore (_).\n", 400)


@check("GetMetricData with a garbage NextToken is InvalidNextToken")
def _():
    expect_error(lambda: cw.get_metric_data(StartTime=T, EndTime=T_END, NextToken="not-a-token", MetricDataQueries=[
        {"Id": "lat", "MetricStat": {"Metric": {"Namespace": NS, "MetricName": "Latency"}, "Period": 60, "Stat": "Sum"}}]),
                 "InvalidNextToken", status=400)


@check("a wrong secret is SignatureDoesNotMatch (403)")
def _():
    expect_error(lambda: client(secret="wrong-secret").list_metrics(Namespace=NS), "SignatureDoesNotMatch", status=403)


finish(NAME)
