// Alarm detail: live state badge, the metric graph with the threshold line, the state timeline,
// the history, and the actions (enable/disable actions, set state, edit, delete).

import { cw } from '../api.js';
import { historyStates, stateSegments } from '../alarm-model.js';
import { comparisonSymbol, formatDimensions, formatPeriod, formatTime, stateClass, stateLabel, toDate } from '../format.js';
import { metricChart, rangeBounds } from '../graph.js';
import * as live from '../live.js';
import { alarmEditHref } from '../router.js';
import { confirmDialog, debounce, empty, errorBox, h, loading, openDialog, select, setBadge, stateBadge } from '../ui.js';

const RANGES = [['PT1H', '1 h'], ['PT3H', '3 h'], ['PT12H', '12 h'], ['P1D', '1 d'], ['P1W', '1 w']];
const HISTORY_TYPES = [['', 'All'], ['StateUpdate', 'State changes'], ['ConfigurationUpdate', 'Configuration'], ['Action', 'Actions']];
const TYPES = ['MetricAlarm', 'CompositeAlarm'];

function defaultRange(alarm) {
  const span = (alarm.Period || 60) * (alarm.EvaluationPeriods || 1);
  if (span >= 6 * 3600) return 'P1W';
  if (span >= 3600) return 'P1D';
  if (span >= 900) return 'PT12H';
  return 'PT3H';
}

async function describe(name, signal) {
  const out = await cw('DescribeAlarms', { AlarmNames: [name], AlarmTypes: TYPES }, { signal });
  return (out.MetricAlarms || [])[0] || (out.CompositeAlarms || [])[0] || null;
}

