// Alarms through the AWS SDK for JavaScript v3 (@aws-sdk/client-cloudwatch, AWS JSON 1.0 with
// query-compatible errors): create, describe, a breaching datum, SetAlarmState, history, a composite
// alarm, tags, delete and AWS's error codes.
// Needs SYNAPS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION.
// Prints one line per check and a final "js-alarms: N passed, M failed"; exits non-zero on any failure.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  ListTagsForResourceCommand,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  TagResourceCommand,
} from "@aws-sdk/client-cloudwatch";

const endpoint = process.env.SYNAPS_ENDPOINT;
if (!endpoint) {
  console.error("set SYNAPS_ENDPOINT");
  process.exit(2);
}
const region = process.env.AWS_DEFAULT_REGION ?? "us-east-1";
const run = randomUUID().replaceAll("-", "").slice(0, 10);
const NS = `Compat/js-alarms/${run}`;
const A = `compat-js-${run}`;

const cw = new CloudWatchClient({
  endpoint,
  region,
  maxAttempts: 1,
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
});
const sent = [];
cw.middlewareStack.add(
  (next, context) => async (args) => {
    sent.push({ command: context.commandName, headers: { ...args.request.headers } });
    return next(args);
  },
  { step: "finalizeRequest", name: "captureSentHeaders", priority: "low" },
);

const version = createRequire(import.meta.url)("@aws-sdk/client-cloudwatch/package.json").version;
console.log(`@aws-sdk/client-cloudwatch ${version} on node ${process.version}, alarms ${A}-*`);

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

async function expectError(call, { code, message, status }) {
  let error;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected error ${code ?? ""}, the call succeeded`);
  const got = { code: error.Code ?? error.name, name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  if (code) assert.equal(got.code, code, `error code: ${JSON.stringify(got)}`);
  if (message !== undefined) assert.equal(got.message, message, `error message: ${JSON.stringify(got)}`);
  if (status) assert.equal(got.status, status, `status: ${JSON.stringify(got)}`);
  assert.ok(error.$metadata?.requestId, "request id");
}

async function eventually(read, done, seconds = 20) {
  const deadline = Date.now() + seconds * 1000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    value = await read();
  }
  assert.ok(done(value), `not reached within ${seconds} s; last: ${JSON.stringify(value)}`);
  return value;
}

const minimal = (name, extra = {}) => ({
  AlarmName: name, Namespace: NS, MetricName: "Requests", Statistic: "Sum", Period: 60, EvaluationPeriods: 1,
  Threshold: 30, ComparisonOperator: "GreaterThanThreshold", ...extra,
});
const describe = async (name) => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms[0];
const pad = (n) => String(n).padStart(2, "0");
const reasonDate = (d) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} `
  + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

await check("PutMetricAlarm then DescribeAlarms shows the recorded fields of a new alarm", async () => {
  await cw.send(new PutMetricAlarmCommand(minimal(`${A}-min`)));
  const last = sent.at(-1);
  assert.equal(last.headers["content-type"], "application/x-amz-json-1.0");
  assert.equal(last.headers["x-amz-target"], "GraniteServiceVersion20100801.PutMetricAlarm");
  const r = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [`${A}-min`] }));
  assert.deepEqual(r.CompositeAlarms, []);
  const a = r.MetricAlarms[0];
  assert.match(a.AlarmArn, new RegExp(`^arn:aws:cloudwatch:${region}:\\d{12}:alarm:${A}-min$`));
  assert.equal(a.ActionsEnabled, true);
  assert.deepEqual([a.AlarmActions, a.OKActions, a.InsufficientDataActions, a.Dimensions], [[], [], [], []]);
  assert.deepEqual([a.StateValue, a.StateReason, a.Threshold], ["INSUFFICIENT_DATA", "Unchecked: Initial alarm creation", 30]);
  assert.ok(a.StateUpdatedTimestamp instanceof Date && a.AlarmConfigurationUpdatedTimestamp instanceof Date);
  for (const k of ["AlarmDescription", "Unit", "TreatMissingData", "DatapointsToAlarm", "ExtendedStatistic", "Metrics", "StateReasonData"]) {
    assert.equal(a[k], undefined, `${k} is present but was never set`);
  }
});

await check("a breaching datum puts a 10-second alarm in ALARM with AWS's reason", async () => {
  await cw.send(new PutMetricAlarmCommand({
    AlarmName: `${A}-hot`, Namespace: NS, MetricName: "Temperature", Statistic: "Average", Period: 10, EvaluationPeriods: 1,
    Threshold: 21, ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "ignore",
  }));
  const at = new Date((Math.floor(Date.now() / 10000) * 10 - 5) * 1000);
  const bucket = new Date(Math.floor(at.getTime() / 10000) * 10000);
  await cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: [21, 22].map((v) => (
    { MetricName: "Temperature", Timestamp: at, Value: v, StorageResolution: 1 })) }));
  const a = await eventually(() => describe(`${A}-hot`), (x) => x.StateValue === "ALARM");
  assert.equal(a.StateReason, `Threshold Crossed: 1 datapoint [21.5 (${reasonDate(bucket)})] was greater than the threshold (21.0).`);
  const data = JSON.parse(a.StateReasonData);
  assert.deepEqual(Object.keys(data), ["version", "queryDate", "startDate", "statistic", "period", "recentDatapoints",
    "threshold", "evaluatedDatapoints"]);
  assert.deepEqual(data.recentDatapoints, [21.5]);
  const forMetric = await cw.send(new DescribeAlarmsForMetricCommand({ Namespace: NS, MetricName: "Temperature" }));
  assert.deepEqual(forMetric.MetricAlarms.map((x) => x.AlarmName), [`${A}-hot`]);
});

