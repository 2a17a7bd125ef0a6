// Unit tests of the dashboard's batched GetMetricData fetching (js/dashboard/data.js).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { planFetch, fetchWidgets, runGetMetricData, MAX_QUERIES_PER_CALL } from '../../main/resources/synaps-dashboard/js/dashboard/data.js';

const T0 = Date.parse('2026-11-22T09:00:00Z');
const T1 = Date.parse('2026-11-22T12:00:00Z');
const query = (metricName, extra = {}) => ({ namespace: 'NS', metricName, dimensions: [{ Name: 'Host', Value: 'h1' }], stat: 'Average', period: 60, ...extra });

class FakeError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** A GetMetricData fake: answers each query with points derived from its metric name; records the calls. */
function fakeCw({ failWhen = () => null, pageSize = Infinity } = {}) {
  const calls = [];
  const cw = async (action, input) => {
    assert.equal(action, 'GetMetricData');
    calls.push(input);
    const failure = failWhen(input);
    if (failure) throw failure;
    const all = input.MetricDataQueries.flatMap((q) => {
      const v = q.MetricStat.Metric.MetricName.length;
      return [0, 1, 2].map((i) => ({ id: q.Id, t: input.StartTime + i * q.MetricStat.Period, v: v + i }));
    });
    const offset = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(offset, offset + pageSize);
    const results = input.MetricDataQueries.map((q) => {
      const mine = page.filter((p) => p.id === q.Id);
      return { Id: q.Id, Label: q.Id, Timestamps: mine.map((p) => p.t).reverse(), Values: mine.map((p) => p.v).reverse(), StatusCode: 'Complete' };
    });
    return offset + pageSize < all.length ? { MetricDataResults: results, NextToken: String(offset + pageSize) } : { MetricDataResults: results };
  };
  return { cw, calls };
}

describe('planFetch', () => {
  test('twenty widgets over one window are one call; the same query asked twice is fetched once', () => {
    const requests = Array.from({ length: 20 }, (_, i) => ({ key: i, startMillis: T0, endMillis: T1, queries: [query(`M${i}`), query('Shared')] }));
    const calls = planFetch(requests);
    assert.equal(calls.length, 1);
    const [call] = calls;
    assert.equal(call.input.MetricDataQueries.length, 21);
    assert.equal(call.input.StartTime, T0 / 1000);
    assert.equal(call.input.EndTime, T1 / 1000);
    assert.equal(call.input.ScanBy, 'TimestampAscending');
    for (const q of call.input.MetricDataQueries) assert.match(q.Id, /^[a-z][a-zA-Z0-9_]*$/);
    const shared = call.input.MetricDataQueries.find((q) => q.MetricStat.Metric.MetricName === 'Shared');
    assert.equal(call.targets.get(shared.Id).length, 20);
    assert.deepEqual(call.input.MetricDataQueries[0].MetricStat, {
      Metric: { Namespace: 'NS', MetricName: 'M0', Dimensions: [{ Name: 'Host', Value: 'h1' }] }, Period: 60, Stat: 'Average',
    });
  });

  test('a different stat or period is a different query', () => {
    const [call] = planFetch([{ key: 'a', startMillis: T0, endMillis: T1, queries: [query('A'), query('A', { stat: 'Sum' }), query('A', { period: 300 })] }]);
    assert.equal(call.input.MetricDataQueries.length, 3);
  });

  test('one call per time window, and at most 500 queries a call', () => {
    const requests = [
      { key: 'a', startMillis: T0, endMillis: T1, queries: Array.from({ length: 700 }, (_, i) => query(`M${i}`)) },
      { key: 'b', startMillis: T0 - 3600_000, endMillis: T1, queries: [query('M0')] },
    ];
    const calls = planFetch(requests);
    assert.deepEqual(calls.map((c) => c.input.MetricDataQueries.length), [MAX_QUERIES_PER_CALL, 200, 1]);
    assert.deepEqual(calls.map((c) => [...c.keys]), [['a'], ['a'], ['b']]);
  });
});

describe('fetchWidgets', () => {
  test('gives every widget its series in its own query order, ascending in time', async () => {
    const { cw, calls } = fakeCw();
    const out = await fetchWidgets(cw, [
      { key: 'w1', startMillis: T0, endMillis: T1, queries: [query('AA'), query('B')] },
      { key: 'w2', startMillis: T0, endMillis: T1, queries: [query('B')] },
    ]);
    assert.equal(calls.length, 1);
    assert.deepEqual(out.get('w1').results.map((r) => r.points), [
      [[T0, 2], [T0 + 60_000, 3], [T0 + 120_000, 4]],
      [[T0, 1], [T0 + 60_000, 2], [T0 + 120_000, 3]],
    ]);
    assert.deepEqual(out.get('w2').results[0].points, out.get('w1').results[1].points);
    assert.equal(out.get('w1').error, null);
  });

  test('follows NextToken pages and joins each query\'s points', async () => {
    const { cw, calls } = fakeCw({ pageSize: 2 });
    const out = await fetchWidgets(cw, [{ key: 'w', startMillis: T0, endMillis: T1, queries: [query('A'), query('BB')] }]);
    assert.equal(calls.length, 3);
    assert.equal(calls[1].NextToken, '2');
    assert.deepEqual(out.get('w').results.map((r) => r.points.map((p) => p[1])), [[1, 2, 3], [2, 3, 4]]);
  });

  test('when a shared call fails, the widgets are fetched one by one and only the culprit gets the error', async () => {
    const bad = new FakeError('InvalidParameterValue', 'The value Mean for parameter MetricDataQueries.member.2.MetricStat.Stat is not supported.', 400);
    const { cw, calls } = fakeCw({ failWhen: (input) => (input.MetricDataQueries.some((q) => q.MetricStat.Stat === 'Mean') ? bad : null) });
    const out = await fetchWidgets(cw, [
      { key: 'good', startMillis: T0, endMillis: T1, queries: [query('A')] },
      { key: 'bad', startMillis: T0, endMillis: T1, queries: [query('A', { stat: 'Mean' })] },
    ]);
    assert.equal(calls.length, 3);
    assert.equal(out.get('bad').error, bad);
    assert.equal(out.get('good').error, null);
    assert.equal(out.get('good').results[0].points.length, 3);
  });

  test('a gone session rejects instead of showing errors on widgets', async () => {
    const gone = new FakeError('SessionExpired', 'Sign in again.', 401);
    const { cw } = fakeCw({ failWhen: () => gone });
    await assert.rejects(fetchWidgets(cw, [{ key: 'a', startMillis: T0, endMillis: T1, queries: [query('A')] }, { key: 'b', startMillis: T0, endMillis: T1, queries: [query('B')] }]), gone);
  });

  test('ISO timestamps are read too', async () => {
    const cw = async () => ({ MetricDataResults: [{ Id: 'q0', Timestamps: ['2026-11-22T09:00:00Z'], Values: [5], StatusCode: 'PartialData', Messages: [{ Code: 'MultipleUnits', Value: 'x' }] }] });
    const byId = await runGetMetricData(cw, { MetricDataQueries: [] });
    assert.deepEqual(byId.get('q0'), { points: [[T0, 5]], statusCode: 'PartialData', messages: [{ Code: 'MultipleUnits', Value: 'x' }] });
  });
});
