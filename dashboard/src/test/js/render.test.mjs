// Unit tests of the dashboard-body renderer model (js/dashboard/render.js).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateBody, layoutWidgets, expandMetrics, renderModel, dashboardHtml, parseRange, rangeMillis,
  effectivePeriod, periodForRange, widgetRequest, alarmNameFromArn, sortAlarms, alarmItemHtml, plainMarkdown,
  jsonErrorAt, INVALID_JSON, DEFAULT_RANGE,
} from '../../main/resources/synaps-dashboard/js/dashboard/render.js';
import { PALETTE } from '../../main/resources/synaps-dashboard/js/graph.js';

const body = (o) => JSON.stringify(o);
const metricWidget = (props, extra = {}) => ({ type: 'metric', properties: props, ...extra });
const paths = (problems) => problems.map((p) => `${p.dataPath}: ${p.message}`);

describe('validateBody reports what PutDashboard answers', () => {
  test('text that is not JSON is one problem at the root', () => {
    for (const text of ['', '{', '{"widgets":[]} trailing', 'not json', undefined]) {
      const { root, problems } = validateBody(text);
      assert.equal(root, undefined);
      assert.deepEqual(problems, [{ dataPath: '', message: INVALID_JSON }], String(text));
    }
  });

  test('a body that is not an object, or has no widgets array', () => {
    assert.deepEqual(paths(validateBody('[]').problems), [': Should be object']);
    assert.deepEqual(paths(validateBody('null').problems), [': Should be object']);
    assert.deepEqual(paths(validateBody('{}').problems), [": Should have required property 'widgets'"]);
    assert.deepEqual(paths(validateBody('{"widgets":{}}').problems), ['/widgets: Should be array']);
    assert.deepEqual(validateBody('{"widgets":[]}').problems, []);
  });

  test('widgets: type, position, size and properties, in document order', () => {
    const { problems } = validateBody(body({
      widgets: [
        'nope',
        { properties: {} },
        { type: 'graph', properties: {} },
        { type: 'text', x: 24, y: -1, width: 0, height: 1001, properties: { markdown: 'a' } },
        { type: 'text', x: 1.5, y: '2', width: true, properties: { markdown: 'a' } },
        { type: 'text', x: 6.0, properties: { markdown: 'a' } },
        { type: 'metric' },
        { type: 'metric', properties: [] },
      ],
    }));
    assert.deepEqual(paths(problems), [
      '/widgets/0: Should be object',
      "/widgets/1: Should have required property 'type'",
      '/widgets/2/type: Should be equal to one of the allowed values',
      '/widgets/3/x: Should be <= 23',
      '/widgets/3/y: Should be >= 0',
      '/widgets/3/width: Should be >= 1',
      '/widgets/3/height: Should be <= 1000',
      '/widgets/4/x: Should be integer',
      '/widgets/4/y: Should be integer',
      '/widgets/4/width: Should be integer',
      "/widgets/6: Should have required property 'properties'",
      '/widgets/7/properties: Should be object',
    ]);
  });

  test('required properties per widget type', () => {
    const { problems } = validateBody(body({
      widgets: [
        metricWidget({}),
        { type: 'text', properties: {} },
        { type: 'text', properties: { markdown: 3 } },
        { type: 'log', properties: {} },
        { type: 'custom', properties: {} },
        { type: 'alarm', properties: {} },
        { type: 'alarm', properties: { alarms: 'a' } },
        { type: 'alarm', properties: { alarms: ['arn:a', 7] } },
        { type: 'explorer', properties: { anything: true } },
      ],
    }));
    assert.deepEqual(paths(problems), [
      "/widgets/0/properties: Should have required property 'metrics'",
      "/widgets/1/properties: Should have required property 'markdown'",
      '/widgets/2/properties/markdown: Should be string',
      "/widgets/3/properties: Should have required property 'query'",
      "/widgets/4/properties: Should have required property 'endpoint'",
      "/widgets/5/properties: Should have required property 'alarms'",
      '/widgets/6/properties/alarms: Should be array',
      '/widgets/7/properties/alarms/1: Should be string',
    ]);
  });

  test('bad metrics arrays', () => {
    const { problems } = validateBody(body({
      widgets: [
        metricWidget({ metrics: {} }),
        metricWidget({ metrics: ['AWS/EC2', [], ['NS', 'M', 3], ['NS', { stat: 'Sum' }, 'M'], ['NS', 'M', { stat: 'Sum' }], [{ expression: 'm1*2' }]] }),
      ],
    }));
    assert.deepEqual(paths(problems), [
      '/widgets/0/properties/metrics: Should be array',
      '/widgets/1/properties/metrics/0: Should be array',
      '/widgets/1/properties/metrics/1: Should NOT have fewer than 1 items',
      '/widgets/1/properties/metrics/2/2: Invalid metric field type, only "String" type is allowed',
      '/widgets/1/properties/metrics/3/1: Invalid metric field type, only "String" type is allowed',
    ]);
  });

  test('limits on widgets and metrics', () => {
    const many = Array.from({ length: 501 }, () => ({ type: 'text', properties: { markdown: '' } }));
    assert.deepEqual(paths(validateBody(body({ widgets: many })).problems), ['/widgets: Should NOT have more than 500 items']);
    const rows = Array.from({ length: 501 }, (_, i) => ['NS', `M${i}`]);
    assert.deepEqual(paths(validateBody(body({ widgets: [metricWidget({ metrics: rows })] })).problems),
      ['/widgets/0/properties/metrics: Should NOT have more than 500 items']);
    const six = Array.from({ length: 6 }, () => metricWidget({ metrics: rows.slice(0, 450) }));
    assert.deepEqual(paths(validateBody(body({ widgets: six })).problems), ['/widgets: Should NOT have more than 2500 metrics in total']);
  });
});

