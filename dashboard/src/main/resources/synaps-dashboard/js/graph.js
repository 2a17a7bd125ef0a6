// Time-series graphs: fetching (one GetMetricData per chart, NextToken pages merged) and drawing
// with Chart.js (global Chart from vendor/chart.umd.js; zoom plugin registered once here).
// Pure at import time: Chart, document and the live feed are touched only when a chart is made.

import { cw } from './api.js';
import { formatTick, formatTime, formatValue, parseDuration, formatDimensions, toDate } from './format.js';
import * as live from './live.js';

/** Series colours (the CloudWatch console's order). */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Periods a chart may pick by itself, seconds. */
export const PERIODS = [1, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400];

/** GetMetricData's limit on datapoints in one answer (over all queries). */
export const MAX_DATAPOINTS = 100800;

/** Points per series a chart aims at when it chooses the period. */
export const TARGET_POINTS = 1440;

/**
 * The smallest allowed period (>= minPeriod) giving at most maxPoints buckets over rangeMillis.
 */
export function autoPeriod(rangeMillis, { maxPoints = TARGET_POINTS, minPeriod = 60 } = {}) {
  for (const p of PERIODS) {
    if (p >= minPeriod && rangeMillis / (p * 1000) <= maxPoints) return p;
  }
  return PERIODS[PERIODS.length - 1];
}

/**
 * The period to ask for: `wanted` (seconds) when it keeps a series under maxPoints buckets over
 * the range, else the smallest allowed period that does (so a 1 s period over a week cannot
 * ask for 604,800 points); auto (null/'auto') picks autoPeriod.
 */
export function effectivePeriod(wanted, rangeMillis, maxPoints = 10000) {
  const w = Number(wanted);
  if (!wanted || wanted === 'auto' || !Number.isFinite(w) || w <= 0) return autoPeriod(rangeMillis);
  if (rangeMillis / (w * 1000) <= maxPoints) return w;
  return autoPeriod(rangeMillis, { maxPoints, minPeriod: w });
}

/** [startMillis, endMillis] of a chart range ({relative:'PT3H'} or {start, end}) at `now`. */
export function rangeBounds(range, now = Date.now()) {
  if (range && range.relative) {
    return [now - parseDuration(range.relative), now];
  }
  const start = toDate(range?.start);
  const end = toDate(range?.end) ?? new Date(now);
  if (!start) return [now - 3 * 3600_000, now];
  return [start.getTime(), end.getTime()];
}

/** A series' default label: metric name, dimension values and (when asked) the statistic. */
export function defaultLabel(q, withStat = false) {
  const dims = (q.dimensions || []).map((d) => d.Value).join(' ');
  return [q.metricName, dims, withStat ? q.stat : ''].filter(Boolean).join(' ');
}

/** GetMetricData's MetricDataQueries for chart queries (ids m0, m1, ...). */
export function metricDataQueries(queries, periodSeconds) {
  return queries.map((q, i) => ({
    Id: `m${i}`,
    MetricStat: {
      Metric: {
        Namespace: q.namespace,
        MetricName: q.metricName,
        Dimensions: (q.dimensions || []).map((d) => ({ Name: d.Name, Value: d.Value })),
      },
      Period: Number(q.period) || periodSeconds || 60,
      Stat: q.stat || 'Average',
      ...(q.unit ? { Unit: q.unit } : {}),
    },
    ReturnData: true,
  }));
}

/**
 * Runs one GetMetricData (following NextToken) for the queries over [start, end) and returns the
 * series for timeSeriesChart: [{id, label, color, yAxis, points:[[millis, value]...], statusCode}]
 * in the queries' order, points ascending; `messages` (the API's Messages) is set on the array.
 */
