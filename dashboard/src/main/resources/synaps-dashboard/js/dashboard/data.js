// Fetches the datapoints of many dashboard widgets with as few GetMetricData calls as possible:
// one call per time window for up to 500 distinct queries (the same metric, stat and period
// asked by several widgets is fetched once). The API call is injected (api.js `cw` in the
// browser), so Node's tests run this module.

/** Most MetricDataQueries one GetMetricData call may hold. */
export const MAX_QUERIES_PER_CALL = 500;
const MAX_PAGES = 20;

/**
 * Plans the GetMetricData calls for `requests` = `[{key, startMillis, endMillis, queries:
 * [{namespace, metricName, dimensions, stat, period}]}]`. Returns `[{input, targets, keys}]`:
 * input is the GetMetricData input; targets maps a query Id to the `[{key, position}]` it
 * answers; keys are the request keys the call serves.
 */
export function planFetch(requests) {
  const windows = new Map();
  for (const r of requests) {
    const start = Math.floor(r.startMillis / 1000);
    const end = Math.ceil(r.endMillis / 1000);
    const w = `${start}|${end}`;
    if (!windows.has(w)) windows.set(w, { start, end, distinct: new Map() });
    const { distinct } = windows.get(w);
    r.queries.forEach((q, position) => {
      const id = JSON.stringify([q.namespace, q.metricName, q.dimensions ?? [], q.stat, q.period]);
      if (!distinct.has(id)) distinct.set(id, { query: q, targets: [] });
      distinct.get(id).targets.push({ key: r.key, position });
    });
  }
  const calls = [];
  for (const { start, end, distinct } of windows.values()) {
    const entries = [...distinct.values()];
    for (let i = 0; i < entries.length; i += MAX_QUERIES_PER_CALL) {
      const chunk = entries.slice(i, i + MAX_QUERIES_PER_CALL);
      const targets = new Map();
      const keys = new Set();
      const queries = chunk.map((e, j) => {
        const id = `q${j}`;
        targets.set(id, e.targets);
        e.targets.forEach((t) => keys.add(t.key));
        return {
          Id: id,
          MetricStat: {
            Metric: { Namespace: e.query.namespace, MetricName: e.query.metricName, Dimensions: e.query.dimensions ?? [] },
            Period: e.query.period,
            Stat: e.query.stat,
          },
          ReturnData: true,
        };
      });
      calls.push({
        input: { MetricDataQueries: queries, StartTime: start, EndTime: end, ScanBy: 'TimestampAscending' },
        targets,
        keys,
      });
    }
  }
  return calls;
}

/** Runs one GetMetricData input through every NextToken page; returns Map(Id -> {points, statusCode, messages}). */
export async function runGetMetricData(cw, input) {
  const byId = new Map();
  let token;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const out = await cw('GetMetricData', token ? { ...input, NextToken: token } : input);
    for (const r of out.MetricDataResults ?? []) {
      if (!byId.has(r.Id)) byId.set(r.Id, { points: [], statusCode: 'Complete', messages: [] });
      const acc = byId.get(r.Id);
      const ts = r.Timestamps ?? [];
      const vs = r.Values ?? [];
      for (let i = 0; i < ts.length && i < vs.length; i += 1) acc.points.push([toMillis(ts[i]), vs[i]]);
      acc.statusCode = r.StatusCode ?? acc.statusCode;
      for (const m of r.Messages ?? []) acc.messages.push(m);
    }
    token = out.NextToken;
    if (!token) break;
  }
  for (const acc of byId.values()) acc.points.sort((a, b) => a[0] - b[0]);
  return byId;
}

function toMillis(t) {
  if (typeof t === 'number') return t < 1e11 ? t * 1000 : t;
  return Date.parse(t);
}

/**
 * Fetches every request's series. Resolves to Map(key -> {results, error}): results holds, per
 * query position, `{points: [[epochMillis, value]...], statusCode, messages}`; error is the
 * ApiError that kept this widget from its data (others still get theirs: when a shared call
 * fails, its widgets are fetched one by one so the error lands on the widget that caused it).
 * A 401 (session gone) rejects.
 */
export async function fetchWidgets(cw, requests) {
  const out = new Map(requests.map((r) => [r.key, { results: r.queries.map(empty), error: null }]));
  const runCalls = async (calls, isolate) => {
    await Promise.all(calls.map(async (call) => {
      try {
        const byId = await runGetMetricData(cw, call.input);
        for (const [id, targets] of call.targets) {
          const res = byId.get(id) ?? empty();
          for (const t of targets) out.get(t.key).results[t.position] = res;
        }
      } catch (e) {
        if (e?.status === 401 || e?.name === 'AbortError') throw e;
        if (isolate && call.keys.size > 1) {
          const alone = requests.filter((r) => call.keys.has(r.key));
          await Promise.all(alone.map((r) => runCalls(planFetch([r]), false)));
        } else {
          for (const key of call.keys) out.get(key).error = e;
        }
      }
    }));
  };
  await runCalls(planFetch(requests), true);
  return out;
}

function empty() {
  return { points: [], statusCode: 'Complete', messages: [] };
}
