// The dashboard-body renderer model: pure functions from a PutDashboard body (text) to what the
// dashboard view draws. No DOM and no network here, so Node's test runner imports it; markdown
// is turned into HTML by a function the caller injects (the browser passes marked + DOMPurify).
import { escapeHtml, parseDuration, stateClass, stateLabel } from '../format.js';
import { PALETTE } from '../graph.js';

/** Columns of CloudWatch's dashboard grid. */
export const GRID_COLUMNS = 24;
/** Widget size when the body leaves it out, in grid units (CloudWatch's defaults). */
export const DEFAULT_WIDTH = 6;
export const DEFAULT_HEIGHT = 6;
/** Metric widget defaults (CloudWatch's): 5-minute period, Average, the last 3 hours. */
export const DEFAULT_PERIOD = 300;
export const DEFAULT_STAT = 'Average';
export const DEFAULT_RANGE = 'PT3H';
/** Widget types the body structure defines (DashboardBodyRules.WIDGET_TYPES on the server). */
export const WIDGET_TYPES = ['metric', 'text', 'log', 'alarm', 'explorer', 'custom'];
/** The message Synaps answers for a body that is not one JSON value. */
export const INVALID_JSON = 'The field DashboardBody must be a valid JSON object';
/** Most datapoints one series gets before an `auto` period grows (GetMetricStatistics' limit). */
export const MAX_POINTS_PER_SERIES = 1440;

