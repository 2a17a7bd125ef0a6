// The sign-in session: signIn / signOut / current against /ui/api/session, the CSRF token handed
// to api.js, and what survives an expiry (the route and the [data-keep] form values, kept in
// sessionStorage until the user is back on that route).

import { ApiError, setCsrf } from './api.js';

const SESSION_URL = '/ui/api/session';
const HINT_KEY = 'synaps.signedIn';
const SAVED_KEY = 'synaps.savedState';

let session = null;

function storage(kind) {
  try {
    return kind === 'local' ? globalThis.localStorage : globalThis.sessionStorage;
  } catch {
    return null; // storage disabled: the features that need it just do nothing
  }
}

async function request(method, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method === 'DELETE' && session?.csrfToken) headers['X-Synaps-Csrf'] = session.csrfToken;
  try {
    return await fetch(SESSION_URL, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('NetworkError', 'The server could not be reached; check your connection and try again.', 0);
  }
}

async function errorOf(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const code = body?.code || body?.__type || `HTTP${res.status}`;
  const error = new ApiError(code, body?.message || `The server answered HTTP ${res.status}.`, res.status, body);
  const retry = Number(res.headers.get('Retry-After'));
  if (Number.isFinite(retry) && retry > 0) error.retryAfter = retry;
  return error;
}

function adopt(body) {
  session = body;
  setCsrf(body.csrfToken);
  storage('local')?.setItem(HINT_KEY, '1');
  return body;
}

/** The signed-in session {user, accountId, csrfToken, expiresAt}, or null. */
export function currentSession() {
  return session;
}

/**
 * Whether this browser was signed in when last seen (a hint kept in localStorage, so a fresh
 * visit shows the sign-in form without first asking the server and getting a 401).
 */
export function probablySignedIn() {
  return storage('local')?.getItem(HINT_KEY) === '1';
}

/** Asks the server for the session; resolves the session or null (401). */
export async function current() {
  const res = await request('GET');
  if (res.status === 401) {
    forget();
    return null;
  }
  if (!res.ok) throw await errorOf(res);
  return adopt(await res.json());
}

/**
 * Signs in; resolves the session, rejects with ApiError (InvalidCredentials 401, Throttling 429
 * with `retryAfter` seconds, ValidationError 400, ...).
 */
export async function signIn(username, password) {
  const res = await request('POST', { username, password });
  if (!res.ok) throw await errorOf(res);
  return adopt(await res.json());
}

/** Signs out (best effort: the local session is forgotten even when the server is gone). */
export async function signOut() {
  try {
    const res = await request('DELETE');
    if (!res.ok && res.status !== 401) throw await errorOf(res);
  } finally {
    forget();
    storage('session')?.removeItem(SAVED_KEY);
  }
}

/** Drops the local session state (after an expiry or sign-out). */
export function forget() {
  session = null;
  setCsrf(null);
  storage('local')?.removeItem(HINT_KEY);
}

function keyOf(el) {
  return el.getAttribute('data-keep') || el.id || el.name || null;
}

/** The values of the [data-keep] controls under root, by key. */
export function keptValues(root) {
  const values = {};
  for (const el of root.querySelectorAll('[data-keep]')) {
    const key = keyOf(el);
    if (!key) continue;
    values[key] = el.type === 'checkbox' || el.type === 'radio' ? { checked: el.checked } : el.value;
  }
  return values;
}

/** Saves the route and the page's [data-keep] values for after the next sign-in. */
export function saveState(hash, root) {
  const state = { hash: hash || '', values: root ? keptValues(root) : {}, savedAt: Date.now() };
  storage('session')?.setItem(SAVED_KEY, JSON.stringify(state));
  return state;
}

/** The saved {hash, values}, or null. */
export function savedState() {
  try {
    const text = storage('session')?.getItem(SAVED_KEY);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/**
 * Puts the saved form values back into the [data-keep] controls under root when the page shows
 * the saved route (call it once the form is filled); fires input/change so the page reacts.
 * The saved state is dropped once used. Returns how many controls were restored.
 */
export function restoreKept(root, hash = globalThis.location?.hash) {
  const state = savedState();
  if (!state || state.hash !== hash) return 0;
  let restored = 0;
  for (const el of root.querySelectorAll('[data-keep]')) {
    const key = keyOf(el);
    if (!key || !Object.hasOwn(state.values, key)) continue;
    const v = state.values[key];
    if (v && typeof v === 'object') el.checked = !!v.checked;
    else el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    restored += 1;
  }
  if (restored > 0) storage('session')?.removeItem(SAVED_KEY);
  return restored;
}

/** Drops the saved state when the user has moved on to another route. */
export function dropSavedUnless(hash) {
  const state = savedState();
  if (state && state.hash !== hash) storage('session')?.removeItem(SAVED_KEY);
}
