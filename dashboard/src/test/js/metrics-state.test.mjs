import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  explorerHref, filterMetrics, groupByDimensions, namespacesOf, readState, sameMetric, stateHash, toggleSeries,
} from '../../main/resources/synaps-dashboard/js/metrics-state.js';
import { parseRoute } from '../../main/resources/synaps-dashboard/js/router.js';

const cpu1 = { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] };
const cpu2 = { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: 'i-2' }] };
const netAsg = { Namespace: 'AWS/EC2', MetricName: 'NetworkIn', Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'web' }] };
const plain = { Namespace: 'App', MetricName: 'Requests', Dimensions: [] };
const latency = { Namespace: 'App', MetricName: 'Latency', Dimensions: [{ Name: 'Host', Value: 'web-1' }, { Name: 'AZ', Value: 'a' }] };

test('the explorer state survives the URL: a link reproduces the graph', () => {
  const state = {
    ns: 'App', q: 'lat', stat: 'p99', period: '10', range: 'custom',
    start: '2026-11-22T10:00:00.000Z', end: '2026-11-22T11:00:00.000Z',
    series: [{ namespace: 'App', metricName: 'Latency', dimensions: [{ Name: 'Host', Value: 'web=1&x' }] }],
  };
  const back = readState(parseRoute(stateHash(state)).params.query);
  assert.deepEqual(back, state);
});

test('defaults stay out of the URL and come back on read', () => {
  assert.equal(stateHash({ series: [], stat: 'Average', period: 'auto', range: 'PT3H' }), '#/metrics');
  assert.deepEqual(readState({}), { ns: '', q: '', series: [], stat: 'Average', period: 'auto', range: 'PT3H', start: null, end: null });
});

test('broken URL values fall back to defaults instead of failing', () => {
  const s = readState({ g: '{not json', stat: 'Mean', period: '7', range: 'custom', start: 'x', end: 'y' });
  assert.deepEqual(s.series, []);
  assert.equal(s.stat, 'Average');
  assert.equal(s.period, 'auto');
  assert.equal(s.range, 'PT3H');
  assert.deepEqual(readState({ g: '[["only-one"], 5, ["A","B",[["k"]]]]' }).series, [{ namespace: 'A', metricName: 'B', dimensions: [] }]);
});

test('explorerHref graphs one ListMetrics entry in its namespace', () => {
  const s = readState(parseRoute(explorerHref(cpu1, { range: 'PT1H' })).params.query);
  assert.equal(s.ns, 'AWS/EC2');
  assert.equal(s.range, 'PT1H');
  assert.deepEqual(s.series, [{ namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }]);
});

test('the search matches every word in names, namespaces and dimension names or values', () => {
  const all = [cpu1, cpu2, netAsg, plain, latency];
  assert.deepEqual(filterMetrics(all, 'cpu i-2'), [cpu2]);
  assert.deepEqual(filterMetrics(all, 'WEB'), [netAsg, latency]);
  assert.deepEqual(filterMetrics(all, 'app'), [plain, latency]);
  assert.deepEqual(filterMetrics(all, '  '), all);
  assert.deepEqual(filterMetrics(all, 'nothing'), []);
});

test('metrics group by namespace and dimension names, like the console', () => {
  const groups = groupByDimensions([latency, cpu2, netAsg, plain, cpu1]);
  assert.deepEqual(groups.map((g) => [g.namespace, g.names.join(',')]), [
    ['AWS/EC2', 'AutoScalingGroupName'], ['AWS/EC2', 'InstanceId'], ['App', ''], ['App', 'AZ,Host'],
  ]);
  assert.deepEqual(groups[1].metrics, [cpu1, cpu2]);
  assert.deepEqual(namespacesOf([plain, cpu1, latency]), ['AWS/EC2', 'App']);
});

test('toggleSeries adds then removes the same metric whatever its dimension order', () => {
  const once = toggleSeries([], latency);
  assert.equal(once.length, 1);
  const reordered = { ...latency, Dimensions: [...latency.Dimensions].reverse() };
  assert.ok(sameMetric(reordered, once[0]));
  assert.deepEqual(toggleSeries(once, reordered), []);
  assert.ok(!sameMetric(cpu1, toggleSeries([], cpu2)[0]));
});
