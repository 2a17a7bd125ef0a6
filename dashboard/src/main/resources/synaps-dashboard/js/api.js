// The dashboard's only way to the server's API: CloudWatch in AWS JSON 1.0 (cw) and SNS in the
// Query protocol (sns), authenticated by the session cookie (sent by the browser) plus the
// session's CSRF token. Pure at import time (Node's tests stub globalThis.fetch).

const JSON_TYPE = 'application/x-amz-json-1.0';
const TARGET = 'GraniteServiceVersion20100801.';
const SNS_VERSION = '2010-03-31';

let csrfToken = null;
let expiredHandler = null;
let csrfRefresher = null;

/** An error answered by the API (or a network failure, code NetworkError, status 0). */
export class ApiError extends Error {
  constructor(code, message, status, body = null) {
    super(message || code);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.body = body;
  }
}

/** The CSRF token every API call carries (from the session; null clears it). */
export function setCsrf(token) {
  csrfToken = token || null;
}

/** The current CSRF token (null when signed out). */
export function csrf() {
  return csrfToken;
}

/** Registers the function called when a call answers 401 (the session is gone); one at a time. */
export function onSessionExpired(fn) {
  expiredHandler = fn;
}

/**
 * Registers the function asked for a fresh CSRF token when the server refuses ours (403
 * InvalidCsrfToken: another tab signed in again); it resolves the new token or null. The call
 * is then retried once.
 */
export function onCsrfRejected(fn) {
  csrfRefresher = fn;
}

/**
 * True when an answer means the dashboard session is gone: 401 (unknown or expired session), or
 * 403 MissingAuthenticationToken (the browser dropped the expired cookie, so nothing identified us).
 */
export function isSessionGone(status, code) {
  return status === 401 || (status === 403 && code === 'MissingAuthenticationToken');
}

async function withCsrfRetry(call) {
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403 || e.code !== 'InvalidCsrfToken' || !csrfRefresher) throw e;
    const token = await csrfRefresher();
    if (!token) throw e;
    csrfToken = token;
    return call();
  }
}

function headers(extra) {
  const h = { ...extra };
  if (csrfToken) h['X-Synaps-Csrf'] = csrfToken;
  return h;
}

async function send(body, contentType, extraHeaders, signal) {
  try {
    return await fetch('/', {
      method: 'POST',
      credentials: 'same-origin',
      headers: headers({ 'Content-Type': contentType, ...extraHeaders }),
      body,
      signal,
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError('NetworkError', 'The server could not be reached; check your connection and try again.', 0);
  }
}

function expired(error) {
  if (isSessionGone(error.status, error.code) && expiredHandler) {
    try {
      expiredHandler(error);
    } catch (e) {
      // The handler's failure must not hide the API error from the caller.
      setTimeout(() => { throw e; });
    }
  }
  return error;
}

/** The error code of a JSON 1.0 error: the x-amzn-query-error code, else __type after '#'. */
export function jsonErrorCode(body, queryErrorHeader) {
  if (queryErrorHeader) {
    const code = String(queryErrorHeader).split(';')[0];
    if (code) return code;
  }
  const type = String(body?.__type ?? body?.code ?? body?.Code ?? 'UnknownError');
  return type.slice(type.lastIndexOf('#') + 1);
}

/**
 * Calls a CloudWatch action (JSON 1.0) and returns its parsed output. Rejects with ApiError
 * (code, message, status, body = the parsed error JSON); a gone session (isSessionGone) first
 * calls the expiry handler; a refused CSRF token is refreshed and the call retried once.
 */
export async function cw(action, input = {}, { signal } = {}) {
  return withCsrfRetry(() => cwOnce(action, input, signal));
}

async function cwOnce(action, input, signal) {
  const res = await send(JSON.stringify(input ?? {}), JSON_TYPE, { 'X-Amz-Target': TARGET + action }, signal);
  const text = await res.text();
  let body = null;
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const code = jsonErrorCode(body, res.headers.get('x-amzn-query-error'));
    const message = body?.message ?? body?.Message ?? `${action} failed with HTTP ${res.status}.`;
    throw expired(new ApiError(code, message, res.status, body));
  }
  if (body === null && text.trim()) {
    throw new ApiError('InvalidResponse', `${action} answered something that is not JSON.`, res.status);
  }
  return body ?? {};
}

/** A map-valued Query parameter (SNS Attributes, Tags...), sent as `X.entry.N.key` / `X.entry.N.value`. */
export function queryMap(object) {
  return new Map(Object.entries(object));
}

/**
 * Query parameters from a plain object: arrays as `X.member.N`, Maps as `X.entry.N.key/value`,
 * nested objects as `X.Member`; null/undefined members left out.
 */
export function encodeQuery(params, prefix = '', out = new URLSearchParams()) {
  for (const [key, value] of params instanceof Map ? params : Object.entries(params)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) out.append(name, '');
      value.forEach((v, i) => {
        if (v !== null && typeof v === 'object') encodeQuery(v, `${name}.member.${i + 1}`, out);
        else out.append(`${name}.member.${i + 1}`, String(v));
      });
    } else if (value instanceof Map) {
      let i = 0;
      for (const [k, v] of value) {
        i += 1;
        out.append(`${name}.entry.${i}.key`, String(k));
        out.append(`${name}.entry.${i}.value`, String(v));
      }
    } else if (typeof value === 'object') {
      encodeQuery(value, name, out);
    } else {
      out.append(name, String(value));
    }
  }
  return out;
}