describe('jsonErrorAt says where a body stops being JSON', () => {
  test('the first character a parser cannot take, with its line and column', () => {
    assert.deepEqual(jsonErrorAt('{"widgets":[oops]}'), { offset: 12, line: 1, column: 13 });
    assert.deepEqual(jsonErrorAt('{\n  "w": [\n    1,\n  ]\n}'), { offset: 20, line: 4, column: 3 });
    assert.deepEqual(jsonErrorAt('[1,2'), { offset: 4, line: 1, column: 5 });
    assert.deepEqual(jsonErrorAt(''), { offset: 0, line: 1, column: 1 });
    assert.equal(jsonErrorAt(' {"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]} '), null);
  });

  test('agrees with JSON.parse on mutated bodies (seeded)', () => {
    const base = JSON.stringify({ start: '-PT3H', widgets: [{ type: 'metric', x: 0, y: 0, properties: { metrics: [['NS', 'A', { stat: 'p99', period: 60 }]], title: 'a "b" \\ c' } }] });
    const alphabet = '{}[]:,"\\ aetnul0123456789.-+eE\n';
    let seed = 424242;
    const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (let round = 0; round < 2000; round += 1) {
      let t = base;
      for (let k = 0; k <= rand(3); k += 1) {
        const at = rand(t.length + 1);
        const op = rand(3);
        const c = alphabet[rand(alphabet.length)];
        t = op === 0 ? t.slice(0, at) + c + t.slice(at) : op === 1 ? t.slice(0, at) + t.slice(at + 1) : t.slice(0, at) + c + t.slice(at + 1);
      }
      let parses = true;
      try { JSON.parse(t); } catch { parses = false; }
      assert.equal(jsonErrorAt(t) === null, parses, `round ${round} (seed 424242): ${t}`);
    }
  });
});

