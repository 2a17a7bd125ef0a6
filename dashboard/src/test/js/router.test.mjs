import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alarmEditHref, alarmHref, parseRoute, queryString, topicHref } from '../../main/resources/synaps-dashboard/js/router.js';

test('an empty hash is the overview', () => {
  for (const h of ['', '#', '#/']) {
    const r = parseRoute(h);
    assert.equal(r.page, 'overview');
    assert.equal(r.module, './pages/overview.js');
    assert.equal(r.nav, 'overview');
  }
});

test('each route maps to its page module with decoded params', () => {
  const cases = [
    ['#/metrics?ns=AWS%2FEC2&range=PT1H', 'metrics', {}],
    ['#/alarms', 'alarms', {}],
    ['#/alarms/new', 'alarm-form', { isNew: true }],
    ['#/alarms/High%20CPU%2Fweb', 'alarm-detail', { name: 'High CPU/web' }],
    ['#/alarms/High%20CPU/edit', 'alarm-form', { name: 'High CPU' }],
    ['#/dashboards', 'dashboards', {}],
    ['#/dashboards/new', 'dashboard-edit', { isNew: true }],
    ['#/dashboards/ops', 'dashboard-view', { name: 'ops' }],
    ['#/dashboards/ops/edit', 'dashboard-edit', { name: 'ops' }],
    ['#/topics', 'topics', {}],
    ['#/topics/arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aops', 'topics', { arn: 'arn:aws:sns:us-east-1:123456789012:ops' }],
  ];
  for (const [hash, page, params] of cases) {
    const r = parseRoute(hash);
    assert.equal(r.page, page, hash);
    for (const [k, v] of Object.entries(params)) assert.equal(r.params[k], v, `${hash} ${k}`);
  }
});

test('the query string is in params and params.query', () => {
  const r = parseRoute('#/metrics?ns=AWS%2FEC2&q=cpu');
  assert.equal(r.params.ns, 'AWS/EC2');
  assert.deepEqual(r.params.query, { ns: 'AWS/EC2', q: 'cpu' });
  assert.equal(r.title, 'Metrics');
});

test('a path part never loses to the query string', () => {
  assert.equal(parseRoute('#/alarms/real?name=fake').params.name, 'real');
});

test('unknown paths are not-found', () => {
  assert.equal(parseRoute('#/nope').page, 'not-found');
  assert.equal(parseRoute('#/alarms/a/b/c').page, 'not-found');
  assert.equal(parseRoute('#/alarms/a/delete').page, 'not-found');
});

test('titles name the thing shown', () => {
  assert.equal(parseRoute('#/alarms/cpu').title, 'Alarm cpu');
  assert.equal(parseRoute('#/topics/arn%3Aaws%3Asns%3Aus-east-1%3A1%3Aops').title, 'Topic ops');
});

test('hrefs encode names so they round-trip through parseRoute', () => {
  const name = 'a/b c?d#e%';
  assert.equal(parseRoute(alarmHref(name)).params.name, name);
  assert.equal(parseRoute(alarmEditHref(name)).params.name, name);
  assert.equal(parseRoute(topicHref('arn:aws:sns:r:1:t')).params.arn, 'arn:aws:sns:r:1:t');
});

test('queryString leaves empty values out', () => {
  assert.equal(queryString({ a: '1', b: '', c: null, d: undefined }), '?a=1');
  assert.equal(queryString({}), '');
  assert.equal(queryString({ s: 'x y/z' }), '?s=x+y%2Fz');
});
