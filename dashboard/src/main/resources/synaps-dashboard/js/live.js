// The live feed: one EventSource to /ui/api/events shared by every page. Pure at import time:
// nothing connects until start(). Listeners are kept across reconnects.

const EVENTS_URL = '/ui/api/events';
const listeners = new Map();
const stateListeners = new Set();
let source = null;
let wanted = false;
let state = 'closed';
let lastEventId = null;
let retryTimer = null;
let retryDelay = 2000;
let authCheck = null;
let reconnectedOnce = false;

function setState(next) {
  if (next === state) return;
  state = next;
  for (const fn of [...stateListeners]) fn(state);
}

function emit(type, data, id) {
  for (const fn of [...(listeners.get(type) || [])]) {
    try {
      fn(data, id);
    } catch (e) {
      // One listener's bug must not stop the others; surface it asynchronously.
      setTimeout(() => { throw e; });
    }
  }
}

function handler(type) {
  return (event) => {
    if (event.lastEventId) lastEventId = event.lastEventId;
    let data = null;
    try {
      data = event.data ? JSON.parse(event.data) : null;
    } catch {
      data = { raw: event.data };
    }
    emit(type, data, event.lastEventId);
  };
}

const TYPES = ['alarm', 'metrics', 'reset'];

function connect() {
  clearTimeout(retryTimer);
  retryTimer = null;
  if (!wanted || source || typeof EventSource === 'undefined') return;
  const url = lastEventId ? `${EVENTS_URL}?lastEventId=${encodeURIComponent(lastEventId)}` : EVENTS_URL;
  const resumed = lastEventId !== null;
  const es = new EventSource(url);
  source = es;
  setState('connecting');
  for (const type of TYPES) es.addEventListener(type, handler(type));
  es.onopen = () => {
    retryDelay = 2000;
    setState('open');
  };
  es.onerror = () => {
    if (source !== es) return;
    if (es.readyState === EventSource.CONNECTING) {
      setState('connecting'); // the browser retries by itself, sending Last-Event-ID
      return;
    }
    es.close();
    source = null;
    setState('closed');
    scheduleRetry();
  };
  if (!resumed && reconnectedOnce) emit('reset', { reason: 'The live feed reconnected without a position.' });
  reconnectedOnce = true;
}

async function scheduleRetry() {
  if (!wanted) return;
  // A closed stream is often a gone session (401): ask before hammering the server.
  if (authCheck) {
    let alive = true;
    try {
      alive = await authCheck();
    } catch {
      alive = true;
    }
    if (!alive || !wanted) return;
  }
  const delay = retryDelay;
  retryDelay = Math.min(retryDelay * 2, 30000);
  retryTimer = setTimeout(connect, delay);
}

let pageHooks = false;

// A page leaving (reload, navigation, back/forward cache) must give its stream's connection back:
// browsers allow six HTTP/1.1 connections per host, and streams left open by pages kept in the
// back/forward cache would otherwise use them all up and stall every later request.
function hookPageLifecycle() {
  if (pageHooks || typeof window === 'undefined') return;
  pageHooks = true;
  window.addEventListener('pagehide', () => {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (source) source.close();
    source = null;
    if (wanted) setState('closed');
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && wanted) connect(); // resumes after lastEventId
  });
}

/** Opens the feed (idempotent); `check()` resolves false when the session is gone (no retry then). */
export function start(check) {
  if (check) authCheck = check;
  wanted = true;
  hookPageLifecycle();
  connect();
}

/** Closes the feed and forgets its position (sign-out). */
export function stop() {
  wanted = false;
  clearTimeout(retryTimer);
  retryTimer = null;
  if (source) source.close();
  source = null;
  lastEventId = null;
  reconnectedOnce = false;
  setState('closed');
}

/** Listens to one event type (alarm | metrics | reset); returns the unsubscribe function. */
export function on(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type)?.delete(fn);
}

/** connecting | open | closed. */
export function connectionState() {
  return state;
}

/** Calls fn(state) on every connection state change; returns the unsubscribe function. */
export function onState(fn) {
  stateListeners.add(fn);
  return () => stateListeners.delete(fn);
}

/** Delivers an event to the listeners as if the server had sent it (tests, local echoes). */
export function dispatch(type, data) {
  emit(type, data, null);
}

/** True when a `metrics` event names one of the given metrics ({namespace, metricName, dimensions}). */
export function metricsEventMatches(event, queries) {
  if (!event) return false;
  if (event.overflow) return true;
  const wanted = new Set(queries.map((q) => metricKey(q.namespace, q.metricName, q.dimensions)));
  return (event.metrics || []).some((m) => wanted.has(metricKey(m.Namespace, m.MetricName, m.Dimensions)));
}

/** A canonical key of a metric: namespace, name and its dimensions sorted by name. */
export function metricKey(namespace, metricName, dimensions) {
  const dims = [...(dimensions || [])].map((d) => [d.Name, d.Value]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify([namespace, metricName, dims]);
}