describe('layoutWidgets places widgets on the 24-column grid', () => {
  test('explicit positions are kept and sizes default to 6 x 6', () => {
    assert.deepEqual(layoutWidgets([{ x: 0, y: 0, width: 12, height: 4 }, { x: 12, y: 0 }, { x: 0, y: 6, width: 24, height: 2 }]), [
      { x: 0, y: 0, width: 12, height: 4 },
      { x: 12, y: 0, width: 6, height: 6 },
      { x: 0, y: 6, width: 24, height: 2 },
    ]);
  });

  test('widgets without x and y flow left to right, then top to bottom, then float up', () => {
    const out = layoutWidgets([{}, {}, {}, {}, { width: 12 }, { width: 12, height: 2 }, { width: 18 }, {}, { width: 24 }]);
    assert.deepEqual(out.map(({ x, y }) => [x, y]), [[0, 0], [6, 0], [12, 0], [18, 0], [0, 6], [12, 6], [0, 12], [18, 8], [0, 18]]);
  });

  test('auto placement never goes back before the previous widget, but widgets float up into free columns', () => {
    assert.deepEqual(layoutWidgets([{ width: 12 }, { width: 18 }, { width: 12 }]).map(({ x, y }) => [x, y]), [[0, 0], [0, 6], [0, 12]]);
    assert.deepEqual(layoutWidgets([{ width: 12 }, { width: 18 }, { width: 4 }]).map(({ x, y }) => [x, y]), [[0, 0], [0, 6], [18, 0]]);
  });

  test('an auto-placed widget goes after the previous one, around explicit ones', () => {
    const out = layoutWidgets([{ x: 6, y: 0, width: 12 }, {}, {}, {}]);
    assert.deepEqual(out.map(({ x, y }) => [x, y]), [[6, 0], [0, 0], [18, 0], [0, 6]]);
  });

  test('a given x or y is kept when the other is missing', () => {
    const out = layoutWidgets([{ x: 0, y: 0, width: 24, height: 2 }, { x: 18 }, { y: 2, width: 12 }]);
    assert.deepEqual(out.map(({ x, y }) => [x, y]), [[0, 0], [18, 2], [0, 2]]);
  });

  test('widgets float up into empty rows above them', () => {
    const out = layoutWidgets([{ x: 0, y: 0, height: 6 }, { x: 0, y: 7, width: 3, height: 3 }, { x: 12, y: 40 }]);
    assert.deepEqual(out.map(({ x, y }) => [x, y]), [[0, 0], [0, 6], [12, 0]]);
  });

  test('overlapping widgets are pushed below the one written first', () => {
    const out = layoutWidgets([{ x: 0, y: 0, width: 12 }, { x: 6, y: 0, width: 12, height: 3 }, { x: 0, y: 2, width: 3 }]);
    assert.deepEqual(out.map(({ x, y }) => [x, y]), [[0, 0], [6, 6], [0, 6]]);
    assertNoOverlap(out);
  });

  test('invalid sizes fall back to the defaults and a too-wide widget moves left', () => {
    assert.deepEqual(layoutWidgets([{ x: 20, y: 0, width: 8, height: 0 }]), [{ x: 16, y: 0, width: 8, height: 6 }]);
    assert.deepEqual(layoutWidgets([{ x: 'a', y: -3, width: 99, height: 1.5 }]), [{ x: 0, y: 0, width: 6, height: 6 }]);
  });

  test('no two widgets overlap, whatever the body says (seeded random bodies)', () => {
    let seed = 20261122;
    const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (let round = 0; round < 200; round += 1) {
      const specs = Array.from({ length: 1 + rand(25) }, () => ({
        x: rand(3) ? rand(24) : undefined,
        y: rand(3) ? rand(30) : undefined,
        width: rand(4) ? 1 + rand(24) : undefined,
        height: rand(4) ? 1 + rand(10) : undefined,
      }));
      const out = layoutWidgets(specs);
      assert.equal(out.length, specs.length);
      for (const b of out) assert.ok(b.x >= 0 && b.x + b.width <= 24 && b.y >= 0, `seed round ${round}: ${JSON.stringify(b)}`);
      assertNoOverlap(out, `round ${round} ${JSON.stringify(specs)}`);
    }
  });
});

function assertNoOverlap(boxes, why = '') {
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const a = boxes[i];
      const b = boxes[j];
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      assert.ok(!overlap, `${i} and ${j} overlap ${why}`);
    }
  }
}

