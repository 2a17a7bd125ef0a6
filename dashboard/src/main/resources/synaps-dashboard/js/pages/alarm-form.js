// Create / edit a metric alarm (PutMetricAlarm) with a live preview: the metric graph with the
// threshold, and what the alarm would have done over the last day (BacktestMetricAlarm), its
// transitions marked on the graph and listed. API validation errors show next to the fields.

import { cw, sns } from '../api.js';
import {
  alarmInput, ALARM_STATISTICS, COMPARISONS, fieldOfError, formFromAlarm, localErrors,
  MISSING_DATA, parseDimensions,
} from '../alarm-model.js';
import { comparisonSymbol, formatTime } from '../format.js';
import { metricChart } from '../graph.js';
import { alarmHref } from '../router.js';
import { restoreKept } from '../session.js';
import { debounce, empty, errorBox, field, h, loading, select, setFieldError, stateBadge } from '../ui.js';

const STATE_COLORS = { ALARM: '#d13212', OK: '#1d8102', INSUFFICIENT_DATA: '#687078' };
const PREVIEW_RANGE = 'P1D';

async function listTopics(signal) {
  const arns = [];
  let token;
  for (let i = 0; i < 20; i += 1) {
    const out = await sns('ListTopics', token ? { NextToken: token } : {}, { signal });
    for (const t of Array.isArray(out.Topics) ? out.Topics : []) if (t.TopicArn) arns.push(t.TopicArn);
    token = out.NextToken;
    if (!token) break;
  }
  return arns.sort();
}

