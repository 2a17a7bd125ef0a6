// The compat scenario through the AWS SDK for JavaScript v3 (@aws-sdk/client-cloudwatch >= 3.949,
// AWS JSON 1.0, query-compatible errors, gzip for PutMetricData bodies >= 10 KiB).
// Needs SYNAPS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION.
// Prints one line per check and a final "js-json: N passed, M failed"; exits non-zero on any failure.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import {
  CloudWatchClient,
  DeleteDashboardsCommand,
  GetDashboardCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListDashboardsCommand,
  ListMetricsCommand,
  PutDashboardCommand,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";

const endpoint = process.env.SYNAPS_ENDPOINT;
if (!endpoint) {
  console.error("set SYNAPS_ENDPOINT");
  process.exit(2);
}
const region = process.env.AWS_DEFAULT_REGION ?? "us-east-1";
const run = randomUUID().replaceAll("-", "").slice(0, 10);
const NS = `Compat/js/${run}`;
const DASH = `compat-js-${run}`;
const BODY = '{"widgets":[{"type":"text","x":0,"y":0,"width":6,"height":3,"properties":{"markdown":"compat"}}]}';
const T = new Date(Math.floor(Date.now() / 60000) * 60000 - 10 * 60000);
const T_END = new Date(T.getTime() + 60000);
const plus = (d, ms) => new Date(d.getTime() + ms);

function client(secret) {
  return new CloudWatchClient({
    endpoint,
    region,
    maxAttempts: 1,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: secret ?? process.env.AWS_SECRET_ACCESS_KEY,
    },
  });
}

const cw = client();
const sent = [];
cw.middlewareStack.add(
  (next, context) => async (args) => {
    sent.push({ command: context.commandName, headers: { ...args.request.headers } });
    return next(args);
  },
  { step: "finalizeRequest", name: "captureSentHeaders", priority: "low" },
);

const version = createRequire(import.meta.url)("@aws-sdk/client-cloudwatch/package.json").version;
console.log(`@aws-sdk/client-cloudwatch ${version} on node ${process.version}, namespace ${NS}`);

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`PASS ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}`);
    console.log(String(e?.stack ?? e).replace(/^/gm, "    "));
  }
}