describe('expandMetrics normalises metric rows', () => {
  const q = (props) => expandMetrics(props).queries.map((x) => [x.namespace, x.metricName, ...x.dimensions.flatMap((d) => [d.Name, d.Value])]);

  test('plain rows: namespace, name, dimension pairs', () => {
    assert.deepEqual(q({ metrics: [['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-1', 'Az', 'a']] }),
      [['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-1', 'Az', 'a']]);
  });

  test('"." takes the value at the same position in the previous metric', () => {
    assert.deepEqual(q({ metrics: [['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-1'], ['.', 'NetworkIn', '.', '.']] }), [
      ['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-1'],
      ['AWS/EC2', 'NetworkIn', 'InstanceId', 'i-1'],
    ]);
  });

  test('"..." repeats the previous metric up to the fields written after it', () => {
    assert.deepEqual(q({ metrics: [['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-1'], ['...', 'i-2'], ['...', 'i-3', { stat: 'Sum' }], ['...']] }), [
      ['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-1'],
      ['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-2'],
      ['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-3'],
      ['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-3'],
    ]);
  });

  test('"..." after explicit fields keeps them and fills the middle', () => {
    assert.deepEqual(q({ metrics: [['NS', 'A', 'Host', 'h1', 'Az', 'a'], ['NS', 'B', '...', 'b'], ['.', '...']] }), [
      ['NS', 'A', 'Host', 'h1', 'Az', 'a'],
      ['NS', 'B', 'Host', 'h1', 'Az', 'b'],
      ['NS', 'B', 'Host', 'h1', 'Az', 'b'],
    ]);
  });

  test('"..." stands for nothing when the fields after it are as many as the previous metric', () => {
    assert.deepEqual(q({ metrics: [['NS', 'A'], ['...', 'NS2', 'B']] }), [['NS', 'A'], ['NS2', 'B']]);
  });

  test('shorthands without a previous metric, or dangling dimensions, are notes and the row is skipped', () => {
    const { queries, notes } = expandMetrics({ metrics: [['...', 'x'], ['.', 'M'], ['NS', 'A', 'Host'], ['NS'], ['NS', 'A', '.', 'x'], ['...', '...'], [{ label: 'x' }]] });
    assert.equal(queries.length, 0);
    assert.deepEqual(paths(notes), [
      '/properties/metrics/0/0: "..." repeats the previous metric, but there is none',
      '/properties/metrics/1: "." repeats a value of the previous metric, but there is none',
      '/properties/metrics/2: Dimension Host has no value',
      '/properties/metrics/3: A metric needs a namespace and a metric name',
      '/properties/metrics/4: "." at position 2 has no value in the previous metric',
      '/properties/metrics/5: "..." may appear only once in a metric',
      '/properties/metrics/6: A metric needs a namespace and a metric name, or an expression in its options',
    ]);
  });

  test('defaults: Average, 300 s, left axis, visible, palette colours', () => {
    const [a, b] = expandMetrics({ metrics: [['NS', 'A'], ['NS', 'B']] }).queries;
    assert.equal(a.stat, 'Average');
    assert.equal(a.period, 300);
    assert.equal(a.yAxis, 'left');
    assert.equal(a.visible, true);
    assert.equal(a.color, PALETTE[0]);
    assert.equal(b.color, PALETTE[1]);
  });

  test('widget-level stat, period and region apply to every row; the options object overrides them', () => {
    const { queries, notes } = expandMetrics({
      stat: 'Maximum', period: 60, region: 'eu-west-1',
      metrics: [['NS', 'A'], ['NS', 'B', { stat: 'p99', period: 10, region: 'us-east-1', label: 'B p99', color: '#00ff00', yAxis: 'right', visible: false, id: 'b1' }]],
    });
    assert.deepEqual(notes, []);
    assert.deepEqual(queries.map(({ stat, period, region }) => [stat, period, region]), [['Maximum', 60, 'eu-west-1'], ['p99', 10, 'us-east-1']]);
    assert.deepEqual([queries[1].label, queries[1].color, queries[1].yAxis, queries[1].visible, queries[1].id], ['B p99', '#00ff00', 'right', false, 'b1']);
  });

  test('invalid periods and colours are notes and fall back to the defaults', () => {
    const { queries, notes } = expandMetrics({ period: 7, metrics: [['NS', 'A', { period: 90, color: 'red;background:url(x)' }]] });
    assert.equal(queries[0].period, 300);
    assert.equal(queries[0].color, PALETTE[0]);
    assert.deepEqual(paths(notes), [
      '/properties/period: The period must be 1, 5, 10, 20, 30 or a multiple of 60 seconds',
      '/properties/metrics/0/2/period: The period must be 1, 5, 10, 20, 30 or a multiple of 60 seconds',
      '/properties/metrics/0/2/color: A colour must be written #rrggbb',
    ]);
  });

  test('default labels are the metric name, made unique with dimension values, then stat', () => {
    const labels = (metrics) => expandMetrics({ metrics }).queries.map((x) => x.label);
    assert.deepEqual(labels([['NS', 'A', 'H', 'h1'], ['NS', 'B', 'H', 'h1']]), ['A', 'B']);
    assert.deepEqual(labels([['NS', 'A', 'H', 'h1'], ['...', 'h2']]), ['h1 A', 'h2 A']);
    assert.deepEqual(labels([['NS', 'A', 'H', 'h1'], ['...', { stat: 'Maximum' }]]), ['h1 A Average', 'h1 A Maximum']);
    assert.deepEqual(labels([['NS', 'A', { label: 'mine' }], ['NS', 'A']]), ['mine', 'A']);
  });

  test('expression rows are kept as expressions (not fetched)', () => {
    const { queries } = expandMetrics({ metrics: [['NS', 'A', { id: 'm1', visible: false }], [{ expression: 'm1*2', label: 'Double', id: 'e1' }]] });
    assert.equal(queries[1].expression, 'm1*2');
    assert.equal(queries[1].label, 'Double');
    assert.equal(queries[0].visible, false);
  });
});

