// Alarms list: DescribeAlarms (paged) with state / type / name-prefix filters kept in the URL;
// rows' state badges follow `alarm` events live without reloading.

import { cw } from '../api.js';
import { comparisonSymbol, formatAgo, formatDimensions, formatTime, formatPeriod } from '../format.js';
import * as live from '../live.js';
import { alarmHref, queryString } from '../router.js';
import { debounce, empty, errorBox, h, loading, replaceHash, select, setBadge, stateBadge } from '../ui.js';

const STATE_OPTIONS = [['', 'Any state'], ['ALARM', 'In alarm'], ['OK', 'OK'], ['INSUFFICIENT_DATA', 'Insufficient data']];
const TYPE_OPTIONS = [['', 'Metric and composite'], ['MetricAlarm', 'Metric alarms'], ['CompositeAlarm', 'Composite alarms']];
const PAGE_SIZE = 50;

function condition(a) {
  if (a.AlarmRule !== undefined) return a.AlarmRule;
  const stat = a.Statistic || a.ExtendedStatistic;
  const need = a.DatapointsToAlarm && a.DatapointsToAlarm !== a.EvaluationPeriods ? `${a.DatapointsToAlarm} of ${a.EvaluationPeriods}` : `${a.EvaluationPeriods}`;
  return `${stat} ${comparisonSymbol(a.ComparisonOperator)} ${a.Threshold} for ${need} × ${formatPeriod(a.Period)}`;
}

export async function render(root, params) {
  const { signal } = params;
  const query = params.query || {};
  const filters = {
    state: STATE_OPTIONS.some(([v]) => v === query.state) ? query.state : '',
    type: TYPE_OPTIONS.some(([v]) => v === query.type) ? query.type : '',
    prefix: query.prefix || '',
  };

  const stateSel = select({ id: 'alarm-filter-state', testid: 'alarm-filter-state' }, STATE_OPTIONS, filters.state);
  const typeSel = select({ id: 'alarm-filter-type', testid: 'alarm-filter-type' }, TYPE_OPTIONS, filters.type);
  const prefixIn = h('input', { type: 'search', id: 'alarm-filter-prefix', testid: 'alarm-filter-prefix', value: filters.prefix, placeholder: 'Name starts with…', autocomplete: 'off' });
  const tbody = h('tbody', {});
  const tableBox = h('div', {}, loading());
  const more = h('button', { type: 'button', class: 'btn more', hidden: true }, 'Load more alarms');
  const note = h('p', { class: 'muted', role: 'status' });
  const rows = new Map();
  let token = null;
  let seq = 0;

  root.append(
    h('div', { class: 'toolbar' },
      h('div', { class: 'inline-field' }, h('label', { for: 'alarm-filter-state' }, 'State'), stateSel),
      h('div', { class: 'inline-field' }, h('label', { for: 'alarm-filter-type' }, 'Type'), typeSel),
      h('div', { class: 'inline-field' }, h('label', { for: 'alarm-filter-prefix' }, 'Name prefix'), prefixIn),
      h('span', { class: 'spacer' }),
      h('a', { href: '#/alarms/new', class: 'btn btn-primary', testid: 'alarm-new' }, 'Create alarm')),
    h('section', { class: 'card' }, note, tableBox, more));

  const table = h('div', { class: 'table-wrap' }, h('table', { class: 'stack-on-phone' },
    h('caption', { class: 'visually-hidden' }, 'Alarms'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Metric or rule'),
      h('th', { scope: 'col' }, 'Condition'), h('th', { scope: 'col' }, 'Actions'), h('th', { scope: 'col' }, 'State changed'))),
    tbody));

  function row(a) {
    const composite = a.AlarmRule !== undefined;
    const badge = stateBadge(a.StateValue);
    const changed = h('td', { class: 'nowrap', 'data-label': 'State changed', title: formatTime(a.StateUpdatedTimestamp) }, formatAgo(a.StateUpdatedTimestamp));
    const tr = h('tr', { testid: 'alarm-row', dataset: { alarmName: a.AlarmName, state: a.StateValue } },
      h('td', {}, badge),
      h('td', { class: 'wrap' }, h('a', { href: alarmHref(a.AlarmName) }, a.AlarmName),
        a.AlarmDescription ? h('div', { class: 'muted' }, a.AlarmDescription) : null),
      h('td', { class: 'wrap', 'data-label': composite ? 'Type' : 'Metric' }, composite ? h('span', { class: 'muted' }, 'Composite') : [a.MetricName, h('div', { class: 'muted' }, [a.Namespace, formatDimensions(a.Dimensions)].filter(Boolean).join(' · '))]),
      h('td', { class: 'wrap mono', 'data-label': composite ? 'Rule' : 'Condition' }, condition(a)),
      h('td', { 'data-label': 'Actions' }, a.ActionsEnabled === false ? 'Disabled' : 'Enabled'),
      changed);
    rows.set(a.AlarmName, { tr, badge, changed });
    return tr;
  }

  async function load(append) {
    const mine = ++seq;
    if (!append) {
      tableBox.replaceChildren(loading());
      rows.clear();
      tbody.replaceChildren();
      token = null;
    }
    more.disabled = true;
    try {
      const out = await cw('DescribeAlarms', {
        AlarmTypes: filters.type ? [filters.type] : ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: PAGE_SIZE,
        ...(filters.state ? { StateValue: filters.state } : {}),
        ...(filters.prefix ? { AlarmNamePrefix: filters.prefix } : {}),
        ...(append && token ? { NextToken: token } : {}),
      }, { signal });
      if (mine !== seq) return;
      const alarms = [...(out.MetricAlarms || []), ...(out.CompositeAlarms || [])].sort((x, y) => (x.AlarmName < y.AlarmName ? -1 : 1));
      for (const a of alarms) if (!rows.has(a.AlarmName)) tbody.append(row(a));
      token = out.NextToken || null;
      more.hidden = !token;
      note.textContent = rows.size ? `${rows.size}${token ? '+' : ''} alarm${rows.size === 1 ? '' : 's'}.` : '';
      tableBox.replaceChildren(rows.size ? table : empty(filters.state || filters.prefix || filters.type ? 'No alarm matches these filters.' : 'No alarms yet.'));
    } catch (e) {
      if (mine === seq && e.name !== 'AbortError') tableBox.replaceChildren(errorBox(e));
    } finally {
      more.disabled = false;
    }
  }

  function applyFilters() {
    filters.state = stateSel.value;
    filters.type = typeSel.value;
    filters.prefix = prefixIn.value.trim();
    replaceHash(`#/alarms${queryString(filters)}`);
    load(false);
  }

  const onPrefix = debounce(applyFilters, 300);
  stateSel.addEventListener('change', applyFilters);
  typeSel.addEventListener('change', applyFilters);
  prefixIn.addEventListener('input', onPrefix);
  more.addEventListener('click', () => load(true));

  const offAlarm = live.on('alarm', (ev) => {
    const r = ev && rows.get(ev.alarmName);
    if (!r) return;
    setBadge(r.badge, ev.newState);
    r.tr.dataset.state = ev.newState;
    r.changed.textContent = 'just now';
    r.changed.title = formatTime(ev.timestamp);
    if (filters.state && ev.newState !== filters.state) {
      note.textContent = 'Some alarms no longer match the state filter; change a filter to refresh the list.';
    }
  });
  const offReset = live.on('reset', () => load(false));

  await load(false);
  return () => {
    offAlarm();
    offReset();
    onPrefix.cancel();
  };
}