async function expectError(call, { code, name, message, status }) {
  let error;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected error ${code}, the call succeeded`);
  const got = { code: error.Code ?? error.name, name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  assert.equal(got.code, code, `error code: ${JSON.stringify(got)}`);
  if (name) assert.equal(got.name, name, `error name: ${JSON.stringify(got)}`);
  if (message !== undefined) assert.equal(got.message, message, `error message: ${JSON.stringify(got)}`);
  if (status) assert.equal(got.status, status, `status: ${JSON.stringify(got)}`);
  assert.ok(error.$metadata?.requestId, "request id");
}

const stats = (metric, statistics, extra = {}) =>
  cw.send(new GetMetricStatisticsCommand({ Namespace: NS, MetricName: metric, StartTime: T, EndTime: T_END, Period: 60, Statistics: statistics, ...extra }));

await check("PutMetricData with a value, unit and dimensions", async () => {
  await cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: [{
    MetricName: "Requests", Value: 5, Unit: "Count", Timestamp: plus(T, 10000),
    Dimensions: [{ Name: "Service", Value: "api" }, { Name: "Stage", Value: "prod" }] }] }));
  const last = sent.at(-1);
  assert.equal(last.headers["content-type"], "application/x-amz-json-1.0");
  assert.equal(last.headers["x-amz-target"], "GraniteServiceVersion20100801.PutMetricData");
});

await check("PutMetricData with Values/Counts and StatisticValues", async () => {
  await cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: [
    { MetricName: "Latency", Timestamp: T, Values: [1, 10], Counts: [2, 4], Unit: "Count" },
    { MetricName: "Mixed", Timestamp: T, Value: 11 },
    { MetricName: "Mixed", Timestamp: plus(T, 10000), StatisticValues: { SampleCount: 10, Sum: 55, Minimum: 1, Maximum: 10 } },
  ] }));
});

await check("GetMetricStatistics expands Values/Counts", async () => {
  const r = await stats("Latency", ["SampleCount", "Sum", "Maximum"]);
  assert.equal(r.Label, "Latency");
  assert.deepEqual(r.Datapoints.map((p) => [p.SampleCount, p.Sum, p.Maximum, p.Unit, p.Timestamp.getTime()]),
    [[6, 42, 10, "Count", T.getTime()]]);
});

await check("GetMetricStatistics merges a value with a statistic set", async () => {
  const r = await stats("Mixed", ["Sum", "SampleCount", "Minimum", "Maximum", "Average"]);
  assert.deepEqual(r.Datapoints.map((p) => [p.Sum, p.SampleCount, p.Minimum, p.Maximum, p.Average, p.Unit]),
    [[66, 11, 1, 11, 6, "None"]]);
});

await check("GetMetricStatistics matches dimensions in any order", async () => {
  const r = await stats("Requests", ["Sum"], { Dimensions: [{ Name: "Stage", Value: "prod" }, { Name: "Service", Value: "api" }] });
  assert.deepEqual(r.Datapoints.map((p) => p.Sum), [5]);
  assert.deepEqual((await stats("Requests", ["Sum"])).Datapoints, []);
});

// same Stat and Period in every query: AWS labels each result with its metric name
await check("GetMetricData returns labels, values and status", async () => {
  const r = await cw.send(new GetMetricDataCommand({ StartTime: T, EndTime: T_END, MetricDataQueries: [
    { Id: "lat", MetricStat: { Metric: { Namespace: NS, MetricName: "Latency" }, Period: 60, Stat: "Sum" } },
    { Id: "mix", MetricStat: { Metric: { Namespace: NS, MetricName: "Mixed" }, Period: 60, Stat: "Sum" } },
  ] }));
  assert.deepEqual(r.Messages, []);
  assert.deepEqual(r.MetricDataResults.map((x) => [x.Id, x.Label, x.Values, x.Timestamps.map((t) => t.getTime()), x.StatusCode]),
    [["lat", "Latency", [42], [T.getTime()], "Complete"], ["mix", "Mixed", [66], [T.getTime()], "Complete"]]);
});

await check("GetMetricData ScanBy TimestampAscending reverses the default order", async () => {
  const base = new Date(T.getTime() - 30 * 60000);
  await cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: [0, 1, 2, 3].map((i) => (
    { MetricName: "Scan", Timestamp: plus(base, i * 60000), Value: i + 1 })) }));
  const q = { StartTime: base, EndTime: plus(base, 4 * 60000), MetricDataQueries: [
    { Id: "s", MetricStat: { Metric: { Namespace: NS, MetricName: "Scan" }, Period: 60, Stat: "Sum" } }] };
  const desc = await cw.send(new GetMetricDataCommand(q));
  const asc = await cw.send(new GetMetricDataCommand({ ...q, ScanBy: "TimestampAscending" }));
  assert.deepEqual(desc.MetricDataResults[0].Values, [4, 3, 2, 1]);
  assert.deepEqual(asc.MetricDataResults[0].Values, [1, 2, 3, 4]);
});

await check("ListMetrics lists each metric once and filters by dimension", async () => {
  const all = await cw.send(new ListMetricsCommand({ Namespace: NS }));
  assert.deepEqual(all.Metrics.map((m) => m.MetricName).sort(), ["Latency", "Mixed", "Requests", "Scan"]);
  const byDim = await cw.send(new ListMetricsCommand({ Namespace: NS, Dimensions: [{ Name: "Service" }] }));
  assert.deepEqual(byDim.Metrics.map((m) => m.MetricName), ["Requests"]);
});

await check("a thousand datums in one gzip-compressed PutMetricData", async () => {
  await cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: Array.from({ length: 1000 }, (_, i) => (
    { MetricName: "Bulk", Timestamp: plus(T, 37 * i), Value: i + 1, Dimensions: [{ Name: "Fleet", Value: "alpha" }] })) }));
  const put = sent.filter((s) => s.command === "PutMetricDataCommand").at(-1);
  assert.equal(put.headers["content-encoding"], "gzip");
  const r = await stats("Bulk", ["SampleCount", "Sum"], { Dimensions: [{ Name: "Fleet", Value: "alpha" }] });
  assert.deepEqual(r.Datapoints.map((p) => [p.SampleCount, p.Sum]), [[1000, 500500]]);
});

await check("dashboards: put, get, list, delete", async () => {
  const put = await cw.send(new PutDashboardCommand({ DashboardName: DASH, DashboardBody: BODY }));
  assert.deepEqual(put.DashboardValidationMessages ?? [], []);
  const got = await cw.send(new GetDashboardCommand({ DashboardName: DASH }));
  assert.equal(got.DashboardName, DASH);
  assert.deepEqual(JSON.parse(got.DashboardBody), JSON.parse(BODY));
  assert.match(got.DashboardArn, new RegExp(`^arn:aws:cloudwatch::\\d{12}:dashboard/${DASH}$`));
  const list = await cw.send(new ListDashboardsCommand({ DashboardNamePrefix: DASH }));
  assert.deepEqual(list.DashboardEntries.map((e) => [e.DashboardName, e.DashboardArn, e.Size > 0, e.LastModified instanceof Date]),
    [[DASH, got.DashboardArn, true, true]]);
  await cw.send(new DeleteDashboardsCommand({ DashboardNames: [DASH] }));
  assert.deepEqual((await cw.send(new ListDashboardsCommand({ DashboardNamePrefix: DASH }))).DashboardEntries, []);
});

// The JS SDK resolves query-compatible errors by their Query code first, and "ResourceNotFound" is
// also the name of another shape, so the error arrives as ResourceNotFound, not DashboardNotFoundError.
await check("GetDashboard of a missing dashboard is ResourceNotFound (404)", async () => {
  await expectError(() => cw.send(new GetDashboardCommand({ DashboardName: DASH })), { code: "ResourceNotFound", status: 404 });
});

await check("Value and Values together are InvalidParameterCombination", async () => {
  await expectError(() => cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: [{ MetricName: "Bad", Value: 1, Values: [1, 2] }] })), {
    code: "InvalidParameterCombination", name: "InvalidParameterCombinationException", status: 400,
    message: "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.",
  });
});

await check("StartTime equal to EndTime is InvalidParameterValue", async () => {
  await expectError(() => cw.send(new GetMetricStatisticsCommand({ Namespace: NS, MetricName: "Latency", StartTime: T, EndTime: T, Period: 60, Statistics: ["Sum"] })), {
    code: "InvalidParameterValue", name: "InvalidParameterValueException", status: 400,
    message: "The parameter StartTime must be less than the parameter EndTime.",
  });
});

await check("a dashboard name with a colon is InvalidParameterValue", async () => {
  await expectError(() => cw.send(new PutDashboardCommand({ DashboardName: "bad:name", DashboardBody: BODY })), {
    code: "InvalidParameterValue", name: "InvalidParameterValueException", status: 400,
    message: "The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).\n",
  });
});

await check("a wrong secret is SignatureDoesNotMatch (403)", async () => {
  await expectError(() => client("wrong-secret").send(new ListMetricsCommand({ Namespace: NS })), { code: "SignatureDoesNotMatch", status: 403 });
});

console.log(`js-json: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
