// Pure alarm helpers: the form's values <-> PutMetricAlarm input, which form field an API
// error is about, and the state timeline from the alarm history. Node's tests import it.

/** Statistics the alarm form offers (basic ones go in Statistic, the others in ExtendedStatistic). */
export const ALARM_STATISTICS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount', 'p50', 'p90', 'p95', 'p99', 'p99.9'];

/** The basic statistics (PutMetricAlarm's Statistic enum). */
export const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

/** Comparison operators with a threshold ([value, label]). */
export const COMPARISONS = [
  ['GreaterThanThreshold', '> Greater than'],
  ['GreaterThanOrEqualToThreshold', '>= Greater than or equal to'],
  ['LessThanThreshold', '< Less than'],
  ['LessThanOrEqualToThreshold', '<= Less than or equal to'],
];

/** TreatMissingData values ([value, label]). */
export const MISSING_DATA = [
  ['missing', 'Missing (keep evaluating what is there)'],
  ['notBreaching', 'Not breaching (treat as good)'],
  ['breaching', 'Breaching (treat as bad)'],
  ['ignore', 'Ignore (keep the current state)'],
];

/** The form's fields, in display order (their keys are used for errors and data-keep). */
export const FIELDS = ['name', 'description', 'namespace', 'metric', 'dimensions', 'statistic', 'period',
  'evaluationPeriods', 'datapoints', 'comparison', 'threshold', 'missing', 'alarmTopic', 'okTopic'];

/**
 * Dimensions from the textarea, one `Name=Value` per line (blank lines skipped; the first '='
 * splits, so values may contain '='). Returns {dimensions, errors: [line messages]}.
 */
export function parseDimensions(text) {
  const dimensions = [];
  const errors = [];
  String(text || '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      errors.push(`Line ${i + 1}: write Name=Value.`);
      return;
    }
    dimensions.push({ Name: line.slice(0, eq).trim(), Value: line.slice(eq + 1).trim() });
  });
  return { dimensions, errors };
}

/** Dimensions as the textarea's text. */
export function dimensionsText(dimensions) {
  return (dimensions || []).map((d) => `${d.Name}=${d.Value}`).join('\n');
}

function numberOrText(v) {
  const t = String(v ?? '').trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t; // text goes as is so the API's own validation answers
}

/**
 * The PutMetricAlarm (and BacktestMetricAlarm) input for the form's values. `keep` carries
 * what the form does not edit (ActionsEnabled, InsufficientDataActions, Unit, other actions).
 */
export function alarmInput(values, keep = {}) {
  const v = values;
  const stat = String(v.statistic || '').trim();
  const input = {
    AlarmName: String(v.name || '').trim(),
    Namespace: String(v.namespace || '').trim(),
    MetricName: String(v.metric || '').trim(),
    Dimensions: parseDimensions(v.dimensions).dimensions,
    Period: numberOrText(v.period),
    EvaluationPeriods: numberOrText(v.evaluationPeriods),
    ComparisonOperator: v.comparison,
    Threshold: numberOrText(v.threshold),
    TreatMissingData: v.missing || 'missing',
  };
  if (String(v.description || '').trim()) input.AlarmDescription = String(v.description).trim();
  const datapoints = numberOrText(v.datapoints);
  if (datapoints !== undefined) input.DatapointsToAlarm = datapoints;
  if (stat) {
    if (BASIC_STATISTICS.includes(stat)) input.Statistic = stat;
    else input.ExtendedStatistic = stat;
  }
  const actions = (others, topic) => [...(others || []), ...(topic ? [topic] : [])];
  input.AlarmActions = actions(keep.otherAlarmActions, v.alarmTopic);
  input.OKActions = actions(keep.otherOkActions, v.okTopic);
  if (keep.insufficientDataActions) input.InsufficientDataActions = keep.insufficientDataActions;
  if (keep.actionsEnabled !== undefined) input.ActionsEnabled = keep.actionsEnabled;
  if (keep.unit) input.Unit = keep.unit;
  for (const k of Object.keys(input)) if (input[k] === undefined || input[k] === '') delete input[k];
  return input;
}

const isTopic = (arn) => /^arn:[^:]+:sns:/.test(arn);

/**
 * The form's values for an existing alarm (DescribeAlarms MetricAlarms entry) and what the form
 * keeps unedited: {values, keep}. The first SNS topic of each action list goes in the selects.
 */
