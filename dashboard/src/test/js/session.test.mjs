import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { csrf } from '../../main/resources/synaps-dashboard/js/api.js';
import {
  current, dropSavedUnless, keptValues, probablySignedIn, restoreKept, savedState, saveState, signIn, signOut,
} from '../../main/resources/synaps-dashboard/js/session.js';

function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k) };
}

let calls;
function answer(status, body, headers = {}) {
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    return new Response(body === null ? null : JSON.stringify(body), { status, headers });
  };
}

const SESSION = { user: 'alice', accountId: '123456789012', csrfToken: 'c-1', expiresAt: '2026-11-22T20:00:00Z' };

beforeEach(() => {
  calls = [];
  globalThis.localStorage = memoryStorage();
  globalThis.sessionStorage = memoryStorage();
  globalThis.Event = class { constructor(type) { this.type = type; } };
});

test('signing in posts the credentials, keeps the CSRF token and remembers the browser is signed in', async () => {
  answer(200, SESSION);
  const s = await signIn('alice', 'pw');
  assert.deepEqual(s, SESSION);
  assert.equal(calls[0].url, '/ui/api/session');
  assert.equal(calls[0].init.method, 'POST');
  assert.deepEqual(JSON.parse(calls[0].init.body), { username: 'alice', password: 'pw' });
  assert.equal(csrf(), 'c-1');
  assert.equal(probablySignedIn(), true);
});

test('a throttled sign-in says how long to wait', async () => {
  answer(429, { code: 'Throttling', message: 'Too many failed sign-ins.' }, { 'Retry-After': '8' });
  await assert.rejects(signIn('alice', 'bad'), (e) => e.status === 429 && e.code === 'Throttling' && e.retryAfter === 8);
});

test('wrong credentials reject with the server message', async () => {
  answer(401, { code: 'InvalidCredentials', message: 'The user name or password is incorrect.' });
  await assert.rejects(signIn('alice', 'bad'), (e) => e.status === 401 && /incorrect/.test(e.message));
});

test('current() is null after a 401 and forgets the session', async () => {
  answer(200, SESSION);
  await signIn('alice', 'pw');
  answer(401, { code: 'SessionExpired', message: 'expired' });
  assert.equal(await current(), null);
  assert.equal(csrf(), null);
  assert.equal(probablySignedIn(), false);
});

test('signing out sends the CSRF token and forgets everything even if the server is gone', async () => {
  answer(200, SESSION);
  await signIn('alice', 'pw');
  saveState('#/alarms/new', null);
  answer(204, null);
  await signOut();
  assert.equal(calls[1].init.method, 'DELETE');
  assert.equal(calls[1].init.headers['X-Synaps-Csrf'], 'c-1');
  assert.equal(csrf(), null);
  assert.equal(savedState(), null);
});

function fakeControl(attrs, value) {
  return {
    ...attrs, value, events: [],
    getAttribute(name) { return attrs[name] ?? null; },
    dispatchEvent(e) { this.events.push(e.type); },
  };
}

test('form values marked data-keep survive an expiry and come back on the same route only', () => {
  const name = fakeControl({ 'data-keep': 'name', type: 'text' }, 'high-cpu');
  const threshold = fakeControl({ 'data-keep': '', id: 'alarm-threshold', type: 'text' }, '90');
  const box = fakeControl({ 'data-keep': 'notify', type: 'checkbox' }, 'on');
  box.type = 'checkbox';
  box.checked = true;
  const root = { querySelectorAll: () => [name, threshold, box] };
  assert.deepEqual(keptValues(root), { name: 'high-cpu', 'alarm-threshold': '90', notify: { checked: true } });

  saveState('#/alarms/new', root);
  name.value = '';
  threshold.value = '';
  box.checked = false;
  assert.equal(restoreKept(root, '#/alarms'), 0);
  assert.equal(name.value, '');
  assert.equal(restoreKept(root, '#/alarms/new'), 3);
  assert.equal(name.value, 'high-cpu');
  assert.equal(threshold.value, '90');
  assert.equal(box.checked, true);
  assert.deepEqual(name.events, ['input', 'change']);
  assert.equal(savedState(), null);
});

test('moving to another route drops the saved values', () => {
  saveState('#/alarms/new', null);
  dropSavedUnless('#/alarms/new');
  assert.equal(savedState().hash, '#/alarms/new');
  dropSavedUnless('#/metrics');
  assert.equal(savedState(), null);
});
