// Pure formatting helpers (no DOM at import time, so Node's test runner imports this file).

const UNIT_SUFFIX = {
  Seconds: ' s', Microseconds: ' µs', Milliseconds: ' ms',
  Bytes: ' B', Kilobytes: ' KB', Megabytes: ' MB', Gigabytes: ' GB', Terabytes: ' TB',
  Bits: ' b', Kilobits: ' Kb', Megabits: ' Mb', Gigabits: ' Gb', Terabits: ' Tb',
  Percent: ' %', Count: '',
  'Bytes/Second': ' B/s', 'Kilobytes/Second': ' KB/s', 'Megabytes/Second': ' MB/s',
  'Gigabytes/Second': ' GB/s', 'Terabytes/Second': ' TB/s',
  'Bits/Second': ' b/s', 'Kilobits/Second': ' Kb/s', 'Megabits/Second': ' Mb/s',
  'Gigabits/Second': ' Gb/s', 'Terabits/Second': ' Tb/s', 'Count/Second': ' /s', None: '',
};

/** A number for people: up to 3 significant decimals, k/M/G/T suffixes from 10,000 up, the unit's short suffix. */
export function formatValue(value, unit) {
  if (value === null || value === undefined || value === '') return '—';
  const v = Number(value);
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const suffix = unit && Object.hasOwn(UNIT_SUFFIX, unit) ? UNIT_SUFFIX[unit] : (unit ? ` ${unit}` : '');
  return compactNumber(v) + suffix;
}

/** 1234 -> "1,234", 12345 -> "12.3k", 0.000123 -> "0.000123", 1.23456 -> "1.235". */
export function compactNumber(v) {
  const abs = Math.abs(v);
  const scales = [[1e12, 1e12, 'T'], [1e9, 1e9, 'G'], [1e6, 1e6, 'M'], [1e4, 1e3, 'k']];
  for (const [from, scale, letter] of scales) {
    if (abs >= from) {
      const n = v / scale;
      return trimZeros(n.toFixed(Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2)) + letter;
    }
  }
  if (abs >= 1000) return Math.round(v).toLocaleString('en-US');
  if (abs === 0) return '0';
  if (abs < 0.001) return String(Number(v.toPrecision(3)));
  return trimZeros(v.toFixed(3));
}

function trimZeros(text) {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

/**
 * A timestamp (epoch millis, epoch seconds below 1e11, a Date or ISO text) as local
 * "YYYY-MM-DD HH:MM:SS"; `{utc:true}` formats in UTC with a trailing Z.
 */
export function formatTime(t, { utc = false } = {}) {
  const d = toDate(t);
  if (!d) return '—';
  const get = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  const [y, mo, da, h, mi, s] = get;
  return `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(s)}${utc ? 'Z' : ''}`;
}

/** An axis tick label for a time, as short as the visible span allows. */
export function formatTick(millis, spanMillis) {
  const d = new Date(millis);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (spanMillis <= 5 * 60_000) return `${hm}:${pad(d.getSeconds())}`;
  if (spanMillis <= 36 * 3600_000) return hm;
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** "3 min ago" style text for how long before `now` a time was. */
export function formatAgo(t, now = Date.now()) {
  const d = toDate(t);
  if (!d) return '—';
  const s = Math.round((now - d.getTime()) / 1000);
  if (s < 0) return 'in the future';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** Epoch seconds (AWS JSON timestamps), millis, Date or ISO text -> Date, or null. */
export function toDate(t) {
  if (t === null || t === undefined || t === '') return null;
  if (t instanceof Date) return Number.isNaN(t.getTime()) ? null : t;
  if (typeof t === 'number') return new Date(t < 1e11 ? t * 1000 : t);
  if (typeof t === 'string' && /^-?\d+(\.\d+)?$/.test(t)) return toDate(Number(t));
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A period in seconds as "1 s", "5 min", "1 h", "1 d". */
export function formatPeriod(seconds) {
  const s = Number(seconds);
  if (s % 86400 === 0) return `${s / 86400} d`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

const DURATION = /^(-)?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/**
 * An ISO-8601 duration ("PT3H", "-PT15M", "P1D", "P1W", "PT1H30M") as positive milliseconds
 * (the sign, as CloudWatch's relative `start` uses it, is ignored). Throws on anything else.
 */
export function parseDuration(text) {
  const m = DURATION.exec(String(text ?? '').trim());
  if (!m || m.slice(2).every((x) => x === undefined) || /T$/i.test(String(text).trim())) {
    throw new Error(`Not an ISO-8601 duration: ${text}`);
  }
  const [, , w, d, h, mi, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return Math.round((((w * 7 + d) * 24 + h) * 60 + mi) * 60_000 + s * 1000);
}

/** Milliseconds as the shortest ISO-8601 duration ("PT3H", "P1D", "PT90S" for odd values). */
export function toDuration(ms) {
  const s = Math.round(ms / 1000);
  if (s > 0 && s % 604800 === 0) return `P${s / 604800}W`;
  if (s > 0 && s % 86400 === 0) return `P${s / 86400}D`;
  if (s > 0 && s % 3600 === 0) return `PT${s / 3600}H`;
  if (s > 0 && s % 60 === 0) return `PT${s / 60}M`;
  return `PT${s}S`;
}

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place inside HTML text or a quoted attribute. */
export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Dimensions [{Name, Value}] as "Name=Value, Name=Value" (empty text for none). */
export function formatDimensions(dimensions) {
  return (dimensions || []).map((d) => `${d.Name}=${d.Value}`).join(', ');
}

/** The colour class of an alarm state: ALARM red, OK green, INSUFFICIENT_DATA grey. */
export function stateClass(state) {
  switch (state) {
    case 'ALARM': return 'state-alarm';
    case 'OK': return 'state-ok';
    default: return 'state-insufficient';
  }
}

/** An alarm state as shown to people. */
export function stateLabel(state) {
  return state === 'INSUFFICIENT_DATA' ? 'Insufficient data' : state === 'ALARM' ? 'In alarm' : state === 'OK' ? 'OK' : String(state ?? '—');
}

/** A readable comparison ("GreaterThanThreshold" -> ">"). */
export function comparisonSymbol(op) {
  return {
    GreaterThanOrEqualToThreshold: '>=', GreaterThanThreshold: '>',
    LessThanThreshold: '<', LessThanOrEqualToThreshold: '<=',
  }[op] ?? op;
}