describe('time ranges and periods', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');

  test('relative starts stay relative; absolute times become dates', () => {
    assert.deepEqual(parseRange('-PT6H', undefined, undefined, now), { range: { relative: 'PT6H' }, note: null });
    assert.deepEqual(parseRange('-P7D', undefined, undefined, now).range, { relative: 'P7D' });
    assert.deepEqual(parseRange('2026-11-22T00:00:00Z', '2026-11-22T06:00:00Z', undefined, now).range,
      { start: new Date('2026-11-22T00:00:00Z'), end: new Date('2026-11-22T06:00:00Z') });
    assert.deepEqual(parseRange('-PT6H', '-PT1H', undefined, now).range,
      { start: new Date(now - 6 * 3600_000), end: new Date(now - 3600_000) });
    assert.deepEqual(parseRange(undefined, undefined, undefined, now), { range: { relative: DEFAULT_RANGE }, note: null });
  });

  test('unusable texts give the fallback and a note', () => {
    assert.equal(parseRange('yesterday', undefined, undefined, now).note.field, 'start');
    assert.equal(parseRange('-PT1H', 'soon', undefined, now).note.field, 'end');
    assert.deepEqual(parseRange('2026-11-22T06:00:00Z', '2026-11-22T00:00:00Z', { relative: 'PT3H' }, now),
      { range: { relative: 'PT3H' }, note: { field: 'start', message: 'The start must be before the end' } });
  });

  test('rangeMillis', () => {
    assert.deepEqual(rangeMillis({ relative: 'PT3H' }, now), { startMillis: now - 3 * 3600_000, endMillis: now });
  });

  test('auto periods grow with the range; inherit keeps the widget period', () => {
    assert.equal(effectivePeriod(300, 3 * 3600_000), 300);
    assert.equal(effectivePeriod(60, 24 * 3600_000), 60);
    assert.equal(effectivePeriod(60, 7 * 86400_000), 600);
    assert.equal(effectivePeriod(1, 3 * 3600_000), 10);
    assert.equal(effectivePeriod(60, 7 * 86400_000, 'inherit'), 60);
    assert.equal(effectivePeriod(300, 5 * 365 * 86400_000), 172800);
  });

  test('a period covering the whole range is whole minutes', () => {
    assert.equal(periodForRange(3 * 3600_000), 10800);
    assert.equal(periodForRange(1000), 60);
    assert.equal(periodForRange(90_000), 120);
  });
});