/**
 * Calls an SNS action (Query protocol, Version 2010-03-31) and returns the `<Action>Result`
 * element as a plain object: leaf elements are text, elements of `member` children are arrays,
 * `entry` key/value children are objects. An empty element (an empty list) is ''.
 */
export async function sns(action, params = {}, { signal } = {}) {
  return withCsrfRetry(() => snsOnce(action, params, signal));
}

async function snsOnce(action, params, signal) {
  const form = encodeQuery({ Action: action, Version: SNS_VERSION, ...params });
  const res = await send(form.toString(), 'application/x-www-form-urlencoded', {}, signal);
  const text = await res.text();
  let root = null;
  try {
    root = parseXml(text);
  } catch {
    root = null;
  }
  if (!res.ok) {
    const error = root && find(root, 'Error');
    const body = error ? toValue(error) : null;
    const code = (body && body.Code) || (res.status === 401 ? 'SessionExpired' : 'UnknownError');
    const message = (body && body.Message) || `${action} failed with HTTP ${res.status}.`;
    throw expired(new ApiError(code, message, res.status, body));
  }
  if (!root) throw new ApiError('InvalidResponse', `${action} answered something that is not XML.`, res.status);
  const result = find(root, `${action}Result`);
  return result ? asObject(toValue(result)) : {};
}

function asObject(v) {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

function find(node, name) {
  if (node.name === name) return node;
  for (const c of node.children) {
    const hit = find(c, name);
    if (hit) return hit;
  }
  return null;
}

/** An XML element as a plain value (see sns()). */
export function toValue(node) {
  if (node.children.length === 0) return node.text;
  if (node.children.every((c) => c.name === 'member')) return node.children.map(toValue);
  if (node.children.every((c) => c.name === 'entry')) {
    const map = {};
    for (const e of node.children) {
      const k = e.children.find((c) => c.name === 'key');
      const v = e.children.find((c) => c.name === 'value');
      if (k) map[k.text] = v ? toValue(v) : '';
    }
    return map;
  }
  const out = {};
  for (const c of node.children) out[c.name] = toValue(c);
  return out;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e) => {
    if (e[0] !== '#') return ENTITIES[e];
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return String.fromCodePoint(cp);
  });
}

/**
 * A small parser for the API's XML answers (elements, text, entities, CDATA; attributes and
 * namespaces ignored): returns the root {name, children, text}. Throws on malformed input.
 */
export function parseXml(xml) {
  const tokens = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/\s*([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  const stack = [{ name: '#document', children: [], text: '' }];
  let m;
  let consumed = 0;
  while ((m = tokens.exec(xml)) !== null) {
    if (m.index !== consumed) throw new Error('Malformed XML');
    consumed = tokens.lastIndex;
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) {
      top.text += m[1];
    } else if (m[2] !== undefined) {
      const name = localName(m[2]);
      if (stack.length < 2 || top.name !== name) throw new Error(`Unexpected </${m[2]}>`);
      stack.pop();
    } else if (m[3] !== undefined) {
      const node = { name: localName(m[3]), children: [], text: '' };
      top.children.push(node);
      if (!m[5]) stack.push(node);
    } else if (m[6] !== undefined) {
      top.text += decodeEntities(m[6]);
    }
  }
  if (consumed !== xml.length || stack.length !== 1) throw new Error('Malformed XML');
  const root = stack[0].children[0];
  if (!root) throw new Error('Empty XML');
  trimText(root);
  return root;
}

function localName(name) {
  return name.slice(name.indexOf(':') + 1);
}

function trimText(node) {
  if (node.children.length) {
    node.text = '';
    node.children.forEach(trimText);
  }
}

/** Calls `fn(token)` for every page of a paged action, collecting `key`; stops after maxPages. */
export async function allPages(fn, key, maxPages = 50) {
  const items = [];
  let token;
  for (let i = 0; i < maxPages; i += 1) {
    const page = await fn(token);
    items.push(...(page[key] || []));
    token = page.NextToken;
    if (!token) break;
  }
  return items;
}