export async function fetchSeries(queries, startMillis, endMillis, periodSeconds, { signal } = {}) {
  const mdq = metricDataQueries(queries, periodSeconds);
  const longest = Math.max(...mdq.map((q) => q.MetricStat.Period), 1);
  const start = Math.floor(startMillis / (longest * 1000)) * longest * 1000;
  const end = Math.ceil(endMillis / 1000) * 1000;
  const byId = new Map(mdq.map((q) => [q.Id, { points: [], label: null, statusCode: 'Complete' }]));
  const messages = [];
  let token;
  const multipleStats = new Set(queries.map((q) => q.stat || 'Average')).size > 1;
  for (let page = 0; page < 50; page += 1) {
    const out = await cw('GetMetricData', {
      MetricDataQueries: mdq,
      StartTime: new Date(start).toISOString(),
      EndTime: new Date(end).toISOString(),
      ScanBy: 'TimestampAscending',
      ...(token ? { NextToken: token } : {}),
    }, { signal });
    for (const r of out.MetricDataResults || []) {
      const s = byId.get(r.Id);
      if (!s) continue;
      s.label = s.label ?? r.Label;
      s.statusCode = r.StatusCode || s.statusCode;
      const ts = r.Timestamps || [];
      const vs = r.Values || [];
      for (let i = 0; i < ts.length; i += 1) s.points.push([toDate(ts[i]).getTime(), Number(vs[i])]);
      for (const m of r.Messages || []) messages.push(m);
    }
    for (const m of out.Messages || []) messages.push(m);
    token = out.NextToken;
    if (!token) break;
  }
  const series = queries.map((q, i) => {
    const s = byId.get(`m${i}`);
    s.points.sort((a, b) => a[0] - b[0]);
    return {
      id: `m${i}`,
      label: q.label || defaultLabel(q, multipleStats) || s.label || `m${i}`,
      color: q.color || PALETTE[i % PALETTE.length],
      yAxis: q.yAxis === 'right' ? 'right' : 'left',
      points: s.points,
      statusCode: s.statusCode,
    };
  });
  series.messages = messages;
  return series;
}

/** A round tick step (ms) giving about `ticks` ticks over the span. */
export function tickStep(spanMillis, ticks = 6) {
  const steps = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000);
  for (const s of steps) if (spanMillis / s <= ticks) return s;
  return Math.ceil(spanMillis / ticks / 86400_000) * 86400_000;
}

let zoomRegistered = false;

/** The Chart.js constructor, with the zoom plugin registered (once for the page). */
export function chartLibrary() {
  const Chart = globalThis.Chart;
  if (!Chart) throw new Error('Chart.js is not loaded (vendor/chart.umd.js).');
  if (!zoomRegistered && globalThis.ChartZoom) {
    Chart.register(globalThis.ChartZoom);
    zoomRegistered = true;
  }
  return Chart;
}

const cssVars = new Map();

/** A theme colour from the stylesheet, read once: reading computed style per chart forces a style recalculation each time. */
function cssVar(name, fallback) {
  if (!cssVars.has(name)) {
    const v = typeof getComputedStyle === 'function' ? getComputedStyle(document.documentElement).getPropertyValue(name).trim() : '';
    cssVars.set(name, v);
  }
  return cssVars.get(name) || fallback;
}

/** Draws threshold lines and vertical markers over the datasets; per chart, holds its own items. */
function overlayPlugin(overlay) {
  return {
    id: 'synapsOverlay',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      const x = chart.scales.x;
      const y = chart.scales.y;
      if (!chartArea || !x || !y) return;
      ctx.save();
      ctx.font = '11px system-ui, sans-serif';
      for (const t of overlay.thresholds) {
        const py = y.getPixelForValue(Number(t.value));
        if (!(py >= chartArea.top - 0.5 && py <= chartArea.bottom + 0.5)) continue;
        ctx.strokeStyle = t.color || '#d13212';
        ctx.fillStyle = t.color || '#d13212';
        ctx.lineWidth = 1.5;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(chartArea.left, py);
        ctx.lineTo(chartArea.right, py);
        ctx.stroke();
        if (t.label) {
          ctx.setLineDash([]);
          ctx.textAlign = 'right';
          ctx.textBaseline = 'bottom';
          ctx.fillText(String(t.label), chartArea.right - 4, py - 2);
        }
      }
      ctx.setLineDash([]);
      for (const m of overlay.markers) {
        const px = x.getPixelForValue(Number(m.x));
        if (!(px >= chartArea.left && px <= chartArea.right)) continue;
        ctx.strokeStyle = m.color || '#555';
        ctx.fillStyle = m.color || '#555';
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
        ctx.beginPath();
        ctx.moveTo(px - 5, chartArea.top);
        ctx.lineTo(px + 5, chartArea.top);
        ctx.lineTo(px, chartArea.top + 7);
        ctx.fill();
      }
      ctx.restore();
    },
  };
}

