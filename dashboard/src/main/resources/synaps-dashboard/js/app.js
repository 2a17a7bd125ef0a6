// The dashboard's shell: session check, sign-in page, nav, live status dot and the hash router
// (each page module loaded lazily with import(), so one page's error never breaks another).

import { onCsrfRejected, onSessionExpired } from './api.js';
import * as live from './live.js';
import { parseRoute } from './router.js';
import * as session from './session.js';
import { errorBox, h, loading, setTitle } from './ui.js';

const header = document.getElementById('shell-header');
const pageRoot = document.getElementById('page');
const titleEl = document.getElementById('page-title');
const userEl = document.getElementById('shell-user');
const liveEl = document.querySelector('[data-testid="live-status"]');

let signedIn = false;
let cleanup = null;
let controller = null;
let routeSeq = 0;

const LIVE_TEXT = { open: 'Live', connecting: 'Connecting…', closed: 'Live: off' };

function wireShell() {
  document.getElementById('skip-link').addEventListener('click', (e) => {
    e.preventDefault(); // the hash is the router's; move focus instead
    document.getElementById('main').focus();
  });
  document.getElementById('signout').addEventListener('click', signOut);
  live.onState((state) => {
    liveEl.dataset.state = state;
    liveEl.querySelector('.live-text').textContent = LIVE_TEXT[state] || state;
    liveEl.title = `Live updates: ${state}`;
  });
  window.addEventListener('hashchange', () => {
    if (signedIn) route(true);
  });
  onSessionExpired(() => expire());
  onCsrfRejected(async () => {
    try {
      const s = await session.current();
      if (!s) expire();
      return s?.csrfToken ?? null;
    } catch {
      return null;
    }
  });
}

function runCleanup() {
  routeSeq += 1;
  if (controller) controller.abort();
  controller = null;
  if (cleanup) {
    const c = cleanup;
    cleanup = null;
    try {
      c();
    } catch (e) {
      setTimeout(() => { throw e; });
    }
  }
}

async function route(moveFocus) {
  runCleanup();
  const seq = routeSeq;
  const r = parseRoute(location.hash);
  session.dropSavedUnless(location.hash);
  for (const a of header.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === r.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  setTitle(r.title);
  const container = h('div', { class: `page page-${r.page}` });
  pageRoot.replaceChildren(container);
  pageRoot.dataset.page = r.page;
  if (moveFocus) titleEl.focus({ preventScroll: false });
  if (!r.module) {
    container.append(h('p', {}, 'There is no page at this address. '), h('a', { href: '#/overview' }, 'Go to the overview'));
    return;
  }
  container.append(loading());
  controller = new AbortController();
  const params = { ...r.params, signal: controller.signal };
  let mod;
  try {
    mod = await import(r.module);
  } catch (e) {
    if (seq === routeSeq) container.replaceChildren(errorBox(new Error(`This page could not be loaded (${e.message}).`)));
    return;
  }
  if (seq !== routeSeq) return;
  container.replaceChildren();
  try {
    const c = await mod.render(container, params);
    if (typeof c === 'function') {
      if (seq === routeSeq) cleanup = c;
      else c();
    }
  } catch (e) {
    if (seq !== routeSeq || e?.name === 'AbortError') return;
    container.append(errorBox(e));
  }
  if (seq === routeSeq) session.restoreKept(container);
}

async function checkAlive() {
  try {
    const s = await session.current();
    if (!s) {
      expire();
      return false;
    }
    return true;
  } catch {
    return true; // server unreachable: keep retrying
  }
}

function enter(s, afterSignIn) {
  signedIn = true;
  header.hidden = false;
  userEl.textContent = s.user;
  userEl.title = `Account ${s.accountId}`;
  live.start(checkAlive);
  const saved = session.savedState();
  if (afterSignIn && saved?.hash && saved.hash !== location.hash) {
    location.hash = saved.hash; // hashchange routes
    return;
  }
  route(afterSignIn);
}

function expire() {
  if (!signedIn) return;
  signedIn = false;
  session.saveState(location.hash, pageRoot);
  runCleanup();
  live.stop();
  session.forget();
  showSignIn('Your session has expired. Sign in again to go back to where you were.');
}

async function signOut() {
  const button = document.getElementById('signout');
  button.disabled = true;
  try {
    await session.signOut();
  } catch {
    // Signed out locally anyway; the server's session times out by itself.
  } finally {
    button.disabled = false;
  }
  signedIn = false;
  runCleanup();
  live.stop();
  showSignIn('You have signed out.');
}

/** "45 s", "2 min 5 s" (no break inside a number and its unit). */
function waitText(seconds) {
  const s = Math.max(0, seconds);
  return s < 60 ? `${s}\u00a0s` : `${Math.floor(s / 60)}\u00a0min${s % 60 ? ` ${s % 60}\u00a0s` : ''}`;
}

function showSignIn(notice) {
  header.hidden = true;
  setTitle('Sign in to Synaps');
  const user = h('input', { id: 'signin-user', name: 'username', testid: 'signin-user', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'signin-password', name: 'password', type: 'password', testid: 'signin-password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'signin-submit' }, 'Sign in');
  const error = h('p', { class: 'form-error', testid: 'signin-error', role: 'alert', hidden: true });
  let countdown = null;

  const showError = (text) => {
    error.textContent = text;
    error.hidden = !text;
  };

  const form = h('form', { class: 'card signin', testid: 'signin-form', novalidate: true },
    notice ? h('p', { class: 'notice' }, notice) : null,
    h('div', { class: 'field' }, h('label', { for: 'signin-user' }, 'User name'), user),
    h('div', { class: 'field' }, h('label', { for: 'signin-password' }, 'Password'), password),
    error,
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!user.value.trim() || !password.value) {
      showError('Enter your user name and password.');
      (user.value.trim() ? password : user).focus();
      return;
    }
    submit.disabled = true;
    showError('');
    try {
      const s = await session.signIn(user.value.trim(), password.value);
      password.value = '';
      enter(s, true);
    } catch (err) {
      password.value = '';
      if (err.status === 429) {
        let left = Math.ceil(err.retryAfter || 1);
        const tick = () => {
          showError(`Too many failed sign-ins. Try again in ${waitText(left)}.`);
          if (left <= 0) {
            clearInterval(countdown);
            submit.disabled = false;
            showError('You can try again now.');
          }
          left -= 1;
        };
        clearInterval(countdown);
        tick();
        countdown = setInterval(tick, 1000);
        return;
      }
      submit.disabled = false;
      showError(err.status === 401 ? (err.message || 'The user name or password is incorrect.') : `${err.message}`);
      password.focus();
    }
  });

  const container = h('div', { class: 'page page-signin' }, form);
  pageRoot.replaceChildren(container);
  pageRoot.dataset.page = 'signin';
  user.focus();
}

async function boot() {
  wireShell();
  if (!session.probablySignedIn()) {
    showSignIn();
    return;
  }
  pageRoot.replaceChildren(loading('Checking your session…'));
  // Fetch the page's module while the session is checked, not after (import() caches it).
  const first = parseRoute(location.hash);
  if (first.module) import(first.module).catch(() => {}); // route() reports a failure
  try {
    const s = await session.current();
    if (s) enter(s, false);
    else showSignIn();
  } catch (e) {
    pageRoot.replaceChildren(errorBox(e), h('button', { type: 'button', class: 'btn', onclick: () => location.reload() }, 'Try again'));
  }
}

boot();