export async function render(root, params) {
  const { signal, name } = params;
  root.append(loading());
  let alarm;
  try {
    alarm = await describe(name, signal);
  } catch (e) {
    root.replaceChildren(errorBox(e));
    return undefined;
  }
  root.replaceChildren();
  if (!alarm) {
    root.append(h('p', {}, `There is no alarm named “${name}”. `), h('a', { href: '#/alarms' }, 'Back to the alarms'));
    return undefined;
  }
  const composite = alarm.AlarmRule !== undefined;
  let rangeValue = composite ? 'P1D' : defaultRange(alarm);

  // --- Head ----------------------------------------------------------------------------------
  const badge = stateBadge(alarm.StateValue, 'alarm-state');
  badge.classList.add('badge-large');
  const reason = h('p', { class: 'wrap', testid: 'alarm-reason' });
  const toggle = h('button', { type: 'button', class: 'btn', testid: 'alarm-toggle-actions' });
  const message = h('div', { role: 'status' });
  const facts = h('dl', { class: 'facts' });

  function showAlarm() {
    setBadge(badge, alarm.StateValue);
    reason.textContent = alarm.StateReason || '';
    toggle.textContent = alarm.ActionsEnabled === false ? 'Enable actions' : 'Disable actions';
    toggle.setAttribute('aria-pressed', String(alarm.ActionsEnabled !== false));
    const rows = composite
      ? [['Rule', alarm.AlarmRule]]
      : [
        ['Metric', `${alarm.Namespace} · ${alarm.MetricName}`],
        ['Dimensions', formatDimensions(alarm.Dimensions) || 'none'],
        ['Condition', `${alarm.Statistic || alarm.ExtendedStatistic} ${comparisonSymbol(alarm.ComparisonOperator)} ${alarm.Threshold}`],
        ['Evaluation', `${alarm.DatapointsToAlarm || alarm.EvaluationPeriods} of ${alarm.EvaluationPeriods} periods of ${formatPeriod(alarm.Period)}`],
        ['Missing data', alarm.TreatMissingData || 'missing'],
      ];
    rows.push(
      ['Description', alarm.AlarmDescription || '—'],
      ['Actions', alarm.ActionsEnabled === false ? 'Disabled' : 'Enabled'],
      ['Alarm actions', (alarm.AlarmActions || []).join(', ') || 'none'],
      ['OK actions', (alarm.OKActions || []).join(', ') || 'none'],
      ['Insufficient data actions', (alarm.InsufficientDataActions || []).join(', ') || 'none'],
      ['State changed', formatTime(alarm.StateUpdatedTimestamp)],
      ['ARN', alarm.AlarmArn],
    );
    facts.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  }

  const setStateButton = h('button', { type: 'button', class: 'btn', testid: 'alarm-set-state' }, 'Set state…');
  const deleteButton = h('button', { type: 'button', class: 'btn btn-danger', testid: 'alarm-delete' }, 'Delete');
  root.append(
    h('div', { class: 'alarm-head' }, badge,
      h('div', { class: 'alarm-actions' },
        composite ? null : h('a', { href: alarmEditHref(name), class: 'btn', testid: 'alarm-edit' }, 'Edit'),
        toggle, setStateButton, deleteButton)),
    reason, message);

  // --- Graph and timeline -----------------------------------------------------------------------
  const rangeSel = select({ id: 'alarm-range', testid: 'alarm-range' }, RANGES, rangeValue);
  const graphEl = h('div', { testid: 'alarm-graph' });
  const timeline = h('div', { class: 'timeline', testid: 'alarm-timeline', role: 'img' });
  const timelineAxis = h('div', { class: 'timeline-axis' });
  const timelineList = h('ul', { class: 'visually-hidden' });
  root.append(h('section', { class: 'card', 'aria-labelledby': 'ad-graph' },
    h('div', { class: 'toolbar' }, h('h2', { id: 'ad-graph', style: { margin: 0 } }, composite ? 'State' : 'Metric'), h('span', { class: 'spacer' }),
      h('div', { class: 'inline-field' }, h('label', { for: 'alarm-range' }, 'Time range'), rangeSel)),
    composite ? null : graphEl,
    h('h3', {}, 'State timeline'), timeline, timelineAxis, timelineList,
    h('div', { class: 'legend' }, ['ALARM', 'OK', 'INSUFFICIENT_DATA'].map((s) => h('span', {}, h('span', { class: `key seg ${stateClass(s)}`, style: { background: `var(--${s === 'ALARM' ? 'alarm' : s === 'OK' ? 'ok' : 'insufficient'})` } }), stateLabel(s))))));

  let chart = null;
  if (!composite) {
    chart = metricChart(graphEl, {
      queries: [{
        namespace: alarm.Namespace, metricName: alarm.MetricName, dimensions: alarm.Dimensions || [],
        stat: alarm.Statistic || alarm.ExtendedStatistic, period: alarm.Period, label: `${alarm.MetricName} (${alarm.Statistic || alarm.ExtendedStatistic})`,
      }],
      range: { relative: rangeValue },
      thresholds: [{ value: alarm.Threshold, label: `Threshold ${comparisonSymbol(alarm.ComparisonOperator)} ${alarm.Threshold}`, color: '#d13212' }],
      live: true,
    });
  }

  async function loadTimeline() {
    const [start, end] = rangeBounds({ relative: rangeValue });
    try {
      const [inside, before] = await Promise.all([
        cw('DescribeAlarmHistory', { AlarmName: name, AlarmTypes: TYPES, HistoryItemType: 'StateUpdate', StartDate: new Date(start).toISOString(), MaxRecords: 100 }, { signal }),
        cw('DescribeAlarmHistory', { AlarmName: name, AlarmTypes: TYPES, HistoryItemType: 'StateUpdate', EndDate: new Date(start).toISOString(), MaxRecords: 1 }, { signal }),
      ]);
      const transitions = [...(inside.AlarmHistoryItems || []), ...(before.AlarmHistoryItems || [])].map((item) => ({ time: toDate(item.Timestamp).getTime(), ...historyStates(item) }));
      const segments = stateSegments(transitions, alarm.StateValue, start, end);
      const total = end - start;
      timeline.replaceChildren(...segments.map((s) => h('span', {
        class: `seg ${stateClass(s.state)}`, dataset: { state: s.state },
        style: { width: `${((s.end - s.start) / total) * 100}%` },
        title: `${stateLabel(s.state)}: ${formatTime(s.start)} – ${formatTime(s.end)}`,
      })));
      timeline.setAttribute('aria-label', `State over the last ${RANGES.find(([v]) => v === rangeValue)[1]}: ${segments.map((s) => stateLabel(s.state)).join(', then ')}`);
      timelineList.replaceChildren(...segments.map((s) => h('li', {}, `${stateLabel(s.state)} from ${formatTime(s.start)} to ${formatTime(s.end)}`)));
      timelineAxis.replaceChildren(h('span', {}, formatTime(start)), h('span', {}, 'now'));
    } catch (e) {
      if (e.name !== 'AbortError') timeline.replaceChildren(errorBox(e));
    }
  }

  rangeSel.addEventListener('change', () => {
    rangeValue = rangeSel.value;
    if (chart) chart.setRange({ relative: rangeValue });
    loadTimeline();
  });

  // --- Details and history ----------------------------------------------------------------------
  const typeSel = select({ id: 'history-type', testid: 'alarm-history-type' }, HISTORY_TYPES, '');
  const historyBody = h('tbody', {});
  const historyBox = h('div', {}, loading());
  const historyMore = h('button', { type: 'button', class: 'btn more', hidden: true }, 'Load more history');
  let historyToken = null;
  let historySeq = 0;
  root.append(
    h('section', { class: 'card', 'aria-labelledby': 'ad-details' }, h('h2', { id: 'ad-details' }, 'Details'), facts),
    h('section', { class: 'card', 'aria-labelledby': 'ad-history' },
      h('div', { class: 'toolbar' }, h('h2', { id: 'ad-history', style: { margin: 0 } }, 'History'), h('span', { class: 'spacer' }),
        h('div', { class: 'inline-field' }, h('label', { for: 'history-type' }, 'Show'), typeSel)),
      historyBox, historyMore));
  const historyTable = h('div', { class: 'table-wrap' }, h('table', { class: 'stack-on-phone' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Summary'))),
    historyBody));

  function historyRow(item) {
    const states = item.HistoryItemType === 'StateUpdate' ? historyStates(item) : null;
    let pretty = item.HistoryData || '';
    try {
      pretty = JSON.stringify(JSON.parse(pretty), null, 2);
    } catch {
      // not JSON: shown as it is
    }
    return h('tr', { testid: 'alarm-history', dataset: { type: item.HistoryItemType, state: states?.newState || '' } },
      h('td', { class: 'nowrap' }, formatTime(item.Timestamp)),
      h('td', {}, states?.newState ? stateBadge(states.newState) : item.HistoryItemType),
      h('td', { class: 'wrap' }, item.HistorySummary,
        pretty ? h('details', { class: 'history-data' }, h('summary', {}, 'Data'), h('pre', {}, pretty)) : null));
  }

  async function loadHistory(append) {
    const mine = ++historySeq;
    try {
      const out = await cw('DescribeAlarmHistory', {
        AlarmName: name, AlarmTypes: TYPES, MaxRecords: 50, ScanBy: 'TimestampDescending',
        ...(typeSel.value ? { HistoryItemType: typeSel.value } : {}),
        ...(append && historyToken ? { NextToken: historyToken } : {}),
      }, { signal });
      if (mine !== historySeq) return;
      if (!append) historyBody.replaceChildren();
      for (const item of out.AlarmHistoryItems || []) historyBody.append(historyRow(item));
      historyToken = out.NextToken || null;
      historyMore.hidden = !historyToken;
      historyBox.replaceChildren(historyBody.children.length ? historyTable : empty('No history yet.'));
    } catch (e) {
      if (mine === historySeq && e.name !== 'AbortError') historyBox.replaceChildren(errorBox(e));
    }
  }
  typeSel.addEventListener('change', () => loadHistory(false));
  historyMore.addEventListener('click', () => loadHistory(true));

  // --- Actions ------------------------------------------------------------------------------------
  const say = (text, isError) => message.replaceChildren(isError ? errorBox(text) : h('p', { class: 'notice' }, text));

  async function reloadAlarm() {
    try {
      const fresh = await describe(name, signal);
      if (fresh) {
        alarm = fresh;
        showAlarm();
      }
    } catch (e) {
      if (e.name !== 'AbortError') say(e, true);
    }
  }

  toggle.addEventListener('click', async () => {
    const enable = alarm.ActionsEnabled === false;
    toggle.disabled = true;
    try {
      await cw(enable ? 'EnableAlarmActions' : 'DisableAlarmActions', { AlarmNames: [name] }, { signal });
      await reloadAlarm();
      say(enable ? 'Actions enabled.' : 'Actions disabled: the alarm changes state but notifies nobody.');
      loadHistory(false);
    } catch (e) {
      if (e.name !== 'AbortError') say(e, true);
    } finally {
      toggle.disabled = false;
    }
  });

  setStateButton.addEventListener('click', () => openDialog('Set the alarm state', (close) => {
    const stateSel = select({ id: 'set-state-value', testid: 'set-state-value' }, [['ALARM', 'In alarm'], ['OK', 'OK'], ['INSUFFICIENT_DATA', 'Insufficient data']], alarm.StateValue === 'ALARM' ? 'OK' : 'ALARM');
    const reasonIn = h('textarea', { id: 'set-state-reason', testid: 'set-state-reason', required: true, maxlength: '1023', rows: '3' });
    const error = h('p', { class: 'form-error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'set-state-submit' }, 'Set state');
    const form = h('form', { novalidate: true },
      h('p', { class: 'muted' }, 'The alarm keeps this state until its next evaluation. Actions run as for a real change.'),
      h('div', { class: 'field' }, h('label', { for: 'set-state-value' }, 'State'), stateSel),
      h('div', { class: 'field' }, h('label', { for: 'set-state-reason' }, 'Reason'), reasonIn),
      error,
      h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cancel'), submit));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!reasonIn.value.trim()) {
        error.textContent = 'Write why you set this state.';
        reasonIn.setAttribute('aria-invalid', 'true');
        reasonIn.focus();
        return;
      }
      submit.disabled = true;
      try {
        await cw('SetAlarmState', { AlarmName: name, StateValue: stateSel.value, StateReason: reasonIn.value.trim() }, { signal });
        close(true);
        await reloadAlarm();
        loadHistory(false);
        loadTimeline();
      } catch (err) {
        error.textContent = `${err.code ? `${err.code}: ` : ''}${err.message}`;
        submit.disabled = false;
      }
    });
    setTimeout(() => reasonIn.focus());
    return form;
  }));

  deleteButton.addEventListener('click', async () => {
    const ok = await confirmDialog('Delete the alarm?', `The alarm “${name}” and its actions will be deleted. Its history stays readable.`, 'Delete', { danger: true, testid: 'confirm-delete' });
    if (!ok) return;
    deleteButton.disabled = true;
    try {
      await cw('DeleteAlarms', { AlarmNames: [name] }, { signal });
      location.hash = '#/alarms';
    } catch (e) {
      deleteButton.disabled = false;
      if (e.name !== 'AbortError') say(e, true);
    }
  });

  // --- Live -----------------------------------------------------------------------------------------
  const refreshAll = debounce(() => {
    reloadAlarm();
    loadHistory(false);
    loadTimeline();
  }, 400);
  const offAlarm = live.on('alarm', (ev) => {
    if (!ev || ev.alarmName !== name) return;
    alarm = { ...alarm, StateValue: ev.newState, StateReason: ev.reason, StateUpdatedTimestamp: ev.timestamp };
    setBadge(badge, ev.newState);
    reason.textContent = ev.reason || '';
    refreshAll();
  });
  const offReset = live.on('reset', () => refreshAll());

  showAlarm();
  await Promise.all([loadHistory(false), loadTimeline()]);

  return () => {
    offAlarm();
    offReset();
    refreshAll.cancel();
    if (chart) chart.destroy();
  };
}