function datasetsOf(series, stacked) {
  return series.map((s, i) => ({
    label: s.label,
    data: s.points.map(([x, y]) => ({ x, y })),
    borderColor: s.color || PALETTE[i % PALETTE.length],
    backgroundColor: `${s.color || PALETTE[i % PALETTE.length]}${stacked ? '66' : '33'}`,
    borderWidth: 1.5,
    pointRadius: s.points.length <= 60 ? 2.5 : 0,
    pointHoverRadius: 4,
    fill: stacked ? (i === 0 ? 'origin' : '-1') : false,
    yAxisID: s.yAxis === 'right' ? 'y1' : 'y',
    spanGaps: false,
  }));
}

/**
 * A Chart.js line chart of epoch-millis series on a linear time axis: animation off, LTTB
 * decimation for long series, drag-to-zoom calling onZoom(startMillis, endMillis), threshold
 * lines and vertical markers ([{x, color, label}]). Returns {update(series, opts), destroy(), chart}.
 */
export function timeSeriesChart(canvas, options = {}) {
  const Chart = chartLibrary();
  const opts = { series: [], stacked: false, thresholds: [], markers: [], ...options };
  const overlay = { thresholds: opts.thresholds || [], markers: opts.markers || [] };
  const text = cssVar('--text-muted', '#555');
  const grid = cssVar('--grid', 'rgba(0,0,0,0.08)');
  // About one time label per 90 px, so a phone-width chart does not crowd its axis.
  const ticksFor = (width) => Math.max(3, Math.min(8, Math.floor((width || 600) / 90)));
  let tickCount = ticksFor(canvas.parentElement?.clientWidth);
  const stepFor = (min, max) => (Number.isFinite(min) && Number.isFinite(max) && max > min ? tickStep(max - min, tickCount) : undefined);

  const includeThresholds = (scale) => {
    const values = overlay.thresholds.map((t) => Number(t.value)).filter(Number.isFinite);
    if (values.length === 0) return;
    const hasData = scale.chart.data.datasets.some((d) => (d._data || d.data).length > 0);
    let min = hasData ? scale.min : Math.min(...values);
    let max = hasData ? scale.max : Math.max(...values);
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const pad = (max - min) * 0.08 || Math.abs(max) * 0.1 || 1;
    if (opts.yMin === undefined || opts.yMin === null) scale.min = min === scale.min && hasData ? min : min - pad;
    if (opts.yMax === undefined || opts.yMax === null) scale.max = max + pad;
  };

  const yAxis = (position, id) => ({
    type: 'linear',
    position,
    display: id === 'y' || opts.series.some((s) => s.yAxis === 'right'),
    stacked: !!opts.stacked,
    beginAtZero: !!opts.stacked, // stacked areas fill from zero, as CloudWatch draws them
    min: id === 'y' ? opts.yMin ?? undefined : undefined,
    max: id === 'y' ? opts.yMax ?? undefined : undefined,
    title: { display: !!(opts.yLabel && id === 'y'), text: opts.yLabel || '', color: text },
    grid: { color: grid, drawOnChartArea: id === 'y' },
    ticks: { color: text, maxTicksLimit: 6, callback: (v) => formatValue(v) },
    afterDataLimits: id === 'y' ? includeThresholds : undefined,
  });

  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: datasetsOf(opts.series, opts.stacked) },
    plugins: [overlayPlugin(overlay)],
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      onResize: (c, size) => {
        const next = ticksFor(size.width);
        if (next === tickCount) return;
        tickCount = next;
        c.options.scales.x.ticks.stepSize = stepFor(c.options.scales.x.min, c.options.scales.x.max);
      },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: opts.xMin,
          max: opts.xMax,
          grid: { color: grid },
          ticks: {
            color: text,
            maxRotation: 0,
            autoSkip: true,
            autoSkipPadding: 12,
            includeBounds: false,
            stepSize: stepFor(opts.xMin, opts.xMax),
            callback(v) {
              return formatTick(v, Math.max(1000, this.max - this.min));
            },
          },
        },
        y: yAxis('left', 'y'),
        y1: yAxis('right', 'y1'),
      },
      plugins: {
        legend: { display: true, position: 'bottom', labels: { boxWidth: 12, color: text } },
        decimation: { enabled: true, algorithm: 'lttb', samples: 500, threshold: 1000 },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? formatTime(items[0].parsed.x) : ''),
            label: (item) => `${item.dataset.label}: ${formatValue(item.parsed.y)}`,
          },
        },
        zoom: {
          zoom: {
            drag: { enabled: !!opts.onZoom, backgroundColor: 'rgba(31,119,180,0.15)', borderColor: '#1f77b4', borderWidth: 1, threshold: 8 },
            wheel: { enabled: false },
            pinch: { enabled: false },
            mode: 'x',
            onZoomComplete: ({ chart: c }) => {
              if (opts.onZoom) opts.onZoom(Math.round(c.scales.x.min), Math.round(c.scales.x.max));
            },
          },
          pan: { enabled: false },
        },
      },
    },
  });

  return {
    chart,
    /** Replaces the series (and, when given, xMin/xMax/thresholds/markers/stacked); redraws without animation. */
    update(series, more = {}) {
      if (series) opts.series = series;
      if ('thresholds' in more) overlay.thresholds = more.thresholds || [];
      if ('markers' in more) overlay.markers = more.markers || [];
      if ('stacked' in more) opts.stacked = !!more.stacked;
      if ('xMin' in more) chart.options.scales.x.min = more.xMin;
      if ('xMax' in more) chart.options.scales.x.max = more.xMax;
      chart.options.scales.x.ticks.stepSize = stepFor(chart.options.scales.x.min, chart.options.scales.x.max);
      chart.options.scales.y.stacked = !!opts.stacked;
      chart.options.scales.y1.display = opts.series.some((s) => s.yAxis === 'right');
      chart.data.datasets = datasetsOf(opts.series, opts.stacked);
      chart.update('none');
    },
    destroy() {
      chart.destroy();
    },
  };
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * A live metric chart inside `container` (see dashboard-design.md): one GetMetricData for all
 * its queries, redrawn when a `metrics` event names one of them (relative ranges only), drag to
 * zoom + "Reset zoom". Sets data-state (loading|ready|empty|error) and data-points on container.
 * Extra options: height (px), onRangeChange(range), markers, onData(series).
 * Returns {setRange, setQueries, setThresholds, setMarkers, refresh, destroy, range()}.
 */
