import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alarmInput, dimensionsText, fieldOfError, formFromAlarm, historyStates, localErrors, parseDimensions, stateSegments,
} from '../../main/resources/synaps-dashboard/js/alarm-model.js';

const form = {
  name: ' high-latency ', description: '', namespace: 'App', metric: 'Latency', dimensions: 'Host=web-1\n\nQuery=a=b\n',
  statistic: 'Maximum', period: '60', evaluationPeriods: '3', datapoints: '2', comparison: 'GreaterThanThreshold',
  threshold: '100.5', missing: 'notBreaching', alarmTopic: 'arn:aws:sns:us-east-1:123456789012:ops', okTopic: '',
};

test('the form becomes a PutMetricAlarm input with numbers and the basic statistic', () => {
  assert.deepEqual(alarmInput(form), {
    AlarmName: 'high-latency', Namespace: 'App', MetricName: 'Latency',
    Dimensions: [{ Name: 'Host', Value: 'web-1' }, { Name: 'Query', Value: 'a=b' }],
    Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2, ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 100.5, TreatMissingData: 'notBreaching', Statistic: 'Maximum',
    AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'], OKActions: [],
  });
});

test('percentiles go in ExtendedStatistic, and text that is not a number goes as is for the API to judge', () => {
  const input = alarmInput({ ...form, statistic: 'p99', threshold: 'lots', datapoints: '' });
  assert.equal(input.ExtendedStatistic, 'p99');
  assert.equal(input.Statistic, undefined);
  assert.equal(input.Threshold, 'lots');
  assert.equal('DatapointsToAlarm' in input, false);
});

test('an empty name is left out (the back-test names it itself)', () => {
  assert.equal('AlarmName' in alarmInput({ ...form, name: '  ' }), false);
});

test('editing keeps the actions, units and flags the form does not show', () => {
  const alarm = {
    AlarmName: 'a', Namespace: 'N', MetricName: 'M', Dimensions: [{ Name: 'd', Value: 'v' }], ExtendedStatistic: 'p95',
    Period: 300, EvaluationPeriods: 2, Threshold: 5, ComparisonOperator: 'LessThanThreshold', ActionsEnabled: false, Unit: 'Seconds',
    AlarmActions: ['arn:aws:automate:us-east-1:ec2:stop', 'arn:aws:sns:us-east-1:1:ops', 'arn:aws:sns:us-east-1:1:pager'],
    OKActions: [], InsufficientDataActions: ['arn:aws:sns:us-east-1:1:ops'],
  };
  const { values, keep } = formFromAlarm(alarm);
  assert.equal(values.statistic, 'p95');
  assert.equal(values.dimensions, 'd=v');
  assert.equal(values.alarmTopic, 'arn:aws:sns:us-east-1:1:ops');
  assert.equal(values.datapoints, '');
  assert.equal(values.missing, 'missing');
  const input = alarmInput({ ...values, alarmTopic: 'arn:aws:sns:us-east-1:1:new' }, keep);
  assert.deepEqual(input.AlarmActions, ['arn:aws:automate:us-east-1:ec2:stop', 'arn:aws:sns:us-east-1:1:pager', 'arn:aws:sns:us-east-1:1:new']);
  assert.deepEqual(input.InsufficientDataActions, ['arn:aws:sns:us-east-1:1:ops']);
  assert.equal(input.ActionsEnabled, false);
  assert.equal(input.Unit, 'Seconds');
  assert.equal(input.Period, 300);
});

test('dimension lines need Name=Value', () => {
  assert.deepEqual(parseDimensions('a=1\nbad\n=x'), { dimensions: [{ Name: 'a', Value: '1' }], errors: ['Line 2: write Name=Value.', 'Line 3: write Name=Value.'] });
  assert.deepEqual(localErrors({ dimensions: 'oops' }), { dimensions: 'Line 1: write Name=Value.' });
  assert.deepEqual(localErrors({ dimensions: '' }), {});
  assert.equal(dimensionsText([{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2' }]), 'a=1\nb=2');
});

test('API errors point at the field they are about', () => {
  const cases = [
    ['The parameter Threshold is required.', 'threshold'],
    ['Period must be 10, 20, 30 or a multiple of 60', 'period'],
    ["1 validation error detected: Value '0' at 'evaluationPeriods' failed to satisfy constraint", 'evaluationPeriods'],
    ['DatapointsToAlarm must be less than or equal to EvaluationPeriods', 'datapoints'],
    ['Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).', 'evaluationPeriods'],
    ['The value 90 for parameter ExtendedStatistic is not supported.', 'statistic'],
    ["1 validation error detected: Value 'X' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [GreaterThanThreshold]", 'comparison'],
    ['The parameter Namespace must be shorter than 256 characters.', 'namespace'],
    ['The parameter Dimensions.member.1.Value is required.', 'dimensions'],
    ['The SNS topic arn:aws:sns:us-east-1:1:x (AlarmActions.member.1) does not exist in this account and region', 'alarmTopic'],
    ['The parameter TreatMissingData must be a value in the set [ breaching ].', 'missing'],
    ['Something else entirely.', null],
  ];
  for (const [message, fieldKey] of cases) assert.equal(fieldOfError(message), fieldKey, message);
});

test('history items give their old and new states', () => {
  const data = JSON.stringify({ version: '1.0', oldState: { stateValue: 'OK' }, newState: { stateValue: 'ALARM', stateReason: 'Threshold Crossed' } });
  assert.deepEqual(historyStates({ HistoryData: data }), { oldState: 'OK', newState: 'ALARM', reason: 'Threshold Crossed' });
  assert.deepEqual(historyStates({ HistoryData: 'x', HistorySummary: 'Alarm updated from INSUFFICIENT_DATA to OK' }), { oldState: 'INSUFFICIENT_DATA', newState: 'OK', reason: '' });
});

test('the timeline covers the window with the state before, between and after transitions', () => {
  const t = [
    { time: 400, oldState: 'OK', newState: 'ALARM' },
    { time: 50, oldState: 'INSUFFICIENT_DATA', newState: 'OK' },
    { time: 700, oldState: 'ALARM', newState: 'OK' },
  ];
  assert.deepEqual(stateSegments(t, 'OK', 100, 1000), [
    { start: 100, end: 400, state: 'OK' }, { start: 400, end: 700, state: 'ALARM' }, { start: 700, end: 1000, state: 'OK' },
  ]);
});

test('without a transition before the window, the first one tells the state it left', () => {
  assert.deepEqual(stateSegments([{ time: 500, oldState: 'INSUFFICIENT_DATA', newState: 'ALARM' }], 'ALARM', 0, 1000), [
    { start: 0, end: 500, state: 'INSUFFICIENT_DATA' }, { start: 500, end: 1000, state: 'ALARM' },
  ]);
  assert.deepEqual(stateSegments([], 'OK', 0, 10), [{ start: 0, end: 10, state: 'OK' }]);
});

test('repeated states merge into one segment', () => {
  const t = [{ time: 3, oldState: 'OK', newState: 'OK' }, { time: 6, oldState: 'OK', newState: 'OK' }];
  assert.deepEqual(stateSegments(t, 'OK', 0, 10), [{ start: 0, end: 10, state: 'OK' }]);
});
