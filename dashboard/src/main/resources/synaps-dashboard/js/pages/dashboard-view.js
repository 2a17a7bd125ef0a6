// A CloudWatch dashboard (#/dashboards/<name>): GetDashboard, the body laid out by render.js in
// one DOM insertion, every metric widget's data fetched together (data.js batches them into as
// few GetMetricData calls as possible), all graphs drawn in one animation frame, then kept live:
// `metrics` events refetch the widgets they name (batched, at most once a second), `alarm`
// events repaint alarm status widgets, `reset` refetches everything.

import { cw } from '../api.js';
import * as live from '../live.js';
import { dashboardHref, queryString } from '../router.js';
import { errorBox, h, loading, replaceHash, select } from '../ui.js';
import { toDate } from '../format.js';
import { dashboardHtml, rangeMillis, renderModel, widgetRequest } from '../dashboard/render.js';
import { fetchWidgets } from '../dashboard/data.js';
import { drawAlarmWidget, metricWidgetView } from '../dashboard/draw.js';

/** Time ranges the picker offers (CloudWatch's usual ones). */
const RANGES = [['', 'Dashboard default'], ['PT1H', 'Last 1 hour'], ['PT3H', 'Last 3 hours'], ['PT12H', 'Last 12 hours'],
  ['P1D', 'Last 1 day'], ['P3D', 'Last 3 days'], ['P1W', 'Last 1 week']];
const SLIDE_MILLIS = 60_000;
const LIVE_MIN_GAP_MILLIS = 1000;

/** Text widgets' markdown as safe HTML: marked, then DOMPurify (both vendor globals). */
function markdown(md) {
  const { marked, DOMPurify } = globalThis;
  if (!marked || !DOMPurify) throw new Error('The Markdown libraries are not loaded.');
  return DOMPurify.sanitize(marked.parse(md, { async: false }));
}

function rangeFromQuery(query) {
  if (query.start && query.end) {
    const start = toDate(query.start);
    const end = toDate(query.end);
    if (start && end && start < end) return { start, end };
  }
  if (query.range && RANGES.some(([v]) => v === query.range)) return { relative: query.range };
  return null;
}