export function metricChart(container, options = {}) {
  const opts = { queries: [], range: { relative: 'PT3H' }, stacked: false, thresholds: [], markers: [], live: true, ...options };
  let range = opts.range;
  let zoomStack = [];
  let chart = null;
  let destroyed = false;
  let inFlight = null;
  let pending = false;
  let lastFetch = 0;
  let timer = null;
  let slide = null;
  let seq = 0;

  container.classList.add('metric-chart');
  container.dataset.state = 'loading';
  container.dataset.points = '0';
  container.replaceChildren();
  const head = el('div', 'chart-head');
  const title = el('span', 'chart-title', opts.title || '');
  const status = el('span', 'chart-status');
  status.setAttribute('aria-live', 'polite');
  const reset = el('button', 'btn btn-small', 'Reset zoom');
  reset.type = 'button';
  reset.hidden = true;
  reset.addEventListener('click', () => {
    const previous = zoomStack[0];
    zoomStack = [];
    reset.hidden = true;
    if (previous) applyRange(previous, false);
  });
  head.append(title, status, reset);
  const box = el('div', 'chart-box');
  if (opts.height) box.style.height = `${opts.height}px`;
  const canvas = el('canvas');
  canvas.setAttribute('role', 'img');
  const message = el('div', 'chart-message');
  message.hidden = true;
  box.append(canvas, message);
  container.append(head, box);

  function describe() {
    const names = opts.queries.map((q) => q.label || defaultLabel(q, false)).join(', ');
    canvas.setAttribute('aria-label', `Graph of ${names || 'no metrics'}`);
  }

  function applyRange(next, fromZoom) {
    range = next;
    if (opts.onRangeChange) opts.onRangeChange(range, { zoomed: fromZoom || zoomStack.length > 0 });
    refresh();
  }

  function onZoom(startMillis, endMillis) {
    if (endMillis - startMillis < 2000) return;
    if (zoomStack.length === 0) zoomStack.push(range);
    reset.hidden = false;
    applyRange({ start: new Date(startMillis), end: new Date(endMillis) }, true);
  }

  function showMessage(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  async function load() {
    const mine = ++seq;
    const now = Date.now();
    const [start, end] = rangeBounds(range, now);
    const span = end - start;
    const queries = opts.queries.map((q) => {
      const wanted = q.period ?? opts.period;
      const per = effectivePeriod(wanted, span, Math.min(10000, Math.floor(MAX_DATAPOINTS / Math.max(1, opts.queries.length))));
      return { ...q, period: per };
    });
    describe();
    if (queries.length === 0) {
      draw([], start, end);
      container.dataset.state = 'empty';
      showMessage('Nothing to graph yet: choose one or more metrics.');
      return;
    }
    if (!chart) container.dataset.state = 'loading';
    const controller = new AbortController();
    inFlight = controller;
    lastFetch = now;
    try {
      const series = await fetchSeries(queries, start, end, undefined, { signal: controller.signal });
      if (destroyed || mine !== seq) return;
      draw(series, start, end);
      const points = series.reduce((n, s) => n + s.points.length, 0);
      container.dataset.points = String(points);
      container.dataset.state = points > 0 ? 'ready' : 'empty';
      showMessage(points > 0 ? '' : 'No data points in this time range.');
      const raised = queries.some((q, i) => Number(opts.queries[i].period ?? opts.period) && q.period !== Number(opts.queries[i].period ?? opts.period));
      status.textContent = [
        raised ? `Period raised to ${queries[0].period} s for this range.` : '',
        ...(series.messages || []).map((m) => m.Value || m.Code || ''),
      ].filter(Boolean).join(' ');
      if (opts.onData) opts.onData(series, { start, end, queries });
    } catch (e) {
      if (destroyed || mine !== seq || e?.name === 'AbortError') return;
      container.dataset.state = 'error';
      showMessage(e?.message || String(e));
      if (!chart) draw([], start, end);
    } finally {
      if (inFlight === controller) inFlight = null;
      if (pending && !destroyed) {
        pending = false;
        schedule();
      }
    }
  }

  function draw(series, start, end) {
    if (destroyed) return;
    if (!chart) {
      chart = timeSeriesChart(canvas, {
        series, stacked: opts.stacked, yMin: opts.yMin, yMax: opts.yMax, yLabel: opts.yLabel,
        thresholds: opts.thresholds, markers: opts.markers, xMin: start, xMax: end, onZoom,
      });
    } else {
      chart.update(series, { xMin: start, xMax: end, thresholds: opts.thresholds, markers: opts.markers, stacked: opts.stacked });
    }
  }

  function schedule() {
    if (destroyed || timer) return;
    if (inFlight) {
      pending = true;
      return;
    }
    const wait = Math.max(0, 1000 - (Date.now() - lastFetch));
    timer = setTimeout(() => {
      timer = null;
      if (typeof document !== 'undefined' && document.hidden) {
        pending = true;
        return;
      }
      load();
    }, wait);
  }

  function refresh() {
    if (destroyed) return;
    if (inFlight) inFlight.abort();
    inFlight = null;
    clearTimeout(timer);
    timer = null;
    load();
  }

  const unsubscribe = [];
  if (opts.live) {
    unsubscribe.push(live.on('metrics', (event) => {
      if (range.relative && live.metricsEventMatches(event, opts.queries)) schedule();
    }));
    unsubscribe.push(live.on('reset', () => schedule()));
    slide = setInterval(() => {
      if (range.relative) schedule();
    }, 60_000);
  }
  const onVisible = () => {
    if (!document.hidden && pending && !inFlight) {
      pending = false;
      schedule();
    }
  };
  document.addEventListener('visibilitychange', onVisible);

  refresh();

  return {
    setRange(next) {
      zoomStack = [];
      reset.hidden = true;
      range = next;
      refresh();
    },
    setQueries(queries) {
      opts.queries = queries || [];
      refresh();
    },
    setOptions(more) {
      Object.assign(opts, more);
      refresh();
    },
    setThresholds(thresholds) {
      opts.thresholds = thresholds || [];
      if (chart) chart.update(null, { thresholds: opts.thresholds });
    },
    setMarkers(markers) {
      opts.markers = markers || [];
      if (chart) chart.update(null, { markers: opts.markers });
    },
    refresh,
    range: () => range,
    destroy() {
      destroyed = true;
      clearTimeout(timer);
      clearInterval(slide);
      if (inFlight) inFlight.abort();
      unsubscribe.forEach((u) => u());
      document.removeEventListener('visibilitychange', onVisible);
      if (chart) chart.destroy();
      chart = null;
    },
  };
}

/** Text for a list of dimensions, for labels and titles. */
export function seriesTitle(q) {
  const dims = formatDimensions(q.dimensions);
  return `${q.namespace} ${q.metricName}${dims ? ` (${dims})` : ''}`;
}
