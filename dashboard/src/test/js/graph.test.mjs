import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setCsrf } from '../../main/resources/synaps-dashboard/js/api.js';
import {
  autoPeriod, defaultLabel, effectivePeriod, fetchSeries, metricDataQueries, rangeBounds, tickStep,
} from '../../main/resources/synaps-dashboard/js/graph.js';
import { metricKey, metricsEventMatches } from '../../main/resources/synaps-dashboard/js/live.js';

const H = 3600_000;

test('the automatic period keeps a series near 1,440 points and never under a minute', () => {
  assert.equal(autoPeriod(15 * 60_000), 60);
  assert.equal(autoPeriod(3 * H), 60);
  assert.equal(autoPeriod(24 * H), 60);
  assert.equal(autoPeriod(7 * 24 * H), 900);
  assert.equal(autoPeriod(15 * 60_000, { minPeriod: 1 }), 1);
});

test('a chosen period is kept unless it would ask for too many points', () => {
  assert.equal(effectivePeriod('1', H), 1);
  assert.equal(effectivePeriod(10, 24 * H), 10);
  assert.equal(effectivePeriod(1, 7 * 24 * H), 300);
  assert.equal(effectivePeriod('auto', 3 * H), 60);
  assert.equal(effectivePeriod(undefined, 3 * H), 60);
});

test('ranges are relative to now or absolute', () => {
  assert.deepEqual(rangeBounds({ relative: 'PT3H' }, 10 * H), [7 * H, 10 * H]);
  assert.deepEqual(rangeBounds({ start: '1970-01-01T01:00:00Z', end: new Date(2 * H) }, 99), [H, 2 * H]);
});

test('tick steps are round times', () => {
  assert.equal(tickStep(15 * 60_000), 5 * 60_000);
  assert.equal(tickStep(3 * H), 30 * 60_000);
  assert.equal(tickStep(7 * 24 * H), 2 * 24 * H);
});

test('queries become MetricDataQueries with ids m0, m1 ...', () => {
  const q = metricDataQueries([
    { namespace: 'App', metricName: 'Latency', dimensions: [{ Name: 'Host', Value: 'a' }], stat: 'p99', period: 10 },
    { namespace: 'App', metricName: 'Errors' },
  ], 300);
  assert.deepEqual(q, [
    { Id: 'm0', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Latency', Dimensions: [{ Name: 'Host', Value: 'a' }] }, Period: 10, Stat: 'p99' }, ReturnData: true },
    { Id: 'm1', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Errors', Dimensions: [] }, Period: 300, Stat: 'Average' }, ReturnData: true },
  ]);
  assert.equal(defaultLabel({ metricName: 'Latency', dimensions: [{ Name: 'Host', Value: 'a' }], stat: 'p99' }, true), 'Latency a p99');
});

test('fetchSeries makes one GetMetricData per page, follows NextToken and merges points in time order', async () => {
  setCsrf('t');
  const bodies = [];
  const pages = [
    { MetricDataResults: [{ Id: 'm0', Label: 'L', Timestamps: [1800, 1860], Values: [2, 3], StatusCode: 'PartialData' }, { Id: 'm1', Timestamps: [], Values: [] }], NextToken: 'n1', Messages: [] },
    { MetricDataResults: [{ Id: 'm0', Timestamps: [1740], Values: [1], StatusCode: 'Complete' }, { Id: 'm1', Timestamps: [1800], Values: [9] }], Messages: [{ Code: 'Info', Value: 'note' }] },
  ];
  globalThis.fetch = async (url, init) => {
    bodies.push(JSON.parse(init.body));
    return new Response(JSON.stringify(pages[bodies.length - 1]), { status: 200 });
  };
  const series = await fetchSeries([
    { namespace: 'A', metricName: 'X', stat: 'Sum', color: '#123456' },
    { namespace: 'A', metricName: 'Y', label: 'why', yAxis: 'right' },
  ], 1_700_000_030_000, 1_700_000_090_500, 60);
  assert.equal(bodies.length, 2);
  assert.equal(bodies[0].StartTime, new Date(1_699_999_980_000).toISOString());
  assert.equal(bodies[0].ScanBy, 'TimestampAscending');
  assert.equal(bodies[1].NextToken, 'n1');
  assert.deepEqual(series[0].points, [[1740_000, 1], [1800_000, 2], [1860_000, 3]]);
  assert.equal(series[0].color, '#123456');
  assert.equal(series[0].statusCode, 'Complete');
  assert.equal(series[1].label, 'why');
  assert.equal(series[1].yAxis, 'right');
  assert.deepEqual(series[1].points, [[1800_000, 9]]);
  assert.deepEqual(series.messages, [{ Code: 'Info', Value: 'note' }]);
});

test('fetchSeries aligns the start to the longest period and rounds the end up to a second', async () => {
  let body;
  globalThis.fetch = async (url, init) => {
    body = JSON.parse(init.body);
    return new Response('{"MetricDataResults":[]}', { status: 200 });
  };
  await fetchSeries([{ namespace: 'A', metricName: 'X', period: 300 }], Date.UTC(2026, 0, 1, 10, 7, 12), Date.UTC(2026, 0, 1, 11, 0, 0, 400));
  assert.equal(body.StartTime, '2026-01-01T10:05:00.000Z');
  assert.equal(body.EndTime, '2026-01-01T11:00:01.000Z');
});

test('a metrics event matches a chart when it names one of its metrics, dimensions in any order, or overflows', () => {
  const queries = [{ namespace: 'App', metricName: 'Latency', dimensions: [{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2' }] }];
  const hit = { metrics: [{ Namespace: 'App', MetricName: 'Latency', Dimensions: [{ Name: 'b', Value: '2' }, { Name: 'a', Value: '1' }] }], overflow: false };
  const miss = { metrics: [{ Namespace: 'App', MetricName: 'Latency', Dimensions: [{ Name: 'a', Value: '1' }] }], overflow: false };
  assert.equal(metricsEventMatches(hit, queries), true);
  assert.equal(metricsEventMatches(miss, queries), false);
  assert.equal(metricsEventMatches({ metrics: [], overflow: true }, queries), true);
  assert.equal(metricsEventMatches(null, queries), false);
  assert.equal(metricKey('A', 'B', []), metricKey('A', 'B', undefined));
});
