import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compactNumber, escapeHtml, formatAgo, formatDimensions, formatPeriod, formatTime, formatValue,
  parseDuration, stateClass, toDate, toDuration, comparisonSymbol,
} from '../../main/resources/synaps-dashboard/js/format.js';

test('formatValue shortens large numbers and adds the unit suffix', () => {
  assert.equal(formatValue(1234, 'Count'), '1,234');
  assert.equal(formatValue(12345, 'Bytes'), '12.3k B');
  assert.equal(formatValue(2_500_000, 'Count/Second'), '2.5M /s');
  assert.equal(formatValue(1.23456, 'Seconds'), '1.235 s');
  assert.equal(formatValue(0.000123), '0.000123');
  assert.equal(formatValue(0), '0');
  assert.equal(formatValue(-42.5, 'Percent'), '-42.5 %');
});

test('formatValue shows missing and non-finite values plainly', () => {
  assert.equal(formatValue(null), '—');
  assert.equal(formatValue(undefined), '—');
  assert.equal(formatValue(NaN), 'NaN');
  assert.equal(formatValue(Infinity), '∞');
  assert.equal(formatValue(5, 'Widgets'), '5 Widgets');
});

test('compactNumber picks the suffix by magnitude', () => {
  assert.equal(compactNumber(9999), '9,999');
  assert.equal(compactNumber(10000), '10k');
  assert.equal(compactNumber(123456789), '123M');
  assert.equal(compactNumber(4.2e12), '4.2T');
});

test('parseDuration reads ISO-8601 durations with or without a minus sign', () => {
  assert.equal(parseDuration('PT3H'), 3 * 3600_000);
  assert.equal(parseDuration('-PT15M'), 15 * 60_000);
  assert.equal(parseDuration('P1D'), 86400_000);
  assert.equal(parseDuration('P1W'), 7 * 86400_000);
  assert.equal(parseDuration('PT1H30M'), 90 * 60_000);
  assert.equal(parseDuration('PT90S'), 90_000);
  assert.equal(parseDuration('P1DT12H'), 36 * 3600_000);
});

test('parseDuration refuses what is not a duration', () => {
  for (const bad of ['', '3h', 'P', 'PT', 'PT3X', null, '-P', 'P1DT']) {
    assert.throws(() => parseDuration(bad), /Not an ISO-8601 duration/, String(bad));
  }
});

test('toDuration round-trips through parseDuration', () => {
  for (const text of ['PT15M', 'PT1H', 'PT3H', 'P1D', 'P1W', 'PT90S']) {
    assert.equal(toDuration(parseDuration(text)), text);
  }
});

test('escapeHtml escapes every markup character', () => {
  assert.equal(escapeHtml('<img src=x onerror="alert(1)">&\''), '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;');
  assert.equal(escapeHtml(null), '');
});

test('toDate reads AWS JSON epoch seconds, millis, ISO text and numeric text', () => {
  assert.equal(toDate(1700000000).toISOString(), '2023-11-14T22:13:20.000Z');
  assert.equal(toDate(1700000000123).toISOString(), '2023-11-14T22:13:20.123Z');
  assert.equal(toDate('1700000000.5').toISOString(), '2023-11-14T22:13:20.500Z');
  assert.equal(toDate('2023-11-14T22:13:20Z').getTime(), 1700000000000);
  assert.equal(toDate('not a date'), null);
  assert.equal(toDate(''), null);
});

test('formatTime formats in UTC when asked', () => {
  assert.equal(formatTime(1700000000, { utc: true }), '2023-11-14 22:13:20Z');
  assert.equal(formatTime(null), '—');
  assert.match(formatTime(1700000000), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
});

test('formatAgo counts back from now', () => {
  const now = 1_000_000_000_000;
  assert.equal(formatAgo(now - 5_000, now), '5 s ago');
  assert.equal(formatAgo(now - 5 * 60_000, now), '5 min ago');
  assert.equal(formatAgo(now - 3 * 3600_000, now), '3 h ago');
  assert.equal(formatAgo(now - 2 * 86400_000, now), '2 d ago');
});

test('formatPeriod and formatDimensions are short and readable', () => {
  assert.equal(formatPeriod(10), '10 s');
  assert.equal(formatPeriod(300), '5 min');
  assert.equal(formatPeriod(3600), '1 h');
  assert.equal(formatPeriod(86400), '1 d');
  assert.equal(formatDimensions([{ Name: 'Host', Value: 'web-1' }, { Name: 'AZ', Value: 'a' }]), 'Host=web-1, AZ=a');
  assert.equal(formatDimensions(undefined), '');
});

test('stateClass colours ALARM red, OK green and everything else grey', () => {
  assert.equal(stateClass('ALARM'), 'state-alarm');
  assert.equal(stateClass('OK'), 'state-ok');
  assert.equal(stateClass('INSUFFICIENT_DATA'), 'state-insufficient');
  assert.equal(comparisonSymbol('GreaterThanOrEqualToThreshold'), '>=');
});