export async function render(root, params) {
  const t0 = performance.now();
  mark('start');
  const name = params.name;
  const signal = params.signal;
  const api = (action, input) => cw(action, input, { signal });

  let picked = rangeFromQuery(params.query || {}); // null = the dashboard's own range
  const view = h('div', { class: 'dash-view', testid: 'dashboard-view', dataset: { rendered: 'false', name } });
  const rangeSelect = select({ id: 'dash-range', 'aria-label': 'Time range' }, picked?.relative || picked === null ? RANGES : [['custom', 'Zoomed range'], ...RANGES],
    picked?.relative ?? (picked ? 'custom' : ''));
  const resetZoom = h('button', { type: 'button', class: 'btn', hidden: !(picked && !picked.relative) }, 'Reset zoom');
  const refreshButton = h('button', { type: 'button', class: 'btn' }, 'Refresh');
  const rangeText = h('span', { class: 'muted dash-range-text', 'aria-live': 'polite' });
  const toolbar = h('div', { class: 'toolbar dash-toolbar' },
    h('div', { class: 'inline-field' }, h('label', { for: 'dash-range' }, 'Time range'), rangeSelect),
    resetZoom, refreshButton, rangeText,
    h('span', { class: 'spacer' }),
    h('a', { class: 'btn', href: '#/dashboards' }, 'All dashboards'),
    h('a', { class: 'btn btn-primary', href: `${dashboardHref(name)}/edit`, testid: 'dashboard-edit' }, 'Edit'));
  const status = loading('Loading the dashboard…');
  root.append(toolbar, status, view);

  let dashboard;
  try {
    dashboard = await api('GetDashboard', { DashboardName: name });
  } catch (e) {
    if (e?.name === 'AbortError') return undefined;
    status.replaceWith(errorBox(e), h('p', {}, h('a', { href: '#/dashboards' }, 'Back to the dashboards')));
    return undefined;
  }

  mark('body');
  let model;
  try {
    model = renderModel(dashboard.DashboardBody, { markdown });
  } catch (e) {
    status.replaceWith(errorBox(e));
    return undefined;
  }
  const problems = [...model.problems, ...(model.rangeNote ? [model.rangeNote] : [])];
  status.replaceWith(problems.length
    ? h('div', { class: 'error-box dash-problems', role: 'note' },
      h('p', {}, 'This dashboard body has problems; the widgets are drawn as far as possible:'),
      h('ul', {}, problems.map((p) => h('li', {}, h('code', {}, p.dataPath || '/'), `: ${p.message}`))))
    : '');
  if (model.widgets.length === 0) {
    view.append(h('p', { class: 'muted empty' }, 'This dashboard has no widgets yet. ', h('a', { href: `${dashboardHref(name)}/edit` }, 'Add some in its JSON body.')));
  }
  view.insertAdjacentHTML('beforeend', dashboardHtml(model));
  mark('layout');
  const sections = new Map([...view.querySelectorAll('[data-testid="widget"]')].map((s) => [Number(s.dataset.index), s]));
  for (const w of model.widgets) {
    if (w.type !== 'metric' && w.type !== 'alarm') sections.get(w.index).dataset.rendered = 'true';
  }

  // --- state -----------------------------------------------------------------------------
  let destroyed = false;
  const metricWidgets = model.widgets.filter((w) => w.type === 'metric');
  const alarmWidgets = model.widgets.filter((w) => w.type === 'alarm');
  const views = new Map(metricWidgets.map((w) => [w.index, metricWidgetView(sections.get(w.index), w, { onZoom: zoomTo })]));
  const alarmStates = new Map();
  const dashboardRange = () => picked ?? model.range;
  const widgetRange = (w) => w.metric.range ?? dashboardRange();
  let inFlight = null;
  let queued = new Set();
  let timer = null;
  let lastFetch = 0;

  function describeRange() {
    const r = dashboardRange();
    rangeText.textContent = r.relative ? '' : `${r.start.toLocaleString()} – ${r.end.toLocaleString()}`;
  }
  describeRange();

  /** Fetches the given metric widgets in as few calls as possible, then draws them in one frame. */
  async function loadMetrics(widgets) {
    const now = Date.now();
    lastFetch = now;
    const requests = widgets.filter((w) => w.metric.visibleQueries.length > 0).map((w) => widgetRequest(w, dashboardRange(), model.periodOverride, now));
    const fetched = requests.length ? await fetchWidgets(api, requests) : new Map();
    if (destroyed) return;
    mark('data');
    await nextFrame();
    if (destroyed) return;
    mark('frame');
    for (const w of widgets) {
      const r = requests.find((x) => x.key === w.index);
      views.get(w.index).draw(fetched.get(w.index), r ?? rangeMillis(widgetRange(w), now));
    }
  }

  async function loadAlarms() {
    const names = [...new Set(alarmWidgets.flatMap((w) => w.alarm.alarms.map((a) => a.name)))];
    try {
      for (let i = 0; i < names.length; i += 100) {
        const out = await api('DescribeAlarms', { AlarmNames: names.slice(i, i + 100), AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] });
        for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
          alarmStates.set(a.AlarmName, { state: a.StateValue, updated: toDate(a.StateUpdatedTimestamp)?.getTime() ?? 0 });
        }
      }
    } catch (e) {
      if (destroyed || e?.name === 'AbortError' || e?.status === 401) return;
      for (const w of alarmWidgets) {
        const section = sections.get(w.index);
        section.querySelector('[data-slot="alarms"]').replaceChildren(h('li', { class: 'dash-alarm-error', role: 'alert' }, `${e.code ? `${e.code}: ` : ''}${e.message}`));
        section.dataset.rendered = 'true';
      }
      return;
    }
    if (destroyed) return;
    drawAlarms();
  }

  function drawAlarms() {
    for (const w of alarmWidgets) drawAlarmWidget(sections.get(w.index), w, alarmStates);
  }

  /** Refetches widgets (a Set of indexes, or all) soon: at most one fetch in flight, one a second. */
  function schedule(indexes) {
    if (destroyed) return;
    if (indexes === 'all') metricWidgets.forEach((w) => queued.add(w.index));
    else indexes.forEach((i) => queued.add(i));
    if (timer || inFlight || queued.size === 0) return;
    const wait = Math.max(0, LIVE_MIN_GAP_MILLIS - (Date.now() - lastFetch));
    timer = setTimeout(runQueued, wait);
  }

  async function runQueued() {
    timer = null;
    if (destroyed || queued.size === 0) return;
    if (document.hidden) return; // picked up again on visibilitychange
    const batch = metricWidgets.filter((w) => queued.has(w.index));
    queued = new Set();
    inFlight = loadMetrics(batch).catch(showFailure);
    await inFlight;
    inFlight = null;
    if (queued.size) schedule([]);
  }

  function showFailure(e) {
    if (destroyed || e?.name === 'AbortError' || e?.status === 401) return;
    view.before(errorBox(e));
  }

  function zoomTo(startMillis, endMillis) {
    setRange({ start: new Date(startMillis), end: new Date(endMillis) });
  }

  function setRange(range) {
    picked = range;
    const custom = rangeSelect.querySelector('option[value="custom"]');
    if (range && !range.relative) {
      if (!custom) rangeSelect.prepend(h('option', { value: 'custom' }, 'Zoomed range'));
      rangeSelect.value = 'custom';
    } else {
      custom?.remove();
      rangeSelect.value = range?.relative ?? '';
    }
    resetZoom.hidden = !(range && !range.relative);
    const query = range ? (range.relative ? { range: range.relative } : { start: range.start.toISOString(), end: range.end.toISOString() }) : {};
    replaceHash(`${dashboardHref(name)}${queryString(query)}`);
    describeRange();
    schedule('all');
  }

  let beforeZoom = picked && picked.relative ? picked : null;
  rangeSelect.addEventListener('change', () => {
    if (rangeSelect.value === 'custom') return;
    beforeZoom = rangeSelect.value ? { relative: rangeSelect.value } : null;
    setRange(beforeZoom);
  });
  resetZoom.addEventListener('click', () => setRange(beforeZoom));
  refreshButton.addEventListener('click', () => {
    schedule('all');
    loadAlarms();
  });

  // --- first render ----------------------------------------------------------------------
  inFlight = loadMetrics(metricWidgets).catch(showFailure).finally(() => {
    inFlight = null;
    if (queued.size) schedule([]);
  });
  const first = Promise.all([inFlight, alarmWidgets.length ? loadAlarms() : null]);

  // --- live --------------------------------------------------------------------------------
  const unsubscribe = [
    live.on('metrics', (event) => {
      const hit = metricWidgets.filter((w) => widgetRange(w).relative && live.metricsEventMatches(event, w.metric.visibleQueries));
      if (hit.length) schedule(hit.map((w) => w.index));
    }),
    live.on('alarm', (event) => {
      if (!event?.alarmName || !alarmWidgets.some((w) => w.alarm.alarms.some((a) => a.name === event.alarmName))) return;
      alarmStates.set(event.alarmName, { state: event.newState, updated: toDate(event.timestamp)?.getTime() ?? Date.now() });
      drawAlarms();
    }),
    live.on('reset', () => {
      schedule('all');
      if (alarmWidgets.length) loadAlarms();
    }),
  ];
  // Relative ranges slide with the clock even when no datapoint arrives.
  const slide = setInterval(() => {
    const moving = metricWidgets.filter((w) => widgetRange(w).relative).map((w) => w.index);
    if (moving.length) schedule(moving);
  }, SLIDE_MILLIS);
  const onVisible = () => { if (!document.hidden && queued.size) schedule([]); };
  document.addEventListener('visibilitychange', onVisible);

  const cleanup = () => {
    destroyed = true;
    clearTimeout(timer);
    clearInterval(slide);
    unsubscribe.forEach((u) => u());
    document.removeEventListener('visibilitychange', onVisible);
    views.forEach((v) => v.destroy());
  };

  await first;
  mark('drawn');
  if (!destroyed) {
    view.dataset.renderMs = String(Math.round(performance.now() - t0));
    view.dataset.rendered = 'true';
  }
  return cleanup;
}

/** A performance mark per rendering step (dashboard:start, :body, :layout, :data, :frame, :drawn) for profiling. */
function mark(step) {
  performance.mark(`dashboard:${step}`);
}

function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