const WIDGETS_MAX = 500;
const METRICS_PER_WIDGET_MAX = 500;
const METRICS_PER_DASHBOARD_MAX = 2500;
const ALARM_STATES = ['ALARM', 'INSUFFICIENT_DATA', 'OK'];
// Periods an `auto` period steps through; all valid for GetMetricData (1, 5, 10, 20, 30, n*60).
const NICE_PERIODS = [1, 5, 10, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
const VIEWS = ['timeSeries', 'singleValue', 'gauge', 'bar', 'pie', 'table'];

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInteger = (v) => typeof v === 'number' && Number.isInteger(v);

// ---------------------------------------------------------------------------------------------
// Validation: the same rules, data paths and messages as the server's DashboardBodyRules, so the
// editor and the view show exactly what PutDashboard would answer.

/**
 * Parses a body and checks it like PutDashboard does. Returns `{root, problems}`: root is the
 * parsed value (undefined when the text is not JSON), problems `[{dataPath, message}]` in
 * document order (empty when PutDashboard would accept the body).
 */
export function validateBody(text) {
  let root;
  try {
    root = JSON.parse(String(text ?? ''));
  } catch {
    return { root: undefined, problems: [{ dataPath: '', message: INVALID_JSON }] };
  }
  return { root, problems: bodyProblems(root) };
}

/** Every problem of a parsed body, in document order (DashboardBodyRules.problems). */
export function bodyProblems(root) {
  const out = [];
  if (!isObject(root)) {
    out.push(problem('', 'Should be object'));
    return out;
  }
  const widgets = root.widgets;
  if (widgets === undefined) {
    out.push(problem('', "Should have required property 'widgets'"));
    return out;
  }
  if (!Array.isArray(widgets)) {
    out.push(problem('/widgets', 'Should be array'));
    return out;
  }
  if (widgets.length > WIDGETS_MAX) out.push(problem('/widgets', `Should NOT have more than ${WIDGETS_MAX} items`));
  let metrics = 0;
  widgets.forEach((w, i) => { metrics += widgetProblems(w, `/widgets/${i}`, out); });
  if (metrics > METRICS_PER_DASHBOARD_MAX) {
    out.push(problem('/widgets', `Should NOT have more than ${METRICS_PER_DASHBOARD_MAX} metrics in total`));
  }
  return out;
}

function problem(dataPath, message) {
  return { dataPath, message };
}

function widgetProblems(w, path, out) {
  if (!isObject(w)) {
    out.push(problem(path, 'Should be object'));
    return 0;
  }
  let type = null;
  if (w.type === undefined) {
    out.push(problem(path, "Should have required property 'type'"));
  } else if (typeof w.type !== 'string' || !WIDGET_TYPES.includes(w.type)) {
    out.push(problem(`${path}/type`, 'Should be equal to one of the allowed values'));
  } else {
    type = w.type;
  }
  integerProblem(w, 'x', path, 0, 23, out);
  integerProblem(w, 'y', path, 0, Number.MAX_SAFE_INTEGER, out);
  integerProblem(w, 'width', path, 1, 24, out);
  integerProblem(w, 'height', path, 1, 1000, out);
  if (type === null) return 0;
  const props = w.properties;
  if (props === undefined) {
    out.push(problem(path, "Should have required property 'properties'"));
    return 0;
  }
  const pp = `${path}/properties`;
  if (!isObject(props)) {
    out.push(problem(pp, 'Should be object'));
    return 0;
  }
  switch (type) {
    case 'metric': return metricsProblems(props, pp, out);
    case 'text': requiredText(props, 'markdown', pp, out); break;
    case 'log': requiredText(props, 'query', pp, out); break;
    case 'custom': requiredText(props, 'endpoint', pp, out); break;
    case 'alarm':
      if (props.alarms === undefined) out.push(problem(pp, "Should have required property 'alarms'"));
      else if (!Array.isArray(props.alarms)) out.push(problem(`${pp}/alarms`, 'Should be array'));
      else props.alarms.forEach((a, i) => { if (typeof a !== 'string') out.push(problem(`${pp}/alarms/${i}`, 'Should be string')); });
      break;
    default: // explorer: free-form properties
  }
  return 0;
}

function metricsProblems(props, pp, out) {
  const metrics = props.metrics;
  if (metrics === undefined) {
    out.push(problem(pp, "Should have required property 'metrics'"));
    return 0;
  }
  const mp = `${pp}/metrics`;
  if (!Array.isArray(metrics)) {
    out.push(problem(mp, 'Should be array'));
    return 0;
  }
  if (metrics.length > METRICS_PER_WIDGET_MAX) out.push(problem(mp, `Should NOT have more than ${METRICS_PER_WIDGET_MAX} items`));
  metrics.forEach((m, j) => {
    const path = `${mp}/${j}`;
    if (!Array.isArray(m)) {
      out.push(problem(path, 'Should be array'));
    } else if (m.length === 0) {
      out.push(problem(path, 'Should NOT have fewer than 1 items'));
    } else {
      m.forEach((field, k) => {
        const last = k === m.length - 1;
        if (typeof field !== 'string' && !(last && isObject(field))) {
          out.push(problem(`${path}/${k}`, 'Invalid metric field type, only "String" type is allowed'));
        }
      });
    }
  });
  return metrics.length;
}

function requiredText(props, name, pp, out) {
  if (props[name] === undefined) out.push(problem(pp, `Should have required property '${name}'`));
  else if (typeof props[name] !== 'string') out.push(problem(`${pp}/${name}`, 'Should be string'));
}

function integerProblem(w, name, path, min, max, out) {
  const v = w[name];
  if (v === undefined) return;
  const p = `${path}/${name}`;
  if (!isInteger(v)) out.push(problem(p, 'Should be integer'));
  else if (v < min) out.push(problem(p, `Should be >= ${min}`));
  else if (v > max) out.push(problem(p, `Should be <= ${max}`));
}

/**
 * Where text stops being JSON: `{offset, line, column}` (line and column 1-based) of the first
 * character a JSON parser cannot accept (the end of the text when it stops early), or null when
 * the text is one JSON value. JSON.parse's own messages do not always say where.
 */
export function jsonErrorAt(text) {
  const s = String(text ?? '');
  let i = 0;
  const fail = () => { throw i; };
  const ws = () => { while (i < s.length && ' \t\n\r'.includes(s[i])) i += 1; };
  const lit = (word) => { if (s.startsWith(word, i)) i += word.length; else fail(); };
  const str = () => {
    i += 1;
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\') {
        i += 1;
        if (s[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) fail(); i += 4; } else if (!'"\\/bfnrt'.includes(s[i] ?? 'x')) fail();
      } else if (s.charCodeAt(i) < 0x20) fail();
      i += 1;
    }
    if (i >= s.length) fail();
    i += 1;
  };
  const num = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(i));
    if (!m) fail();
    i += m[0].length;
  };
  const value = () => {
    ws();
    const c = s[i];
    if (c === '{') {
      i += 1; ws();
      if (s[i] === '}') { i += 1; return; }
      for (;;) {
        ws(); if (s[i] !== '"') fail(); str(); ws();
        if (s[i] !== ':') fail(); i += 1; value(); ws();
        if (s[i] === ',') { i += 1; continue; }
        if (s[i] === '}') { i += 1; return; }
        fail();
      }
    } else if (c === '[') {
      i += 1; ws();
      if (s[i] === ']') { i += 1; return; }
      for (;;) {
        value(); ws();
        if (s[i] === ',') { i += 1; continue; }
        if (s[i] === ']') { i += 1; return; }
        fail();
      }
    } else if (c === '"') str();
    else if (c === 't') lit('true');
    else if (c === 'f') lit('false');
    else if (c === 'n') lit('null');
    else num();
  };
  try {
    value();
    ws();
    if (i < s.length) fail();
    return null;
  } catch (at) {
    if (typeof at !== 'number') throw at;
    const offset = Math.min(at, s.length);
    const before = s.slice(0, offset);
    const line = before.split('\n').length;
    return { offset, line, column: offset - before.lastIndexOf('\n') };
  }
}