await check("SetAlarmState, then DescribeAlarmHistory shows the update", async () => {
  await cw.send(new PutMetricAlarmCommand(minimal(`${A}-min`, { TreatMissingData: "ignore" })));
  await cw.send(new SetAlarmStateCommand({ AlarmName: `${A}-min`, StateValue: "ALARM", StateReason: "testing purposes",
    StateReasonData: '{"ticket":"OPS-1"}' }));
  const a = await describe(`${A}-min`);
  assert.deepEqual([a.StateValue, a.StateReason, JSON.parse(a.StateReasonData)], ["ALARM", "testing purposes", { ticket: "OPS-1" }]);
  const h = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: `${A}-min`, HistoryItemType: "StateUpdate" }));
  assert.deepEqual(h.AlarmHistoryItems.map((i) => [i.HistorySummary, i.AlarmType]),
    [["Alarm updated from INSUFFICIENT_DATA to ALARM", "MetricAlarm"]]);
  const data = JSON.parse(h.AlarmHistoryItems[0].HistoryData);
  assert.deepEqual(data.newState, { stateValue: "ALARM", stateReason: "testing purposes", stateReasonData: { ticket: "OPS-1" } });
});

await check("SetAlarmState errors: INVALID, unknown alarm, non-JSON reason data", async () => {
  await expectError(() => cw.send(new SetAlarmStateCommand({ AlarmName: `${A}-min`, StateValue: "INVALID", StateReason: "x" })), {
    code: "ValidationError", status: 400,
    message: "1 validation error detected: Value 'INVALID' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
  });
  await expectError(() => cw.send(new SetAlarmStateCommand({ AlarmName: `${A}-nope`, StateValue: "OK", StateReason: "x" })),
    { code: "ResourceNotFound", status: 404 });
  await expectError(() => cw.send(new SetAlarmStateCommand({ AlarmName: `${A}-min`, StateValue: "OK", StateReason: "x",
    StateReasonData: "{not json" })), { code: "InvalidFormat", status: 400 });
});

await check("a composite alarm goes to ALARM with its triggering child", async () => {
  const rule = `ALARM("${A}-min") OR ALARM("${A}-hot")`;
  await cw.send(new PutCompositeAlarmCommand({ AlarmName: `${A}-comp`, AlarmRule: rule }));
  const c = await eventually(async () => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [`${A}-comp`],
    AlarmTypes: ["CompositeAlarm"] }))).CompositeAlarms[0], (x) => x?.StateValue === "ALARM");
  assert.equal(c.AlarmRule, rule);
  assert.deepEqual(Object.keys(JSON.parse(c.StateReasonData)), ["triggeringAlarms"]);
});

await check("tags and bad input", async () => {
  await cw.send(new PutMetricAlarmCommand(minimal(`${A}-tagged`, { Tags: [{ Key: "team", Value: "core" }] })));
  const arn = (await describe(`${A}-tagged`)).AlarmArn;
  await cw.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "env", Value: "prod" }] }));
  const tags = (await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags;
  assert.deepEqual(tags.map((t) => [t.Key, t.Value]).sort(), [["env", "prod"], ["team", "core"]]);
  // the code for a bad Period is not pinned by a recording of today's AWS (AlarmSdkIT checks it)
  await expectError(() => cw.send(new PutMetricAlarmCommand(minimal(`${A}-bad`, { Period: 45 }))), { status: 400 });
  await expectError(() => cw.send(new PutMetricAlarmCommand(minimal(`${A}-bad`, { DatapointsToAlarm: 2 }))), {
    code: "ValidationError", status: 400, message: "DatapointsToAlarm must be less than or equal to EvaluationPeriods" });
  assert.deepEqual((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [`${A}-bad`] }))).MetricAlarms, []);
});

await check("DeleteAlarms; history and empty tags remain", async () => {
  const arn = (await describe(`${A}-tagged`)).AlarmArn;
  await cw.send(new DeleteAlarmsCommand({ AlarmNames: [`${A}-comp`, `${A}-nope`] }));
  await cw.send(new DeleteAlarmsCommand({ AlarmNames: [`${A}-min`, `${A}-hot`, `${A}-tagged`] }));
  const r = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: A, AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }));
  assert.deepEqual([r.MetricAlarms, r.CompositeAlarms], [[], []]);
  const h = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: `${A}-min` }));
  assert.equal(h.AlarmHistoryItems[0].HistorySummary, `Alarm "${A}-min" deleted`);
  assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, []);
});

console.log(`js-alarms: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
