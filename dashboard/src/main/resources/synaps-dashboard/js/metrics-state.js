// The metrics explorer's state as it lives in the URL hash, and the pure list operations on
// ListMetrics results (filter, group by dimension names). Pure: Node's tests import it.

import { queryString } from './router.js';

/** Statistics the explorer offers. */
export const STATISTICS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount', 'p50', 'p90', 'p99'];

/** Periods the explorer offers ([value, label]; seconds, 'auto' = from the range). */
export const PERIOD_OPTIONS = [['auto', 'Auto'], ['1', '1 s (high resolution)'], ['10', '10 s (high resolution)'], ['60', '1 min'], ['300', '5 min'], ['3600', '1 h']];

/** Time ranges the explorer offers ([value, label]; ISO-8601 durations or 'custom'). */
export const RANGE_OPTIONS = [['PT15M', '15 min'], ['PT1H', '1 h'], ['PT3H', '3 h'], ['PT12H', '12 h'], ['P1D', '1 d'], ['P1W', '1 w'], ['custom', 'Custom']];

const DEFAULTS = { stat: 'Average', period: 'auto', range: 'PT3H' };

function toSeries(entry) {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') return null;
  const dims = Array.isArray(entry[2]) ? entry[2] : [];
  return {
    namespace: entry[0],
    metricName: entry[1],
    dimensions: dims.filter((d) => Array.isArray(d) && d.length === 2).map(([Name, Value]) => ({ Name: String(Name), Value: String(Value) })),
  };
}

/** The explorer state from the hash's query object (unknown or broken values fall back to defaults). */
export function readState(query = {}) {
  let series = [];
  if (query.g) {
    try {
      const parsed = JSON.parse(query.g);
      if (Array.isArray(parsed)) series = parsed.map(toSeries).filter(Boolean);
    } catch {
      series = [];
    }
  }
  const range = RANGE_OPTIONS.some(([v]) => v === query.range) ? query.range : DEFAULTS.range;
  const period = PERIOD_OPTIONS.some(([v]) => v === query.period) ? query.period : DEFAULTS.period;
  const stat = STATISTICS.includes(query.stat) || /^(p|tm|tc|ts|wm)\d/i.test(query.stat || '') ? query.stat : DEFAULTS.stat;
  const state = { ns: query.ns || '', q: query.q || '', series, stat, period, range, start: null, end: null };
  if (range === 'custom') {
    const start = new Date(query.start);
    const end = new Date(query.end);
    if (!Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime()) && start < end) {
      state.start = start.toISOString();
      state.end = end.toISOString();
    } else {
      state.range = DEFAULTS.range;
    }
  }
  return state;
}

/** The hash for an explorer state (defaults left out, so links stay short). */
export function stateHash(state) {
  const query = {
    ns: state.ns || '',
    q: state.q || '',
    g: state.series && state.series.length
      ? JSON.stringify(state.series.map((s) => [s.namespace, s.metricName, (s.dimensions || []).map((d) => [d.Name, d.Value])]))
      : '',
    stat: state.stat && state.stat !== DEFAULTS.stat ? state.stat : '',
    period: state.period && state.period !== DEFAULTS.period ? state.period : '',
    range: state.range && state.range !== DEFAULTS.range ? state.range : '',
    start: state.range === 'custom' ? state.start : '',
    end: state.range === 'custom' ? state.end : '',
  };
  return `#/metrics${queryString(query)}`;
}

/** The explorer link that graphs one metric ({Namespace, MetricName, Dimensions} as ListMetrics gives). */
export function explorerHref(metric, extra = {}) {
  return stateHash({
    ns: metric.Namespace,
    series: [{ namespace: metric.Namespace, metricName: metric.MetricName, dimensions: metric.Dimensions || [] }],
    ...extra,
  });
}

function dimsKey(dimensions) {
  return [...(dimensions || [])].map((d) => `${d.Name}\u0000${d.Value}`).sort().join('\u0001');
}

/** True when a ListMetrics entry and an explorer series name the same metric. */
export function sameMetric(metric, series) {
  return metric.Namespace === series.namespace && metric.MetricName === series.metricName
    && dimsKey(metric.Dimensions) === dimsKey(series.dimensions);
}

/**
 * The metrics matching a search text: every word must appear (case-insensitive) in the metric
 * name, the namespace, or a dimension name or value.
 */
export function filterMetrics(metrics, text) {
  const words = String(text || '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return metrics;
  return metrics.filter((m) => {
    const hay = [m.MetricName, m.Namespace, ...(m.Dimensions || []).flatMap((d) => [d.Name, d.Value])].join('\n').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/**
 * Metrics grouped like the CloudWatch console: by namespace and the set of dimension names
 * ("InstanceId", "AutoScalingGroupName, InstanceType", or no dimensions); groups sorted by
 * namespace then names, metrics by name then dimension values.
 */
export function groupByDimensions(metrics) {
  const groups = new Map();
  for (const m of metrics) {
    const names = (m.Dimensions || []).map((d) => d.Name).sort();
    const key = `${m.Namespace}\u0000${names.join('\u0001')}`;
    if (!groups.has(key)) groups.set(key, { namespace: m.Namespace, names, metrics: [] });
    groups.get(key).metrics.push(m);
  }
  const valueText = (m) => (m.Dimensions || []).slice().sort((a, b) => cmp(a.Name, b.Name)).map((d) => d.Value).join(' ');
  return [...groups.values()]
    .map((g) => ({ ...g, metrics: g.metrics.sort((a, b) => cmp(a.MetricName, b.MetricName) || cmp(valueText(a), valueText(b))) }))
    .sort((a, b) => cmp(a.namespace, b.namespace) || a.names.length - b.names.length || cmp(a.names.join(','), b.names.join(',')));
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The distinct namespaces of some metrics, sorted. */
export function namespacesOf(metrics) {
  return [...new Set(metrics.map((m) => m.Namespace))].sort(cmp);
}

/** Adds the metric to the series when absent, removes it when present; returns the new list. */
export function toggleSeries(series, metric) {
  const i = series.findIndex((s) => sameMetric(metric, s));
  if (i >= 0) return series.filter((_, j) => j !== i);
  return [...series, { namespace: metric.Namespace, metricName: metric.MetricName, dimensions: (metric.Dimensions || []).map((d) => ({ Name: d.Name, Value: d.Value })) }];
}