// ---------------------------------------------------------------------------------------------
// Layout on the 24-column grid.

/**
 * Places widgets on CloudWatch's 24-column grid. Input: `[{x, y, width, height}]` as written in
 * the body (any may be missing or invalid); output, in the same order, `{x, y, width, height}`
 * all integers. Rules: width/height default to 6 (and invalid values too); a widget wider than
 * what is left right of its x moves left; widgets with both x and y are put there, the others at
 * the next free position left to right, top to bottom, after the previous auto-placed widget
 * (a given x or y is kept); then, as the CloudWatch console does, widgets float up into empty
 * space above them, in top-to-bottom order, and widgets that overlap are pushed down below the
 * ones placed before them, so no two widgets ever overlap.
 */
export function layoutWidgets(specs) {
  const boxes = specs.map((s) => {
    const width = isInteger(s?.width) && s.width >= 1 && s.width <= GRID_COLUMNS ? s.width : DEFAULT_WIDTH;
    const height = isInteger(s?.height) && s.height >= 1 && s.height <= 1000 ? s.height : DEFAULT_HEIGHT;
    const x = isInteger(s?.x) && s.x >= 0 && s.x < GRID_COLUMNS ? Math.min(s.x, GRID_COLUMNS - width) : undefined;
    const y = isInteger(s?.y) && s.y >= 0 ? s.y : undefined;
    return { x, y, width, height };
  });
  const placed = [];
  boxes.forEach((b, i) => { if (b.x !== undefined && b.y !== undefined) placed.push({ ...b, index: i }); });
  let cursor = { x: 0, y: 0 };
  boxes.forEach((b, i) => {
    if (b.x !== undefined && b.y !== undefined) return;
    const spot = firstFree(placed, b, cursor);
    placed.push({ ...b, x: spot.x, y: spot.y, index: i });
    if (b.y === undefined) cursor = { x: spot.x + b.width, y: spot.y };
  });
  // Gravity: in top-to-bottom, left-to-right order, each widget drops to just below the widgets
  // already settled in its columns (which also resolves overlaps in favour of the earlier one).
  const order = [...placed].sort((a, b) => a.y - b.y || a.x - b.x || a.index - b.index);
  const settled = [];
  const out = new Array(boxes.length);
  for (const w of order) {
    let y = 0;
    for (const s of settled) {
      if (s.x < w.x + w.width && w.x < s.x + s.width) y = Math.max(y, s.y + s.height);
    }
    const box = { x: w.x, y, width: w.width, height: w.height };
    settled.push(box);
    out[w.index] = box;
  }
  return out;
}

/**
 * The first position (row-major) where box fits without overlapping `placed`: at a given x or y
 * when the box has one, else at or after the cursor. Only rows that are the cursor's row, the one
 * after it, or the bottom edge of a placed widget, and columns that are the lower bound or the
 * right edge of a placed widget can hold the first free position, so only those are tried.
 */
function firstFree(placed, box, cursor) {
  const fits = (x, y) => x + box.width <= GRID_COLUMNS
    && placed.every((p) => p.x >= x + box.width || x >= p.x + p.width || p.y >= y + box.height || y >= p.y + p.height);
  const fromY = box.y ?? cursor.y;
  const rows = box.y !== undefined ? [box.y] : [fromY, fromY + 1];
  for (const p of placed) if (p.y + p.height > fromY) rows.push(p.y + p.height);
  const uniqueRows = [...new Set(rows)].sort((a, b) => a - b);
  for (const y of uniqueRows) {
    if (box.y !== undefined && y !== box.y && y < box.y) continue;
    const minX = box.y === undefined && y === cursor.y ? cursor.x : 0;
    if (box.x !== undefined) {
      if (box.x >= minX && fits(box.x, y)) return { x: box.x, y };
      continue;
    }
    const cols = [...new Set([minX, ...placed.map((p) => p.x + p.width).filter((c) => c >= minX)])].sort((a, b) => a - b);
    for (const x of cols) if (fits(x, y)) return { x, y };
  }
  // Below everything: always free.
  const bottom = placed.reduce((m, p) => Math.max(m, p.y + p.height), fromY);
  return { x: box.x ?? 0, y: bottom };
}

