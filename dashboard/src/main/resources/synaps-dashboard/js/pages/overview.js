// Overview: alarms by state, recent state transitions (live), most active metrics.

import { cw } from '../api.js';
import { historyStates } from '../alarm-model.js';
import { formatAgo, formatDimensions, formatTime, toDate, compactNumber } from '../format.js';
import * as live from '../live.js';
import { explorerHref } from '../metrics-state.js';
import { alarmHref } from '../router.js';
import { h, errorBox, loading, empty, stateBadge, debounce } from '../ui.js';

const STATES = [['ALARM', 'In alarm'], ['OK', 'OK'], ['INSUFFICIENT_DATA', 'Insufficient data']];
const MAX_TRANSITIONS = 20;

export async function render(root, { signal }) {
  const counts = h('div', { class: 'state-counts', testid: 'overview-alarm-counts', 'aria-busy': 'true' });
  const countsNote = h('p', { class: 'muted', hidden: true });
  const transitions = h('ul', { class: 'transition-list', testid: 'overview-transitions', 'aria-live': 'polite' });
  const transitionsBox = h('div', {}, loading());
  const active = h('div', { testid: 'overview-active-metrics' }, loading());

  root.append(h('div', { class: 'overview-grid' },
    h('section', { class: 'card span-all', 'aria-labelledby': 'ov-alarms' },
      h('h2', { id: 'ov-alarms' }, 'Alarms by state'), counts, countsNote),
    h('section', { class: 'card', 'aria-labelledby': 'ov-transitions' },
      h('h2', { id: 'ov-transitions' }, 'Recent state changes'), transitions, transitionsBox),
    h('section', { class: 'card', 'aria-labelledby': 'ov-active' },
      h('h2', { id: 'ov-active' }, 'Most active metrics'),
      h('p', { class: 'muted' }, 'Metrics with the most data points received in the last 10 to 20 minutes.'),
      active)));

  // Alarms by state: every page of DescribeAlarms, both alarm types.
  const countBoxes = new Map();
  for (const [state, label] of STATES) {
    const count = h('span', { class: 'count' }, '…');
    const box = h('a', { class: 'state-count', href: `#/alarms?state=${state}`, dataset: { state } }, count, h('span', { class: 'what' }, label));
    countBoxes.set(state, count);
    counts.append(box);
  }
  const byName = new Map();
  const showCounts = () => {
    const n = { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 };
    for (const s of byName.values()) n[s] = (n[s] || 0) + 1;
    for (const [state] of STATES) countBoxes.get(state).textContent = String(n[state]);
    counts.removeAttribute('aria-busy');
    countsNote.hidden = byName.size > 0;
    countsNote.textContent = byName.size ? '' : 'No alarms yet. ';
    if (!byName.size) countsNote.append(h('a', { href: '#/alarms/new' }, 'Create an alarm'));
  };
  const loadCounts = async () => {
    try {
      const all = await describeAllAlarms(signal);
      byName.clear();
      for (const a of all) byName.set(a.AlarmName, a.StateValue);
      showCounts();
    } catch (e) {
      if (e.name !== 'AbortError') counts.replaceChildren(errorBox(e));
    }
  };

  // Recent transitions, newest first.
  const shown = [];
  const transitionItem = (t) => h('li', { dataset: { alarmName: t.alarmName, state: t.newState || '' } },
    h('div', { class: 'states' },
      h('a', { href: alarmHref(t.alarmName), class: 'wrap' }, t.alarmName),
      t.oldState ? stateBadge(t.oldState) : null, h('span', { 'aria-hidden': 'true' }, '→'),
      h('span', { class: 'visually-hidden' }, ' to '), stateBadge(t.newState)),
    h('time', { class: 'muted nowrap', datetime: new Date(t.time).toISOString(), title: formatTime(t.time) }, formatAgo(t.time)),
    t.reason ? h('div', { class: 'reason' }, t.reason) : null);
  const showTransitions = () => {
    transitions.replaceChildren(...shown.map(transitionItem));
    transitionsBox.replaceChildren(shown.length ? '' : empty('No state changes yet.'));
  };
  const loadTransitions = async () => {
    try {
      const out = await cw('DescribeAlarmHistory', {
        HistoryItemType: 'StateUpdate', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: MAX_TRANSITIONS, ScanBy: 'TimestampDescending',
      }, { signal });
      shown.length = 0;
      for (const item of out.AlarmHistoryItems || []) {
        const s = historyStates(item);
        shown.push({ alarmName: item.AlarmName, time: toDate(item.Timestamp).getTime(), oldState: s.oldState, newState: s.newState, reason: s.reason || item.HistorySummary });
      }
      shown.sort((a, b) => b.time - a.time);
      showTransitions();
    } catch (e) {
      if (e.name !== 'AbortError') transitionsBox.replaceChildren(errorBox(e));
    }
  };

  // Most active metrics (Synaps's ListActiveMetrics extension).
  const loadActive = async () => {
    try {
      const out = await cw('ListActiveMetrics', { MaxResults: 10 }, { signal });
      const metrics = out.Metrics || [];
      if (!metrics.length) {
        active.replaceChildren(empty('No data points received recently.'));
        return;
      }
      active.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'stack-on-phone' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Metric'), h('th', { scope: 'col' }, 'Dimensions'), h('th', { scope: 'col', class: 'num' }, 'Data points'))),
        h('tbody', {}, metrics.map((m) => h('tr', { dataset: { namespace: m.Namespace, metricName: m.MetricName } },
          h('td', {}, h('a', { href: explorerHref(m, { range: 'PT1H' }), title: 'Graph it in the metrics explorer' }, m.MetricName),
            h('div', { class: 'muted wrap' }, m.Namespace)),
          h('td', { class: 'wrap', 'data-label': 'Dimensions' }, formatDimensions(m.Dimensions) || '—'),
          h('td', { class: 'num', 'data-label': 'Data points' }, compactNumber(Number(m.SampleCount) || 0))))))));
    } catch (e) {
      if (e.name !== 'AbortError') active.replaceChildren(errorBox(e));
    }
  };

  await Promise.all([loadCounts(), loadTransitions(), loadActive()]);

  const recount = debounce(loadCounts, 1500);
  const offAlarm = live.on('alarm', (ev) => {
    if (!ev || !ev.alarmName) return;
    byName.set(ev.alarmName, ev.newState);
    showCounts();
    recount(); // new or deleted alarms send no transition: re-read soon
    shown.unshift({ alarmName: ev.alarmName, time: toDate(ev.timestamp)?.getTime() ?? Date.now(), oldState: ev.oldState, newState: ev.newState, reason: ev.reason });
    shown.length = Math.min(shown.length, MAX_TRANSITIONS);
    showTransitions();
    transitions.firstElementChild?.classList.add('fresh');
  });
  const offReset = live.on('reset', () => {
    loadCounts();
    loadTransitions();
  });
  const timer = setInterval(() => {
    loadActive();
    for (const t of transitions.querySelectorAll('time')) {
      t.textContent = formatAgo(new Date(t.getAttribute('datetime')));
    }
  }, 30_000);

  return () => {
    offAlarm();
    offReset();
    recount.cancel();
    clearInterval(timer);
  };
}

/** Every alarm of the account (metric and composite), following NextToken. */
export async function describeAllAlarms(signal, maxPages = 100) {
  const all = [];
  let token;
  for (let i = 0; i < maxPages; i += 1) {
    const out = await cw('DescribeAlarms', { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, ...(token ? { NextToken: token } : {}) }, { signal });
    all.push(...(out.MetricAlarms || []), ...(out.CompositeAlarms || []));
    token = out.NextToken;
    if (!token) break;
  }
  return all;
}