export function formFromAlarm(alarm) {
  const alarmTopic = (alarm.AlarmActions || []).find(isTopic) || '';
  const okTopic = (alarm.OKActions || []).find(isTopic) || '';
  const values = {
    name: alarm.AlarmName || '',
    description: alarm.AlarmDescription || '',
    namespace: alarm.Namespace || '',
    metric: alarm.MetricName || '',
    dimensions: dimensionsText(alarm.Dimensions),
    statistic: alarm.Statistic || alarm.ExtendedStatistic || 'Average',
    period: alarm.Period !== undefined ? String(alarm.Period) : '',
    evaluationPeriods: alarm.EvaluationPeriods !== undefined ? String(alarm.EvaluationPeriods) : '',
    datapoints: alarm.DatapointsToAlarm !== undefined ? String(alarm.DatapointsToAlarm) : '',
    comparison: alarm.ComparisonOperator || 'GreaterThanThreshold',
    threshold: alarm.Threshold !== undefined ? String(alarm.Threshold) : '',
    missing: alarm.TreatMissingData || 'missing',
    alarmTopic,
    okTopic,
  };
  const keep = {
    otherAlarmActions: (alarm.AlarmActions || []).filter((a) => a !== alarmTopic),
    otherOkActions: (alarm.OKActions || []).filter((a) => a !== okTopic),
    insufficientDataActions: alarm.InsufficientDataActions || [],
    actionsEnabled: alarm.ActionsEnabled,
    unit: alarm.Unit,
  };
  return { values, keep };
}

const ERROR_FIELDS = [
  ['alarmName', 'name'], ['alarmDescription', 'description'], ['namespace', 'namespace'],
  ['metricName', 'metric'], ['dimensions', 'dimensions'], ['extendedStatistic', 'statistic'],
  ['statistic', 'statistic'], ['period', 'period'], ['evaluationPeriods', 'evaluationPeriods'],
  ['datapointsToAlarm', 'datapoints'], ['comparisonOperator', 'comparison'], ['threshold', 'threshold'],
  ['treatMissingData', 'missing'], ['alarmActions', 'alarmTopic'], ['okActions', 'okTopic'],
];

/**
 * The form field an API error message is about (the earliest parameter it names, matched as a
 * whole word, any case: "The parameter Threshold is required." -> threshold), or null.
 */
export function fieldOfError(message) {
  const text = String(message || '');
  let best = null;
  for (const [param, fieldKey] of ERROR_FIELDS) {
    const re = new RegExp(`(?<![A-Za-z])${param}(?![A-Za-z])`, 'i');
    const m = re.exec(text);
    if (m && (best === null || m.index < best.index)) best = { index: m.index, field: fieldKey };
  }
  return best ? best.field : null;
}

/** Client-side checks before asking the API: {field: message} for what cannot be sent at all. */
export function localErrors(values) {
  const errors = {};
  const dims = parseDimensions(values.dimensions);
  if (dims.errors.length) errors.dimensions = dims.errors.join(' ');
  return errors;
}

/** {oldState, newState, reason} of a StateUpdate history item (from HistoryData, else the summary). */
export function historyStates(item) {
  try {
    const data = JSON.parse(item.HistoryData || '{}');
    if (data.oldState?.stateValue || data.newState?.stateValue) {
      return { oldState: data.oldState?.stateValue || null, newState: data.newState?.stateValue || null, reason: data.newState?.stateReason || '' };
    }
  } catch {
    // fall back to the summary
  }
  const m = /from (\w+) to (\w+)/.exec(item.HistorySummary || '');
  return m ? { oldState: m[1], newState: m[2], reason: '' } : { oldState: null, newState: null, reason: '' };
}

/**
 * The state timeline over [start, end] from state transitions [{time (ms), oldState, newState}]
 * (any order) and the current state: [{start, end, state}] covering the window, adjacent equal
 * states merged. Before the first known transition the state is that transition's old state.
 */
export function stateSegments(transitions, currentState, start, end) {
  const sorted = transitions.filter((t) => Number.isFinite(t.time)).slice().sort((a, b) => a.time - b.time);
  let state = currentState || 'INSUFFICIENT_DATA';
  const before = sorted.filter((t) => t.time <= start);
  const inside = sorted.filter((t) => t.time > start && t.time <= end);
  if (before.length) state = before[before.length - 1].newState || state;
  else if (inside.length) state = inside[0].oldState || 'INSUFFICIENT_DATA';
  const segments = [];
  let from = start;
  for (const t of inside) {
    if (t.time > from) segments.push({ start: from, end: t.time, state });
    state = t.newState || state;
    from = t.time;
  }
  if (end > from) segments.push({ start: from, end, state });
  const merged = [];
  for (const s of segments) {
    const last = merged[merged.length - 1];
    if (last && last.state === s.state && last.end === s.start) last.end = s.end;
    else merged.push({ ...s });
  }
  return merged;
}