// ---------------------------------------------------------------------------------------------
// Time ranges and periods.

/**
 * A dashboard or widget time range from the body's `start`/`end` texts: a relative ISO-8601
 * duration (`-PT3H`, `-P7D`) or an absolute ISO-8601 time. Returns `{range, note}`: range is
 * `{relative:'PT3H'}` (end = now) or `{start: Date, end: Date}`, as metricChart takes it; note
 * is a message when the texts could not be used (then the fallback is returned).
 */
export function parseRange(start, end, fallback = { relative: DEFAULT_RANGE }, now = Date.now()) {
  if (start === undefined && end === undefined) return { range: fallback, note: null };
  if (typeof start !== 'string' || !start.trim()) {
    return { range: fallback, note: { field: 'start', message: 'Should be an ISO 8601 duration such as -PT3H or an ISO 8601 time' } };
  }
  const s = timePoint(start, now);
  if (s === null) return { range: fallback, note: { field: 'start', message: 'Should be an ISO 8601 duration such as -PT3H or an ISO 8601 time' } };
  let e = null;
  if (end !== undefined) {
    e = typeof end === 'string' ? timePoint(end, now) : null;
    if (e === null) return { range: fallback, note: { field: 'end', message: 'Should be an ISO 8601 duration such as -PT1H or an ISO 8601 time' } };
  }
  if (e === null && s.relative) return { range: { relative: s.relative }, note: null };
  const startMillis = s.millis;
  const endMillis = e === null ? now : e.millis;
  if (startMillis >= endMillis) return { range: fallback, note: { field: 'start', message: 'The start must be before the end' } };
  return { range: { start: new Date(startMillis), end: new Date(endMillis) }, note: null };
}

