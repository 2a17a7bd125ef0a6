// Metrics explorer: browse namespaces (ListMetrics, paged), search names and dimension values,
// tick series to graph them with a statistic, period and time range; zoom by dragging. The
// whole state is in the URL hash, so a link reproduces the graph.

import { cw } from '../api.js';
import { dimensionsText } from '../alarm-model.js';
import { formatDimensions } from '../format.js';
import { metricChart, PALETTE, defaultLabel } from '../graph.js';
import {
  filterMetrics, groupByDimensions, namespacesOf, PERIOD_OPTIONS, RANGE_OPTIONS, readState,
  sameMetric, stateHash, STATISTICS, toggleSeries,
} from '../metrics-state.js';
import { queryString } from '../router.js';
import { debounce, empty, errorBox, h, loading, replaceHash, select } from '../ui.js';

const SHOW_ALL_UNDER = 200;
const MAX_ROWS = 500;

function localInput(iso) {
  const d = new Date(iso);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export async function render(root, params) {
  const { signal } = params;
  const state = readState(params.query || {});
  const lists = { all: [], allToken: null, ns: [], nsToken: null, server: [] };

  // --- Browser panel -------------------------------------------------------------------------
  const search = h('input', { type: 'search', id: 'metrics-search', testid: 'metrics-search', value: state.q, placeholder: 'Filter by metric name or dimension value', autocomplete: 'off', 'data-keep': 'metrics-search' });
  const exact = h('button', { type: 'button', class: 'btn btn-small', title: 'Ask the server for metrics with exactly this name (ListMetrics MetricName)' }, 'Exact name on server');
  const nsList = h('div', { class: 'namespace-list', role: 'group', 'aria-label': 'Namespaces' });
  const results = h('div', { class: 'results', 'aria-live': 'polite' }, loading('Loading metrics…'));
  const status = h('p', { class: 'muted', role: 'status' });

  // --- Graph panel ---------------------------------------------------------------------------
  const statSel = select({ id: 'graph-stat', testid: 'graph-stat' }, STATISTICS, state.stat);
  const periodSel = select({ id: 'graph-period', testid: 'graph-period' }, PERIOD_OPTIONS, state.period);
  const rangeSel = select({ id: 'graph-range', testid: 'graph-range' }, RANGE_OPTIONS, state.range);
  const startIn = h('input', { type: 'datetime-local', id: 'graph-start', step: '60' });
  const endIn = h('input', { type: 'datetime-local', id: 'graph-end', step: '60' });
  const applyCustom = h('button', { type: 'button', class: 'btn btn-small' }, 'Apply range');
  const customBox = h('div', { class: 'custom-range', hidden: state.range !== 'custom' },
    h('div', { class: 'inline-field' }, h('label', { for: 'graph-start' }, 'From'), startIn),
    h('div', { class: 'inline-field' }, h('label', { for: 'graph-end' }, 'To'), endIn),
    applyCustom);
  const graphEl = h('div', { testid: 'graph', class: 'graph' });
  const seriesList = h('ul', { class: 'series-list', 'aria-label': 'Graphed series' });

  root.append(h('div', { class: 'explorer' },
    h('section', { class: 'card browser', 'aria-labelledby': 'mx-browse' },
      h('h2', { id: 'mx-browse' }, 'Browse metrics'),
      h('div', { class: 'search-row' }, h('label', { for: 'metrics-search', class: 'visually-hidden' }, 'Search metrics'), search, exact),
      h('h3', {}, 'Namespaces'), nsList, status, results),
    h('section', { class: 'card graph-panel', 'aria-labelledby': 'mx-graph' },
      h('h2', { id: 'mx-graph' }, 'Graph'),
      h('div', { class: 'graph-controls' },
        h('div', { class: 'inline-field' }, h('label', { for: 'graph-stat' }, 'Statistic'), statSel),
        h('div', { class: 'inline-field' }, h('label', { for: 'graph-period' }, 'Period'), periodSel),
        h('div', { class: 'inline-field' }, h('label', { for: 'graph-range' }, 'Time range'), rangeSel)),
      customBox,
      h('p', { class: 'muted', style: { fontSize: '.8rem', margin: '0 0 .3rem' } }, 'Drag across the graph to zoom in.'),
      graphEl, seriesList)));

  if (state.range === 'custom') {
    startIn.value = localInput(state.start);
    endIn.value = localInput(state.end);
  }

  const chartRange = () => (state.range === 'custom' ? { start: new Date(state.start), end: new Date(state.end) } : { relative: state.range });
  const chartQueries = () => state.series.map((s, i) => ({
    ...s, stat: state.stat, period: state.period === 'auto' ? undefined : Number(state.period), color: PALETTE[i % PALETTE.length],
  }));
  const saveUrl = () => replaceHash(stateHash(state));

  const chart = metricChart(graphEl, {
    queries: chartQueries(),
    range: chartRange(),
    live: true,
    onRangeChange(range) {
      if (range.relative) {
        state.range = range.relative;
        state.start = null;
        state.end = null;
      } else {
        state.range = 'custom';
        state.start = new Date(range.start).toISOString();
        state.end = new Date(range.end).toISOString();
        startIn.value = localInput(state.start);
        endIn.value = localInput(state.end);
      }
      rangeSel.value = state.range;
      customBox.hidden = state.range !== 'custom';
      saveUrl();
    },
  });

  function drawSeriesList() {
    seriesList.replaceChildren(...state.series.map((s, i) => {
      const alarmQuery = queryString({ namespace: s.namespace, metric: s.metricName, dimensions: dimensionsText(s.dimensions), statistic: state.stat });
      return h('li', {},
        h('span', { class: 'swatch', style: { background: PALETTE[i % PALETTE.length] }, 'aria-hidden': 'true' }),
        h('span', { class: 'label', title: `${s.namespace} ${s.metricName} ${formatDimensions(s.dimensions)}` }, `${defaultLabel(s)} · ${s.namespace}`),
        h('a', { href: `#/alarms/new${alarmQuery}`, class: 'btn btn-small' }, 'Alarm'),
        h('button', {
          type: 'button', class: 'btn btn-small', 'aria-label': `Remove ${defaultLabel(s)} from the graph`,
          onclick: () => setSeries(state.series.filter((_, j) => j !== i)),
        }, 'Remove'));
    }));
  }

  function setSeries(series) {
    state.series = series;
    saveUrl();
    chart.setQueries(chartQueries());
    drawSeriesList();
    for (const box of results.querySelectorAll('input[type="checkbox"]')) {
      box.checked = state.series.some((s) => sameMetric(box._metric, s));
    }
  }

  function drawNamespaces() {
    const names = namespacesOf([...lists.all, ...lists.ns, ...state.series.map((s) => ({ Namespace: s.namespace }))]);
    if (state.ns && !names.includes(state.ns)) names.push(state.ns);
    const allButton = h('button', { type: 'button', class: 'btn btn-small', 'aria-pressed': String(!state.ns), onclick: () => chooseNamespace('') }, 'All');
    nsList.replaceChildren(allButton, ...names.map((n) => h('button', {
      type: 'button', class: 'btn btn-small', testid: 'namespace', dataset: { namespace: n }, 'aria-pressed': String(state.ns === n),
      onclick: () => chooseNamespace(n),
    }, n)));
    if (lists.allToken) {
      nsList.append(h('button', { type: 'button', class: 'btn-link', onclick: () => loadAll(true) }, 'More namespaces…'));
    }
  }

  function drawResults() {
    const source = state.ns ? lists.ns : lists.all;
    const merged = [...source];
    for (const m of lists.server) if (!merged.some((x) => sameMetric(x, { namespace: m.Namespace, metricName: m.MetricName, dimensions: m.Dimensions }))) merged.push(m);
    const matching = filterMetrics(merged, state.q);
    const token = state.ns ? lists.nsToken : lists.allToken;
    if (!state.ns && !state.q && merged.length > SHOW_ALL_UNDER) {
      status.textContent = `${merged.length}${token ? '+' : ''} metrics: choose a namespace or type to search.`;
      results.replaceChildren();
      return;
    }
    status.textContent = `${matching.length} of ${merged.length}${token ? '+' : ''} loaded metrics${state.q ? ` match “${state.q}”` : ''}.`;
    if (matching.length === 0) {
      results.replaceChildren(empty(merged.length ? 'No loaded metric matches. Load more, or ask the server for the exact name.' : 'No metrics yet: send some with PutMetricData.'));
    } else {
      const frag = document.createDocumentFragment();
      let rows = 0;
      for (const g of groupByDimensions(matching)) {
        if (rows >= MAX_ROWS) break;
        const list = h('ul', { class: 'metric-rows' });
        for (const m of g.metrics) {
          if (rows >= MAX_ROWS) break;
          rows += 1;
          const box = h('input', { type: 'checkbox', checked: state.series.some((s) => sameMetric(m, s)) });
          box._metric = m;
          box.addEventListener('change', () => setSeries(toggleSeries(state.series, m)));
          list.append(h('li', {}, h('label', {
            class: 'metric-row', testid: 'metric-row', dataset: { namespace: m.Namespace, metricName: m.MetricName },
          }, box, h('span', { class: 'name' }, m.MetricName),
          h('span', { class: 'dims' }, formatDimensions(m.Dimensions) || 'no dimensions'))));
        }
        frag.append(h('div', { class: 'dim-group' },
          h('h3', {}, `${g.namespace} · ${g.names.length ? g.names.join(', ') : 'Metrics with no dimensions'}`), list));
      }
      results.replaceChildren(frag);
      if (rows >= MAX_ROWS) results.append(h('p', { class: 'muted' }, `Showing the first ${MAX_ROWS}; refine the search to see others.`));
    }
    if (token) {
      results.append(h('button', { type: 'button', class: 'btn more', onclick: () => (state.ns ? loadNamespace(true) : loadAll(true)) }, 'Load more metrics'));
    }
  }

  async function listMetrics(input) {
    return cw('ListMetrics', input, { signal });
  }

  async function loadAll(more) {
    try {
      const out = await listMetrics(more && lists.allToken ? { NextToken: lists.allToken } : {});
      lists.all = more ? [...lists.all, ...(out.Metrics || [])] : out.Metrics || [];
      lists.allToken = out.NextToken || null;
      drawNamespaces();
      if (!state.ns) drawResults();
    } catch (e) {
      if (e.name !== 'AbortError') results.replaceChildren(errorBox(e));
    }
  }

  async function loadNamespace(more) {
    if (!state.ns) return;
    const ns = state.ns;
    try {
      const out = await listMetrics({ Namespace: ns, ...(more && lists.nsToken ? { NextToken: lists.nsToken } : {}) });
      if (ns !== state.ns) return;
      lists.ns = more ? [...lists.ns, ...(out.Metrics || [])] : out.Metrics || [];
      lists.nsToken = out.NextToken || null;
      drawNamespaces();
      drawResults();
    } catch (e) {
      if (e.name !== 'AbortError') results.replaceChildren(errorBox(e));
    }
  }

  function chooseNamespace(ns) {
    state.ns = ns;
    lists.ns = [];
    lists.nsToken = null;
    lists.server = [];
    saveUrl();
    drawNamespaces();
    if (ns) {
      results.replaceChildren(loading());
      loadNamespace(false);
    } else {
      drawResults();
    }
  }

  const refilter = debounce(() => {
    state.q = search.value.trim();
    saveUrl();
    drawResults();
  }, 150);
  search.addEventListener('input', refilter);
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      exact.click();
    }
  });
  exact.addEventListener('click', async () => {
    const name = search.value.trim();
    if (!name) {
      search.focus();
      return;
    }
    state.q = name;
    saveUrl();
    exact.disabled = true;
    try {
      const out = await listMetrics({ MetricName: name, ...(state.ns ? { Namespace: state.ns } : {}) });
      lists.server = out.Metrics || [];
      drawResults();
      if (!lists.server.length) status.textContent = `The server has no metric named “${name}”${state.ns ? ` in ${state.ns}` : ''}; showing loaded metrics that contain it.`;
    } catch (e) {
      if (e.name !== 'AbortError') results.prepend(errorBox(e));
    } finally {
      exact.disabled = false;
    }
  });

  statSel.addEventListener('change', () => {
    state.stat = statSel.value;
    saveUrl();
    chart.setQueries(chartQueries());
  });
  periodSel.addEventListener('change', () => {
    state.period = periodSel.value;
    saveUrl();
    chart.setQueries(chartQueries());
  });
  rangeSel.addEventListener('change', () => {
    if (rangeSel.value === 'custom') {
      const [s, e] = [Date.now() - 3 * 3600_000, Date.now()];
      startIn.value = startIn.value || localInput(new Date(s).toISOString());
      endIn.value = endIn.value || localInput(new Date(e).toISOString());
      customBox.hidden = false;
      startIn.focus();
      return;
    }
    state.range = rangeSel.value;
    state.start = null;
    state.end = null;
    customBox.hidden = true;
    saveUrl();
    chart.setRange(chartRange());
  });
  applyCustom.addEventListener('click', () => {
    const s = new Date(startIn.value);
    const e = new Date(endIn.value);
    if (Number.isNaN(s.getTime()) || Number.isNaN(e.getTime()) || s >= e) {
      startIn.setAttribute('aria-invalid', 'true');
      status.textContent = 'The custom range needs a start before its end.';
      return;
    }
    startIn.removeAttribute('aria-invalid');
    state.range = 'custom';
    state.start = s.toISOString();
    state.end = e.toISOString();
    saveUrl();
    chart.setRange(chartRange());
  });

  drawSeriesList();
  drawNamespaces();
  await Promise.all([loadAll(false), state.ns ? loadNamespace(false) : null]);

  return () => {
    refilter.cancel();
    chart.destroy();
  };
}