describe('widgetRequest', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  const widget = (props) => renderModel(body({ widgets: [metricWidget(props)] })).widgets[0];

  test('the dashboard range and auto periods; invisible and expression rows are not fetched', () => {
    const w = widget({ period: 60, metrics: [['NS', 'A'], ['NS', 'B', { visible: false }], [{ expression: 'm1' }], ['NS', 'C', { period: 1 }]] });
    const r = widgetRequest(w, { relative: 'P7D' }, 'auto', now);
    assert.equal(r.key, 0);
    assert.deepEqual([r.startMillis, r.endMillis], [now - 7 * 86400_000, now]);
    assert.deepEqual(r.queries.map((q) => [q.metricName, q.period]), [['A', 600], ['C', 600]]);
    assert.deepEqual(widgetRequest(w, { relative: 'P7D' }, 'inherit', now).queries.map((q) => q.period), [60, 1]);
  });

  test('a widget range wins over the dashboard range; setPeriodToTimeRange asks one period for all of it', () => {
    const w = widget({ start: '-PT1H', view: 'singleValue', setPeriodToTimeRange: true, metrics: [['NS', 'A']] });
    const r = widgetRequest(w, { relative: 'P1D' }, 'auto', now);
    assert.deepEqual([r.startMillis, r.endMillis], [now - 3600_000, now]);
    assert.deepEqual(r.queries.map((q) => q.period), [3600]);
  });
});

