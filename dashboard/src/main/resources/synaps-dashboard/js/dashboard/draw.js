// Draws fetched data into the widget frames made by render.js's dashboardHtml: line and stacked
// area graphs (graph.js timeSeriesChart), single values with optional sparklines, and alarm
// status lists. Browser-only (Chart.js, document); everything from data goes in as text.

import { chartLibrary, timeSeriesChart } from '../graph.js';
import { formatTime, formatValue } from '../format.js';
import { alarmItemHtml, sortAlarms } from './render.js';

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Series for timeSeriesChart from a widget's visible queries and their fetched results. */
export function seriesOf(queries, results) {
  return queries.map((q, i) => ({
    label: q.label,
    color: q.color,
    yAxis: q.yAxis,
    points: results?.[i]?.points ?? [],
  }));
}

function messageOf(section) {
  let m = section.querySelector('.dash-chart-message');
  if (!m) {
    m = el('div', 'dash-chart-message');
    m.setAttribute('role', 'status');
    section.querySelector('[data-slot="chart"]').append(m);
  }
  return m;
}

/** Shows (or clears) the message over a metric widget's graph. */
export function setChartMessage(section, text, isError = false) {
  const m = messageOf(section);
  m.textContent = text || '';
  m.hidden = !text;
  m.classList.toggle('is-error', !!isError);
}

/**
 * A metric widget's drawing: a line/stacked-area graph or single values. `draw(fetched, range)`
 * draws (first call creates the chart, later calls update it); `destroy()` frees the canvases.
 * fetched = {results, error} from data.js; range = {startMillis, endMillis}.
 */
export function metricWidgetView(section, widget, { onZoom } = {}) {
  const m = widget.metric;
  const slot = section.querySelector('[data-slot="chart"]');
  let chart = null;
  let sparklines = [];

  function finish(points, error) {
    section.dataset.points = String(points);
    section.dataset.state = error ? 'error' : points > 0 ? 'ready' : 'empty';
    section.dataset.rendered = 'true';
  }

  function drawGraph(fetched, range) {
    const series = seriesOf(m.visibleQueries, fetched.results);
    if (!chart) {
      // The frame (render.js) holds the canvas already, laid out while the data was on its way.
      let canvas = slot.querySelector('canvas');
      if (!canvas) {
        const box = el('div', 'dash-chart-box');
        canvas = el('canvas');
        box.append(canvas);
        slot.prepend(box);
      }
      chart = timeSeriesChart(canvas, {
        series, stacked: m.stacked, yMin: m.yMin, yMax: m.yMax, yLabel: m.yLabel, thresholds: m.thresholds,
        xMin: range.startMillis, xMax: range.endMillis, onZoom,
      });
      if (m.legend !== 'bottom') {
        const legend = chart.chart.options.plugins.legend;
        if (m.legend === 'hidden') legend.display = false;
        else legend.position = 'right';
        chart.chart.update('none');
      }
    } else {
      chart.update(series, { xMin: range.startMillis, xMax: range.endMillis });
    }
    return series.reduce((n, s) => n + s.points.length, 0);
  }

  function drawSingleValues(fetched) {
    sparklines.forEach((s) => s.destroy());
    sparklines = [];
    const list = el('div', 'dash-sv');
    let points = 0;
    m.visibleQueries.forEach((q, i) => {
      const pts = (fetched.results?.[i]?.points ?? []).filter((p) => Number.isFinite(p[1]));
      points += pts.length;
      const last = pts.length ? pts[pts.length - 1] : null;
      const item = el('div', 'dash-sv-item');
      const label = el('div', 'dash-sv-label', q.label);
      const swatch = el('span', 'dash-sv-swatch');
      swatch.style.background = q.color;
      label.prepend(swatch);
      const value = el('div', 'dash-sv-value', last ? formatValue(last[1]) : '—');
      if (last) value.title = `${formatTime(last[0])}: ${last[1]}`;
      item.append(label, value);
      if (m.sparkline && pts.length > 1) {
        const box = el('div', 'dash-sv-spark');
        const canvas = el('canvas');
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `Trend of ${q.label}`);
        box.append(canvas);
        item.append(box);
        sparklines.push(sparkline(canvas, pts, q.color));
      }
      list.append(item);
    });
    slot.querySelector('.dash-sv')?.remove();
    slot.prepend(list);
    return points;
  }

  return {
    draw(fetched, range) {
      const error = fetched?.error ?? null;
      const drawable = fetched ?? { results: [] };
      let points = 0;
      if (m.visibleQueries.length === 0) {
        setChartMessage(section, 'This widget has no metric this server can draw.');
      } else {
        points = m.view === 'singleValue' ? drawSingleValues(drawable) : drawGraph(drawable, range);
        if (error) setChartMessage(section, `${error.code ? `${error.code}: ` : ''}${error.message}`, true);
        else setChartMessage(section, points > 0 ? '' : 'No data points in this time range.');
      }
      finish(points, error);
    },
    destroy() {
      if (chart) chart.destroy();
      chart = null;
      sparklines.forEach((s) => s.destroy());
      sparklines = [];
    },
  };
}

function sparkline(canvas, points, color) {
  const Chart = chartLibrary();
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [{ data: points.map(([x, y]) => ({ x, y })), borderColor: color, borderWidth: 1.5, pointRadius: 0, fill: false }] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: { x: { type: 'linear', display: false }, y: { display: false } },
    },
  });
}

/**
 * Fills an alarm status widget: `states` maps alarm name -> {state, updated} (absent = the alarm
 * does not exist). Sorted and filtered as the widget's sortBy/states ask.
 */
export function drawAlarmWidget(section, widget, states) {
  const a = widget.alarm;
  const list = section.querySelector('[data-slot="alarms"]');
  const items = a.alarms.map((x) => ({ name: x.name, state: states.get(x.name)?.state ?? null, updated: states.get(x.name)?.updated ?? 0 }));
  const found = sortAlarms(items.filter((x) => x.state), a.sortBy, a.states);
  const missing = a.states.length ? [] : items.filter((x) => !x.state);
  // alarmItemHtml escapes every value; one assignment keeps the redraw cheap on live updates.
  list.innerHTML = found.map((x) => alarmItemHtml(x.name, x.state)).join('');
  for (const x of missing) {
    const li = el('li', 'dash-alarm-item is-missing');
    li.dataset.alarmName = x.name;
    li.append(el('span', 'dash-alarm-state', 'Not found'), el('span', 'dash-alarm-name', x.name));
    list.append(li);
  }
  if (a.alarms.length === 0) list.append(el('li', 'muted', 'No alarms in this widget.'));
  else if (found.length === 0 && missing.length === 0) list.append(el('li', 'muted', 'No alarm in the states this widget shows.'));
  section.dataset.rendered = 'true';
}