export async function render(root, params) {
  const { signal } = params;
  const editing = !params.isNew;
  let keep = {};
  let values = {
    name: '', description: '', namespace: params.namespace || '', metric: params.metric || '',
    dimensions: params.dimensions || '', statistic: params.statistic || 'Average', period: '60',
    evaluationPeriods: '1', datapoints: '', comparison: 'GreaterThanThreshold', threshold: '',
    missing: 'missing', alarmTopic: '', okTopic: '',
  };

  if (editing) {
    root.append(loading('Loading the alarm…'));
    let alarm;
    try {
      const out = await cw('DescribeAlarms', { AlarmNames: [params.name], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }, { signal });
      alarm = (out.MetricAlarms || [])[0];
      if (!alarm && (out.CompositeAlarms || [])[0]) {
        root.replaceChildren(h('p', {}, 'Composite alarms are edited with PutCompositeAlarm; this form edits metric alarms only.'));
        return undefined;
      }
    } catch (e) {
      root.replaceChildren(errorBox(e));
      return undefined;
    }
    if (!alarm) {
      root.replaceChildren(h('p', {}, `There is no alarm named “${params.name}”. `), h('a', { href: '#/alarms/new' }, 'Create one'));
      return undefined;
    }
    ({ values, keep } = formFromAlarm(alarm));
    root.replaceChildren();
  }

  // --- Controls -----------------------------------------------------------------------------------
  const c = {};
  const text = (key, testid, props = {}) => {
    c[key] = h('input', { id: `alarm-${key}`, name: key, testid, value: values[key], 'data-keep': key, autocomplete: 'off', ...props });
    return c[key];
  };
  const nsList = h('datalist', { id: 'alarm-namespaces' });
  const metricList = h('datalist', { id: 'alarm-metric-names' });
  text('name', 'alarm-name', { required: true, maxlength: '255', readonly: editing || null });
  c.description = h('textarea', { id: 'alarm-description', name: 'description', testid: 'alarm-description', 'data-keep': 'description', rows: '2', maxlength: '1024' });
  c.description.value = values.description;
  text('namespace', 'alarm-namespace', { required: true, list: 'alarm-namespaces' });
  text('metric', 'alarm-metric', { required: true, list: 'alarm-metric-names' });
  c.dimensions = h('textarea', { id: 'alarm-dimensions', name: 'dimensions', testid: 'alarm-dimensions', 'data-keep': 'dimensions', rows: '3', spellcheck: 'false', placeholder: 'InstanceId=i-0123456789' });
  c.dimensions.value = values.dimensions;
  const stats = ALARM_STATISTICS.includes(values.statistic) ? ALARM_STATISTICS : [...ALARM_STATISTICS, values.statistic];
  c.statistic = select({ id: 'alarm-statistic', name: 'statistic', testid: 'alarm-statistic', 'data-keep': 'statistic' }, stats, values.statistic);
  text('period', 'alarm-period', { type: 'number', min: '1', step: '1', inputmode: 'numeric', required: true });
  text('evaluationPeriods', 'alarm-evaluation-periods', { type: 'number', min: '1', step: '1', inputmode: 'numeric', required: true });
  text('datapoints', 'alarm-datapoints', { type: 'number', min: '1', step: '1', inputmode: 'numeric', placeholder: 'same as evaluation periods' });
  c.comparison = select({ id: 'alarm-comparison', name: 'comparison', testid: 'alarm-comparison', 'data-keep': 'comparison' }, COMPARISONS, values.comparison);
  text('threshold', 'alarm-threshold', { type: 'text', inputmode: 'decimal', required: true });
  c.missing = select({ id: 'alarm-missing', name: 'missing', testid: 'alarm-missing', 'data-keep': 'missing' }, MISSING_DATA, values.missing);
  c.alarmTopic = select({ id: 'alarm-topic', name: 'alarmTopic', testid: 'alarm-topic', 'data-keep': 'alarmTopic' }, [['', 'No notification']], '');
  c.okTopic = select({ id: 'alarm-ok-topic', name: 'okTopic', testid: 'alarm-ok-topic', 'data-keep': 'okTopic' }, [['', 'No notification']], '');
  const topicNote = h('small', { class: 'hint' });

  const formError = h('div', { class: 'form-error', testid: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'alarm-save' }, editing ? 'Save alarm' : 'Create alarm');
  const cancel = h('a', { class: 'btn', href: editing ? alarmHref(params.name) : '#/alarms' }, 'Cancel');

  const form = h('form', { class: 'card alarm-form', novalidate: true, 'aria-labelledby': 'page-title' },
    h('fieldset', {}, h('legend', {}, 'Metric'),
      h('div', { class: 'form-grid' },
        field('Namespace', c.namespace),
        field('Metric name', c.metric),
        h('div', { class: 'wide' }, field('Dimensions', c.dimensions, { hint: 'One Name=Value per line; leave empty for a metric without dimensions.' })),
        field('Statistic', c.statistic),
        field('Period (seconds)', c.period, { hint: '10, 20, 30 or a multiple of 60.' }))),
    h('fieldset', {}, h('legend', {}, 'Condition'),
      h('div', { class: 'form-grid' },
        field('Comparison', c.comparison),
        field('Threshold', c.threshold),
        field('Evaluation periods', c.evaluationPeriods),
        field('Data points to alarm', c.datapoints, { hint: 'How many of the evaluation periods must breach (M of N).' }),
        h('div', { class: 'wide' }, field('Missing data', c.missing)))),
    h('fieldset', {}, h('legend', {}, 'Name and notifications'),
      h('div', { class: 'form-grid' },
        h('div', { class: 'wide' }, field('Alarm name', c.name, { hint: editing ? 'An alarm cannot be renamed.' : null })),
        h('div', { class: 'wide' }, field('Description (optional)', c.description)),
        field('Notify on ALARM (SNS topic)', c.alarmTopic),
        field('Notify on OK (SNS topic)', c.okTopic),
        h('div', { class: 'wide' }, topicNote))),
    formError,
    h('div', { class: 'form-actions' }, save, cancel),
    nsList, metricList);

  // --- Preview ------------------------------------------------------------------------------------
  const preview = h('section', { class: 'card preview-panel', testid: 'alarm-preview', 'aria-labelledby': 'af-preview', dataset: { state: 'idle' } });
  const previewGraph = h('div', { testid: 'alarm-preview-graph' });
  const previewSummary = h('div', { class: 'backtest-summary', 'aria-live': 'polite' });
  const previewList = h('ul', { class: 'backtest-list', 'aria-label': 'Transitions over the last day' });
  preview.append(h('h2', { id: 'af-preview' }, 'Preview: the last day'),
    h('p', { class: 'muted' }, 'The metric with the threshold, and what this alarm would have done over the last day of stored data (vertical lines: state changes).'),
    previewGraph, previewSummary, previewList);

  root.append(h('div', { class: 'alarm-form-layout' }, form, preview));

  const read = () => Object.fromEntries(Object.entries(c).map(([k, el]) => [k, el.value]));
  let chart = null;
  const clearErrors = () => {
    for (const el of Object.values(c)) setFieldError(el, null);
  };
  const showApiError = (e, box) => {
    const fieldKey = fieldOfError(e.message);
    if (fieldKey && c[fieldKey]) setFieldError(c[fieldKey], e.message);
    box.textContent = `${e.code && e.code !== 'Error' ? `${e.code}: ` : ''}${e.message}`;
    return fieldKey ? c[fieldKey] : null;
  };

  let previewSeq = 0;
  async function runPreview() {
    const v = read();
    const mine = ++previewSeq;
    const ready = v.namespace.trim() && v.metric.trim() && v.period.trim() && v.evaluationPeriods.trim() && v.threshold.trim();
    if (!ready) {
      preview.dataset.state = 'idle';
      previewSummary.replaceChildren(empty('Fill in the metric, period, evaluation periods and threshold to see the preview.'));
      return;
    }
    const local = localErrors(v);
    clearErrors();
    if (Object.keys(local).length) {
      for (const [k, m] of Object.entries(local)) setFieldError(c[k], m);
      return;
    }
    const input = alarmInput(v, keep);
    const threshold = Number(v.threshold);
    const query = {
      namespace: input.Namespace, metricName: input.MetricName, dimensions: parseDimensions(v.dimensions).dimensions,
      stat: v.statistic, period: Number(v.period) || 60, label: `${input.MetricName} (${v.statistic})`,
    };
    const thresholds = Number.isFinite(threshold) ? [{ value: threshold, label: `Threshold ${comparisonSymbol(v.comparison)} ${threshold}`, color: '#d13212' }] : [];
    if (!chart) {
      chart = metricChart(previewGraph, { queries: [query], range: { relative: PREVIEW_RANGE }, thresholds, live: true });
    } else {
      chart.setThresholds(thresholds);
      chart.setQueries([query]);
    }
    preview.dataset.state = 'loading';
    delete preview.dataset.transitions;
    const end = Date.now();
    try {
      const out = await cw('BacktestMetricAlarm', { ...input, StartTime: new Date(end - 86400_000).toISOString(), EndTime: new Date(end).toISOString() }, { signal });
      if (mine !== previewSeq) return;
      const transitions = out.Transitions || [];
      preview.dataset.transitions = String(transitions.length);
      preview.dataset.state = 'ready';
      chart.setMarkers(transitions.map((t) => ({ x: new Date(typeof t.Timestamp === 'number' ? t.Timestamp * 1000 : t.Timestamp).getTime(), color: STATE_COLORS[t.NewStateValue] || '#555', label: t.NewStateValue })));
      previewSummary.replaceChildren(
        `Over the last day this alarm would have changed state ${transitions.length} time${transitions.length === 1 ? '' : 's'} in ${out.Evaluations} evaluations, ending `,
        stateBadge(out.FinalStateValue), '.');
      previewList.replaceChildren(...transitions.map((t) => h('li', {},
        h('span', { class: 'muted nowrap' }, formatTime(typeof t.Timestamp === 'number' ? t.Timestamp * 1000 : t.Timestamp)),
        stateBadge(t.OldStateValue), h('span', { 'aria-hidden': 'true' }, '→'), h('span', { class: 'visually-hidden' }, 'to'), stateBadge(t.NewStateValue),
        h('span', { class: 'wrap muted' }, t.StateReason || ''))));
    } catch (e) {
      if (mine !== previewSeq || e.name === 'AbortError') return;
      preview.dataset.state = 'error';
      delete preview.dataset.transitions;
      chart.setMarkers([]);
      previewList.replaceChildren();
      const box = h('div', { class: 'form-error', role: 'status' });
      showApiError(e, box);
      previewSummary.replaceChildren(box);
    }
  }
  const schedulePreview = debounce(runPreview, 600);
  form.addEventListener('input', schedulePreview);
  form.addEventListener('change', schedulePreview);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = read();
    clearErrors();
    formError.textContent = '';
    const local = localErrors(v);
    if (!v.name.trim()) local.name = 'Give the alarm a name.';
    if (Object.keys(local).length) {
      for (const [k, m] of Object.entries(local)) setFieldError(c[k], m);
      formError.textContent = Object.values(local).join('\n');
      c[Object.keys(local)[0]].focus();
      return;
    }
    save.disabled = true;
    try {
      await cw('PutMetricAlarm', alarmInput(v, keep), { signal });
      location.hash = alarmHref(v.name.trim());
    } catch (err) {
      save.disabled = false;
      if (err.name === 'AbortError') return;
      const control = showApiError(err, formError);
      (control || formError).focus?.();
    }
  });

  // Suggestions and topics load in the background; the form works without them.
  (async () => {
    try {
      const out = await cw('ListMetrics', {}, { signal });
      const names = [...new Set((out.Metrics || []).map((m) => m.Namespace))].sort();
      nsList.replaceChildren(...names.map((n) => h('option', { value: n })));
    } catch {
      // suggestions only
    }
  })();
  const loadMetricNames = debounce(async () => {
    const ns = c.namespace.value.trim();
    if (!ns) return;
    try {
      const out = await cw('ListMetrics', { Namespace: ns }, { signal });
      const names = [...new Set((out.Metrics || []).map((m) => m.MetricName))].sort();
      metricList.replaceChildren(...names.map((n) => h('option', { value: n })));
    } catch {
      // suggestions only
    }
  }, 400);
  c.namespace.addEventListener('input', loadMetricNames);
  loadMetricNames();

  try {
    const topics = await listTopics(signal);
    for (const sel of [c.alarmTopic, c.okTopic]) {
      const chosen = sel === c.alarmTopic ? values.alarmTopic : values.okTopic;
      const all = chosen && !topics.includes(chosen) ? [...topics, chosen] : topics;
      for (const arn of all) sel.append(h('option', { value: arn }, arn.slice(arn.lastIndexOf(':') + 1)));
      sel.value = chosen || '';
    }
    topicNote.textContent = topics.length ? '' : 'No SNS topics yet: create one on the Topics page to be notified.';
    if (!topics.length) topicNote.append(' ', h('a', { href: '#/topics' }, 'Topics'));
  } catch (e) {
    if (e.name === 'AbortError') return undefined;
    topicNote.textContent = `Topics could not be listed (${e.message}).`;
  }
  if (keep.otherAlarmActions?.length || keep.otherOkActions?.length) {
    topicNote.append(h('div', {}, `Other actions kept as they are: ${[...(keep.otherAlarmActions || []), ...(keep.otherOkActions || [])].join(', ')}`));
  }

  restoreKept(root);
  runPreview();
  if (!editing) (c.namespace.value ? c.threshold : c.namespace).focus();

  return () => {
    schedulePreview.cancel();
    loadMetricNames.cancel();
    if (chart) chart.destroy();
  };
}