describe('renderModel', () => {
  test('dashboard range, periodOverride and reading order', () => {
    const m = renderModel(body({
      start: '-PT12H', periodOverride: 'inherit',
      widgets: [
        { type: 'text', x: 12, y: 0, properties: { markdown: 'b' } },
        { type: 'text', x: 0, y: 0, properties: { markdown: 'a' } },
        { type: 'text', x: 0, y: 6, properties: { markdown: 'c' } },
      ],
    }));
    assert.deepEqual(m.range, { relative: 'PT12H' });
    assert.equal(m.periodOverride, 'inherit');
    assert.deepEqual(m.widgets.map((w) => w.index), [1, 0, 2]);
    assert.deepEqual(m.problems, []);
  });

  test('a metric widget: view, stacked, title, range, y axis, annotations', () => {
    const [w] = renderModel(body({
      widgets: [metricWidget({
        metrics: [['NS', 'Latency', 'Host', 'web-1']], view: 'singleValue', sparkline: true, stacked: true,
        start: '-PT1H', yAxis: { left: { min: 0, max: 100, label: 'ms' } },
        annotations: { horizontal: [{ value: 80, label: 'slow', color: '#ff0000' }, [{ value: 10 }, { value: 20, label: 'band' }], { value: 5, visible: false }] },
      })],
    })).widgets;
    assert.equal(w.type, 'metric');
    assert.equal(w.title, 'Latency');
    assert.equal(w.metric.view, 'singleValue');
    assert.equal(w.metric.sparkline, true);
    assert.equal(w.metric.stacked, true);
    assert.deepEqual(w.metric.range, { relative: 'PT1H' });
    assert.deepEqual([w.metric.yMin, w.metric.yMax, w.metric.yLabel], [0, 100, 'ms']);
    assert.deepEqual(w.metric.thresholds.map((t) => [t.value, t.label]), [[80, 'slow'], [10, ''], [20, 'band']]);
  });

  test('a metric widget without a title is named after its metrics; the default view is a line graph', () => {
    const [w] = renderModel(body({ widgets: [metricWidget({ metrics: [['NS', 'A'], ['NS', 'B'], ['NS', 'C'], ['NS', 'D']] })] })).widgets;
    assert.equal(w.title, 'A, B, C, …');
    assert.equal(w.metric.view, 'timeSeries');
    assert.equal(w.metric.stacked, false);
    assert.equal(w.metric.range, null);
  });

  test('views this dashboard does not draw become single values with a note; expressions get a note', () => {
    const [w] = renderModel(body({ widgets: [metricWidget({ view: 'pie', metrics: [['NS', 'A', { id: 'a' }], [{ expression: 'a*2' }]] })] })).widgets;
    assert.equal(w.metric.view, 'singleValue');
    assert.deepEqual(paths(w.notes), [
      '/widgets/0/properties/view: The pie view is not drawn by this dashboard yet; showing single values',
      '/widgets/0/properties/metrics/1: Metric math expressions are not implemented by this Synaps server yet',
    ]);
    assert.equal(w.metric.visibleQueries.length, 1);
  });

  test('text widgets get their HTML from the injected markdown function', () => {
    const seen = [];
    const markdown = (md) => { seen.push(md); return `<h1>${md.length}</h1>`; };
    const [w] = renderModel(body({ widgets: [{ type: 'text', properties: { markdown: '# Runbook\nCall **ops**.', background: 'transparent' } }] }), { markdown }).widgets;
    assert.deepEqual(seen, ['# Runbook\nCall **ops**.']);
    assert.equal(w.text.html, '<h1>23</h1>');
    assert.equal(w.text.background, 'transparent');
    assert.match(dashboardHtml({ widgets: [w] }), /<div class="dash-widget-body dash-markdown"><h1>23<\/h1><\/div>/);
  });

  test('without a markdown function, text widgets are escaped text', () => {
    assert.equal(plainMarkdown('a <b>\nc\n\nd&'), '<p>a &lt;b&gt;<br>c</p><p>d&amp;</p>');
    const [w] = renderModel(body({ widgets: [{ type: 'text', properties: { markdown: '<script>alert(1)</script>' } }] })).widgets;
    assert.ok(!w.text.html.includes('<script>'));
  });

  test('alarm widgets: ARNs become names (colons kept), other texts are notes', () => {
    const [w] = renderModel(body({
      widgets: [{ type: 'alarm', properties: { title: 'On call', sortBy: 'stateUpdatedTimestamp', states: ['ALARM', 'BOGUS'], alarms: [
        'arn:aws:cloudwatch:us-east-1:123456789012:alarm:high-cpu',
        'arn:aws:cloudwatch:us-east-1:123456789012:alarm:a:b',
        'high-cpu-without-arn',
        'arn:aws:cloudwatch:us-east-1:123456789012:alarm:high-cpu',
      ] } }],
    })).widgets;
    assert.equal(w.title, 'On call');
    assert.deepEqual(w.alarm.alarms.map((a) => a.name), ['high-cpu', 'a:b']);
    assert.equal(w.alarm.sortBy, 'stateUpdatedTimestamp');
    assert.deepEqual(w.alarm.states, ['ALARM']);
    assert.deepEqual(paths(w.notes), ['/widgets/0/properties/alarms/2: Should be a CloudWatch alarm ARN (arn:aws:cloudwatch:<region>:<account>:alarm:<name>)']);
    assert.equal(alarmNameFromArn('arn:aws:sns:us-east-1:1:topic'), null);
    const [d] = renderModel(body({ widgets: [{ type: 'alarm', properties: { alarms: [] } }] })).widgets;
    assert.equal(d.title, 'Alarm Status');
  });

  test('sortAlarms orders as CloudWatch documents sortBy, and filters states', () => {
    const items = [
      { name: 'b', state: 'OK', updated: 3 },
      { name: 'a', state: 'ALARM', updated: 1 },
      { name: 'c', state: 'INSUFFICIENT_DATA', updated: 2 },
      { name: 'd', state: 'ALARM', updated: 4 },
    ];
    assert.deepEqual(sortAlarms(items).map((a) => a.name), ['a', 'b', 'c', 'd']);
    assert.deepEqual(sortAlarms(items, 'stateUpdatedTimestamp').map((a) => a.name), ['d', 'a', 'c', 'b']);
    assert.deepEqual(sortAlarms(items, 'timestamp').map((a) => a.name), ['d', 'b', 'c', 'a']);
    assert.deepEqual(sortAlarms(items, 'default', ['ALARM', 'OK']).map((a) => a.name), ['a', 'b', 'd']);
    assert.deepEqual(items.map((a) => a.name), ['b', 'a', 'c', 'd'], 'the input is left alone');
  });

  test('log, custom and explorer widgets are placeholders with a note', () => {
    const ws = renderModel(body({ widgets: [{ type: 'log', properties: { query: 'x', title: 'Errors' } }, { type: 'explorer', properties: {} }] })).widgets;
    assert.deepEqual(ws.map((w) => [w.type, w.title]), [['log', 'Errors'], ['explorer', 'Explorer widget']]);
    assert.deepEqual(ws[0].notes.map((n) => n.message), ['log widgets are not supported by this Synaps server']);
  });

  test('an invalid body still renders what it can and lists the problems', () => {
    const m = renderModel(body({ widgets: [metricWidget({}), { type: 'pie', properties: {} }, { type: 'text', properties: { markdown: 'ok' } }] }));
    assert.deepEqual(paths(m.problems), ["/widgets/0/properties: Should have required property 'metrics'", '/widgets/1/type: Should be equal to one of the allowed values']);
    assert.deepEqual(m.widgets.map((w) => w.type), ['metric', 'unknown', 'text']);
    assert.deepEqual(paths(m.widgets[1].notes), ['/widgets/1/type: Should be equal to one of the allowed values']);
    const bad = renderModel('{oops');
    assert.deepEqual(bad.widgets, []);
    assert.deepEqual(paths(bad.problems), [`: ${INVALID_JSON}`]);
  });
});