function timePoint(text, now) {
  const t = text.trim();
  if (/^-?P/i.test(t)) {
    try {
      const ms = parseDuration(t);
      if (ms <= 0) return null;
      return { millis: now - ms, relative: t.replace(/^-/, '').toUpperCase() };
    } catch {
      return null;
    }
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return null;
  const millis = Date.parse(t);
  return Number.isNaN(millis) ? null : { millis, relative: null };
}

/** `{startMillis, endMillis}` of a range at `now`. */
export function rangeMillis(range, now = Date.now()) {
  if (range.relative) return { startMillis: now - parseDuration(range.relative), endMillis: now };
  return { startMillis: range.start.getTime(), endMillis: range.end.getTime() };
}

/**
 * The period a query uses. `inherit`: the configured one. `auto` (CloudWatch's default): the
 * configured one, grown to the next usual period while the range would hold more than
 * MAX_POINTS_PER_SERIES points, so a week of a 1-minute metric is still readable.
 */
export function effectivePeriod(configured, rangeMs, periodOverride = 'auto') {
  if (periodOverride === 'inherit') return configured;
  let p = configured;
  while (rangeMs / (p * 1000) > MAX_POINTS_PER_SERIES) {
    const next = NICE_PERIODS.find((n) => n > p);
    if (next === undefined) return Math.ceil(rangeMs / 1000 / MAX_POINTS_PER_SERIES / 86400) * 86400;
    p = next;
  }
  return p;
}

/** A period covering a whole range (singleValue's setPeriodToTimeRange): whole minutes, at least 60 s. */
export function periodForRange(rangeMs) {
  return Math.max(60, Math.ceil(rangeMs / 60000) * 60);
}

/**
 * What to fetch for a metric widget: `{key, startMillis, endMillis, queries}` (data.js's request
 * shape) with each visible query's effective period: the whole range for a singleValue widget with
 * setPeriodToTimeRange, else effectivePeriod under the dashboard's periodOverride. The widget's
 * own range wins over the dashboard's.
 */
export function widgetRequest(widget, dashboardRange, periodOverride = 'auto', now = Date.now()) {
  const m = widget.metric;
  const { startMillis, endMillis } = rangeMillis(m.range ?? dashboardRange, now);
  const span = endMillis - startMillis;
  const wholeRange = m.view === 'singleValue' && m.setPeriodToTimeRange;
  return {
    key: widget.index,
    startMillis,
    endMillis,
    queries: m.visibleQueries.map((q) => ({ ...q, period: wholeRange ? periodForRange(span) : effectivePeriod(q.period, span, periodOverride) })),
  };
}

function validPeriod(p) {
  return isInteger(p) && p >= 1 && ([1, 5, 10, 20, 30].includes(p) || p % 60 === 0);
}

// ---------------------------------------------------------------------------------------------
// Metric widgets.

/**
 * Expands a metric widget's `metrics` rows into queries. Shorthands, as CloudWatch reads them:
 * `"."` is the value at the same position in the previous metric; `"..."` stands for the previous
 * metric's values from its position up to where the fields after it take over (so
 * `["...", "i-2"]` is the previous metric with its last value replaced, and `["..."]` repeats it).
 * The trailing options object (`stat`, `period`, `label`, `color`, `yAxis`, `visible`, `id`,
 * `expression`, `region`) overrides the widget's `stat`/`period`/`region`. Returns
 * `{queries, notes}`; notes `[{dataPath, message}]` describe rows that cannot be drawn.
 */
export function expandMetrics(props, path = '/properties') {
  const notes = [];
  const queries = [];
  const widgetStat = typeof props.stat === 'string' && props.stat ? props.stat : DEFAULT_STAT;
  let widgetPeriod = DEFAULT_PERIOD;
  if (props.period !== undefined) {
    if (validPeriod(props.period)) widgetPeriod = props.period;
    else notes.push(problem(`${path}/period`, 'The period must be 1, 5, 10, 20, 30 or a multiple of 60 seconds'));
  }
  const widgetRegion = typeof props.region === 'string' ? props.region : undefined;
  const rows = Array.isArray(props.metrics) ? props.metrics : [];
  let previous = null;
  rows.forEach((row, j) => {
    const rp = `${path}/metrics/${j}`;
    if (!Array.isArray(row) || row.length === 0) return; // a validation problem already
    const options = isObject(row[row.length - 1]) ? row[row.length - 1] : {};
    const fields = isObject(row[row.length - 1]) ? row.slice(0, -1) : row;
    if (fields.some((f) => typeof f !== 'string')) return; // a validation problem already
    const base = { index: j, ...rowOptions(options, `${rp}/${row.length - 1}`, notes, widgetStat, widgetPeriod, widgetRegion) };
    if (fields.length === 0) {
      if (typeof options.expression === 'string' && options.expression.trim()) {
        queries.push({ ...base, expression: options.expression });
      } else {
        notes.push(problem(rp, 'A metric needs a namespace and a metric name, or an expression in its options'));
      }
      return;
    }
    const expanded = expandShorthands(fields, previous, rp, notes);
    if (!expanded) return;
    previous = expanded;
    const [namespace, metricName, ...pairs] = expanded;
    if (!namespace || expanded.length < 2 || !metricName) {
      notes.push(problem(rp, 'A metric needs a namespace and a metric name'));
      return;
    }
    if (pairs.length % 2 !== 0) {
      notes.push(problem(rp, `Dimension ${pairs[pairs.length - 1]} has no value`));
      return;
    }
    const dimensions = [];
    for (let k = 0; k < pairs.length; k += 2) dimensions.push({ Name: pairs[k], Value: pairs[k + 1] });
    queries.push({ ...base, namespace, metricName, dimensions });
  });
  assignLabelsAndColors(queries);
  return { queries, notes, stat: widgetStat, period: widgetPeriod, region: widgetRegion };
}

function expandShorthands(fields, previous, rp, notes) {
  const dots = fields.indexOf('...');
  let expanded = fields;
  if (dots >= 0) {
    if (fields.indexOf('...', dots + 1) >= 0) {
      notes.push(problem(rp, '"..." may appear only once in a metric'));
      return null;
    }
    if (!previous) {
      notes.push(problem(`${rp}/${dots}`, '"..." repeats the previous metric, but there is none'));
      return null;
    }
    const before = fields.slice(0, dots);
    const after = fields.slice(dots + 1);
    expanded = [...before, ...previous.slice(dots, Math.max(dots, previous.length - after.length)), ...after];
  }
  const out = [];
  for (let k = 0; k < expanded.length; k++) {
    if (expanded[k] !== '.') {
      out.push(expanded[k]);
    } else if (previous && k < previous.length) {
      out.push(previous[k]);
    } else {
      notes.push(problem(rp, previous
        ? `"." at position ${k} has no value in the previous metric`
        : '"." repeats a value of the previous metric, but there is none'));
      return null;
    }
  }
  return out;
}

function rowOptions(o, op, notes, widgetStat, widgetPeriod, widgetRegion) {
  const out = { stat: widgetStat, period: widgetPeriod, visible: true, yAxis: 'left' };
  const at = (name) => `${op}/${name}`;
  if (typeof o.stat === 'string' && o.stat) out.stat = o.stat;
  if (o.period !== undefined) {
    if (validPeriod(o.period)) out.period = o.period;
    else notes.push(problem(at('period'), 'The period must be 1, 5, 10, 20, 30 or a multiple of 60 seconds'));
  }
  if (typeof o.label === 'string') out.label = o.label;
  if (o.color !== undefined) {
    if (typeof o.color === 'string' && /^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$/.test(o.color)) out.color = o.color;
    else notes.push(problem(at('color'), 'A colour must be written #rrggbb'));
  }
  if (o.yAxis === 'right') out.yAxis = 'right';
  if (o.visible === false) out.visible = false;
  if (typeof o.id === 'string' && o.id) out.id = o.id;
  out.region = typeof o.region === 'string' ? o.region : widgetRegion;
  return out;
}

/** Default labels (the metric name, made unique with dimension values, stat, period) and palette colours. */
function assignLabelsAndColors(queries) {
  const base = (q) => (q.expression !== undefined ? (q.id ?? q.expression) : q.metricName);
  const candidates = [
    base,
    (q) => [...(q.dimensions ?? []).map((d) => d.Value), base(q)].join(' '),
    (q) => `${[...(q.dimensions ?? []).map((d) => d.Value), base(q)].join(' ')} ${q.stat}`,
    (q) => `${[...(q.dimensions ?? []).map((d) => d.Value), base(q)].join(' ')} ${q.stat} ${q.period}s`,
  ];
  const unlabelled = queries.filter((q) => q.label === undefined);
  for (const q of unlabelled) {
    for (const candidate of candidates) {
      q.label = candidate(q);
      if (queries.filter((o) => o !== q && (o.label ?? base(o)) === q.label).length === 0
        && unlabelled.filter((o) => o !== q && candidate(o) === q.label).length === 0) break;
    }
  }
  queries.forEach((q, i) => { if (!q.color) q.color = PALETTE[i % PALETTE.length]; });
}

/** A metric widget's title: its `title`, else its metrics' names (as the console makes one up). */
function metricTitle(props, queries) {
  if (typeof props.title === 'string' && props.title.trim()) return props.title;
  const names = [...new Set(queries.filter((q) => q.visible).map((q) => q.metricName ?? q.label))];
  if (names.length === 0) return 'Untitled graph';
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')}, …`;
}

function metricWidget(props, path, dashboard) {
  const { queries, notes, region } = expandMetrics(props, path);
  let view = 'timeSeries';
  if (props.view !== undefined) {
    if (props.view === 'timeSeries' || props.view === 'singleValue') view = props.view;
    else if (VIEWS.includes(props.view)) {
      view = 'singleValue';
      notes.push(problem(`${path}/view`, `The ${props.view} view is not drawn by this dashboard yet; showing single values`));
    } else {
      notes.push(problem(`${path}/view`, 'Should be equal to one of the allowed values'));
    }
  }
  for (const q of queries) {
    if (q.expression !== undefined) {
      notes.push(problem(`${path}/metrics/${q.index}`, 'Metric math expressions are not implemented by this Synaps server yet'));
    }
  }
  const { range, note } = props.start !== undefined || props.end !== undefined
    ? parseRange(props.start, props.end, null)
    : { range: null, note: null };
  if (note) notes.push(problem(`${path}/${note.field}`, note.message));
  const yLeft = isObject(props.yAxis) && isObject(props.yAxis.left) ? props.yAxis.left : {};
  const thresholds = [];
  const horizontal = isObject(props.annotations) && Array.isArray(props.annotations.horizontal) ? props.annotations.horizontal : [];
  for (const a of horizontal) {
    // A band is a pair of annotations; its edges are drawn as two lines.
    for (const edge of Array.isArray(a) ? a : [a]) {
      if (isObject(edge) && typeof edge.value === 'number' && edge.visible !== false) {
        thresholds.push({ value: edge.value, label: typeof edge.label === 'string' ? edge.label : '', color: typeof edge.color === 'string' && /^#[0-9a-fA-F]{3,6}$/.test(edge.color) ? edge.color : '#d62728' });
      }
    }
  }
  return {
    title: metricTitle(props, queries),
    view,
    stacked: props.stacked === true,
    sparkline: props.sparkline === true,
    setPeriodToTimeRange: props.setPeriodToTimeRange === true,
    region,
    range, // null: the dashboard's
    queries,
    visibleQueries: queries.filter((q) => q.visible && q.expression === undefined),
    thresholds,
    yMin: typeof yLeft.min === 'number' ? yLeft.min : undefined,
    yMax: typeof yLeft.max === 'number' ? yLeft.max : undefined,
    yLabel: typeof yLeft.label === 'string' ? yLeft.label : undefined,
    legend: isObject(props.legend) && ['right', 'bottom', 'hidden'].includes(props.legend.position) ? props.legend.position : 'bottom',
    periodOverride: dashboard.periodOverride,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Text and alarm widgets.

/** Markdown -> HTML without a sanitising library: the text escaped, paragraphs kept. */
export function plainMarkdown(md) {
  return String(md).split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
}

function textWidget(props, markdown) {
  const md = typeof props.markdown === 'string' ? props.markdown : '';
  return { html: markdown(md), background: props.background === 'transparent' ? 'transparent' : 'solid' };
}

/**
 * An alarm name from a CloudWatch alarm ARN (`arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`;
 * the name may itself hold colons), or null when the text is not one.
 */
export function alarmNameFromArn(arn) {
  const m = /^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:(.+)$/.exec(String(arn));
  return m ? m[1] : null;
}

function alarmWidget(props, path) {
  const notes = [];
  const alarms = [];
  (Array.isArray(props.alarms) ? props.alarms : []).forEach((arn, i) => {
    if (typeof arn !== 'string') return;
    const name = alarmNameFromArn(arn);
    if (name === null) notes.push(problem(`${path}/alarms/${i}`, 'Should be a CloudWatch alarm ARN (arn:aws:cloudwatch:<region>:<account>:alarm:<name>)'));
    else if (!alarms.some((a) => a.name === name)) alarms.push({ arn, name });
  });
  const sortBy = ['default', 'stateUpdatedTimestamp', 'timestamp'].includes(props.sortBy) ? props.sortBy : 'default';
  const states = Array.isArray(props.states) ? props.states.filter((s) => ALARM_STATES.includes(s)) : [];
  return {
    title: typeof props.title === 'string' && props.title.trim() ? props.title : 'Alarm Status',
    alarms,
    sortBy,
    states,
    notes,
  };
}

/**
 * Orders alarms for an alarm status widget as CloudWatch documents `sortBy`: `default` (also when
 * absent) alphabetically by name; `stateUpdatedTimestamp` by state (ALARM, then
 * INSUFFICIENT_DATA, then OK), most recent change first within a state; `timestamp` most recent
 * change first whatever the state. `states` (when not empty) keeps only those states. Items are
 * `{name, state, updated}` (updated in epoch millis).
 */
export function sortAlarms(items, sortBy = 'default', states = []) {
  const kept = states.length ? items.filter((a) => states.includes(a.state)) : [...items];
  const rank = (s) => { const r = ALARM_STATES.indexOf(s); return r < 0 ? ALARM_STATES.length : r; };
  const byName = (p, q) => (p.name < q.name ? -1 : p.name > q.name ? 1 : 0);
  const recent = (p, q) => (q.updated ?? 0) - (p.updated ?? 0);
  return kept.sort((p, q) => {
    if (sortBy === 'stateUpdatedTimestamp') return rank(p.state) - rank(q.state) || recent(p, q) || byName(p, q);
    if (sortBy === 'timestamp') return recent(p, q) || byName(p, q);
    return byName(p, q);
  });
}

// ---------------------------------------------------------------------------------------------
// The whole body.

/**
 * The render model of a dashboard body: `{problems, range, rangeNote, periodOverride, widgets}`.
 * problems are PutDashboard's validation problems (the body renders as far as it can anyway);
 * widgets are in reading order (top to bottom, left to right), each `{index, path, type, x, y,
 * width, height, title, notes, ...}` plus `metric` / `text` / `alarm` details by type.
 * `options.markdown` turns markdown into safe HTML (default: escaped text).
 */
export function renderModel(text, { markdown = plainMarkdown, now = Date.now() } = {}) {
  const { root, problems } = validateBody(text);
  const model = { problems, range: { relative: DEFAULT_RANGE }, rangeNote: null, periodOverride: 'auto', widgets: [] };
  if (!isObject(root)) return model;
  const { range, note } = parseRange(root.start, root.end, { relative: DEFAULT_RANGE }, now);
  model.range = range;
  if (note) model.rangeNote = problem(`/${note.field}`, note.message);
  if (root.periodOverride === 'inherit' || root.periodOverride === 'auto') model.periodOverride = root.periodOverride;
  else if (root.periodOverride !== undefined) model.rangeNote = problem('/periodOverride', 'Should be equal to one of the allowed values');
  const list = Array.isArray(root.widgets) ? root.widgets : [];
  const boxes = layoutWidgets(list.map((w) => (isObject(w) ? w : {})));
  const widgets = list.map((w, i) => {
    const path = `/widgets/${i}`;
    const base = { index: i, path, ...boxes[i], notes: [] };
    const type = isObject(w) && WIDGET_TYPES.includes(w.type) ? w.type : 'unknown';
    const props = isObject(w) && isObject(w.properties) ? w.properties : null;
    if (type === 'unknown' || !props) {
      return { ...base, type, title: 'Invalid widget', notes: problems.filter((p) => p.dataPath === path || p.dataPath.startsWith(`${path}/`)) };
    }
    const pp = `${path}/properties`;
    switch (type) {
      case 'metric': {
        const metric = metricWidget(props, pp, model);
        return { ...base, type, title: metric.title, notes: metric.notes, metric };
      }
      case 'text':
        return { ...base, type, title: '', text: textWidget(props, markdown) };
      case 'alarm': {
        const alarm = alarmWidget(props, pp);
        return { ...base, type, title: alarm.title, notes: alarm.notes, alarm };
      }
      default:
        return {
          ...base,
          type,
          title: typeof props.title === 'string' && props.title.trim() ? props.title : `${type[0].toUpperCase()}${type.slice(1)} widget`,
          notes: [problem(path, `${type} widgets are not supported by this Synaps server`)],
        };
    }
  });
  model.widgets = widgets.sort((a, b) => a.y - b.y || a.x - b.x || a.index - b.index);
  return model;
}

// ---------------------------------------------------------------------------------------------
// Markup. One HTML string for the whole grid (one DOM insertion for the page); every value from
// the body is escaped here except the text widgets' HTML, which the injected markdown function
// made safe.

/** The grid's HTML: one `<section data-testid="widget">` per widget with its frame and slots. */
export function dashboardHtml(model) {
  return `<div class="dash-grid">${model.widgets.map(widgetHtml).join('')}</div>`;
}

function widgetHtml(w) {
  // --gc/--gr place the widget on wide screens; --wm is its span where two widgets share a row.
  const style = `--gc:${w.x + 1} / span ${w.width};--gr:${w.y + 1} / span ${w.height};--h:${w.height};--wm:${w.width <= 12 ? 12 : 24}`;
  const id = `dash-w${w.index}`;
  const head = w.title
    ? `<header class="dash-widget-head"><h2 class="dash-widget-title" id="${id}-title" title="${escapeHtml(w.title)}">${escapeHtml(w.title)}</h2></header>`
    : '';
  const labelled = w.title ? ` aria-labelledby="${id}-title"` : ' aria-label="Text"';
  const notes = w.notes.length
    ? `<ul class="dash-widget-notes">${w.notes.map((n) => `<li><code>${escapeHtml(n.dataPath)}</code>: ${escapeHtml(n.message)}</li>`).join('')}</ul>`
    : '';
  let body;
  let extra = '';
  switch (w.type) {
    case 'metric':
      extra = ` data-view="${escapeHtml(w.metric.view)}"`;
      body = w.metric.view === 'timeSeries' && w.metric.visibleQueries.length
        ? `<div class="dash-widget-body dash-chart" data-slot="chart"><div class="dash-chart-box"><canvas role="img" aria-label="${escapeHtml(`Graph of ${w.metric.visibleQueries.map((q) => q.label).join(', ')}`)}"></canvas></div></div>`
        : '<div class="dash-widget-body dash-chart" data-slot="chart"></div>';
      break;
    case 'text':
      extra = w.text.background === 'transparent' ? ' data-background="transparent"' : '';
      body = `<div class="dash-widget-body dash-markdown">${w.text.html}</div>`;
      break;
    case 'alarm':
      body = `<ul class="dash-widget-body dash-alarms" data-slot="alarms">${w.alarm.alarms.map((a) => alarmItemHtml(a.name, 'INSUFFICIENT_DATA', true)).join('')}</ul>`;
      break;
    default:
      body = '<div class="dash-widget-body dash-unsupported"></div>';
  }
  return `<section class="dash-widget dash-${escapeHtml(w.type)}" id="${id}" data-testid="widget" data-type="${escapeHtml(w.type)}" data-index="${w.index}"${extra} style="${style}"${labelled}>${head}${body}${notes}</section>`;
}

/** One alarm of an alarm status widget: a state badge and a link to the alarm's page. */
export function alarmItemHtml(name, state, loading = false) {
  const s = ALARM_STATES.includes(state) ? state : 'INSUFFICIENT_DATA';
  const label = loading ? '…' : stateLabel(s);
  return `<li class="dash-alarm-item" data-alarm-name="${escapeHtml(name)}" data-state="${s}">`
    + `<span class="dash-alarm-state ${stateClass(loading ? null : s)}">${escapeHtml(label)}</span>`
    + `<a href="#/alarms/${encodeURIComponent(name)}">${escapeHtml(name)}</a></li>`;
}