describe('dashboardHtml', () => {
  const evil = '<img src=x onerror=alert(1)>"\'&';

  test('one section per widget with the test ids, types and grid placement', () => {
    const html = dashboardHtml(renderModel(body({ widgets: [
      metricWidget({ metrics: [['NS', 'A']] }, { x: 0, y: 0, width: 12, height: 6 }),
      { type: 'text', x: 12, y: 0, width: 12, height: 6, properties: { markdown: 'x' } },
      { type: 'alarm', x: 0, y: 6, width: 24, height: 3, properties: { alarms: ['arn:aws:cloudwatch:r:1:alarm:hot'] } },
    ] })));
    const sections = [...html.matchAll(/<section [^>]*data-testid="widget" data-type="(\w+)"[^>]*style="([^"]*)"/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(sections, [
      ['metric', '--gc:1 / span 12;--gr:1 / span 6;--h:6;--wm:12'],
      ['text', '--gc:13 / span 12;--gr:1 / span 6;--h:6;--wm:12'],
      ['alarm', '--gc:1 / span 24;--gr:7 / span 3;--h:3;--wm:24'],
    ]);
    assert.match(html, /data-alarm-name="hot" data-state="INSUFFICIENT_DATA"/);
    assert.match(html, /<a href="#\/alarms\/hot">hot<\/a>/);
  });

  test('titles, labels, alarm names, notes and types from the body are escaped', () => {
    const m = renderModel(body({ widgets: [
      metricWidget({ title: evil, metrics: [['NS', 'A', { color: evil }]] }),
      metricWidget({ metrics: [[evil, evil]] }),
      { type: 'alarm', properties: { title: evil, alarms: [`arn:aws:cloudwatch:r:1:alarm:${evil}`, evil] } },
      { type: 'log', properties: { query: 'q', title: evil } },
    ] }));
    const html = dashboardHtml(m);
    assert.ok(!html.includes('<img'), html);
    assert.ok(!/onerror=alert\(1\)>/.test(html.replace(/&lt;img src=x onerror=alert\(1\)&gt;/g, '')), html);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&amp;/);
    assert.match(html, /href="#\/alarms\/%3Cimg%20src%3Dx%20onerror%3Dalert\(1\)%3E%22'%26"/);
  });

  test('alarm items show the state with its label and class', () => {
    assert.equal(alarmItemHtml('x', 'ALARM'),
      '<li class="dash-alarm-item" data-alarm-name="x" data-state="ALARM"><span class="dash-alarm-state state-alarm">In alarm</span><a href="#/alarms/x">x</a></li>');
    assert.match(alarmItemHtml('x', 'bogus'), /data-state="INSUFFICIENT_DATA"/);
  });
});
