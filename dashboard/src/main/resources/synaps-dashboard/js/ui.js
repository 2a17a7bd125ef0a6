// Small DOM helpers shared by the pages. Everything from data goes in as text (textContent,
// text nodes, attributes), never as HTML.

import { stateClass, stateLabel } from './format.js';

/**
 * Creates an element: h('a', {href, class, text, dataset:{...}, testid, onclick}, ...children).
 * Children may be nodes, text (inserted as text nodes), arrays, null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'testid') e.dataset.testid = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(e.style, v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'selected' || k === 'hidden' || k === 'required') e[k] = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

function append(parent, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** The page title (the shell's h1, data-testid page-title). */
export function setTitle(text) {
  const title = document.querySelector('[data-testid="page-title"]');
  if (title) title.textContent = text;
}

/** An alarm state badge (colour class + text), with data-state; testid optional. */
export function stateBadge(state, testid) {
  return h('span', { class: `badge ${stateClass(state)}`, dataset: { state: state || '' }, testid }, stateLabel(state));
}

/** Updates a badge made by stateBadge in place. */
export function setBadge(badge, state) {
  badge.className = `badge ${stateClass(state)}`;
  badge.dataset.state = state;
  badge.textContent = stateLabel(state);
}

/** A message box for an error (ApiError or other), role=alert. */
export function errorBox(error, testid) {
  const code = error?.code && error.code !== 'Error' ? `${error.code}: ` : '';
  return h('div', { class: 'error-box', role: 'alert', testid }, code + (error?.message || String(error)));
}

/** A muted "Loading..." line. */
export function loading(text = 'Loading…') {
  return h('p', { class: 'muted loading', 'aria-busy': 'true' }, text);
}

/** An empty-state line. */
export function empty(text) {
  return h('p', { class: 'muted empty' }, text);
}

/**
 * A modal dialog (native <dialog>: Escape closes it, focus stays inside). `build(close)` returns
 * the body; resolves with the value passed to close(value) (undefined when dismissed).
 */
export function openDialog(titleText, build) {
  return new Promise((resolve) => {
    let result;
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId });
    const close = (value) => {
      result = value;
      dialog.close();
    };
    dialog.append(h('h2', { id: titleId }, titleText), build(close));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Asks to confirm an action; resolves true when confirmed. */
export async function confirmDialog(titleText, messageText, confirmLabel = 'Confirm', { danger = false, testid } = {}) {
  const ok = await openDialog(titleText, (close) => h('div', {},
    h('p', {}, messageText),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => close(false) }, 'Cancel'),
      h('button', { type: 'button', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, testid, onclick: () => close(true) }, confirmLabel))));
  return ok === true;
}

/** A label + control pair: field('Name', input, {hint, error}). */
export function field(labelText, control, { hint, id } = {}) {
  const controlId = control.id || id || `f-${Math.random().toString(36).slice(2)}`;
  control.id = controlId;
  const errorId = `${controlId}-error`;
  const hintId = hint ? `${controlId}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', { class: 'field' },
    h('label', { for: controlId }, labelText),
    control,
    hint ? h('small', { id: hintId, class: 'hint' }, hint) : null,
    h('small', { id: errorId, class: 'field-error', role: 'status' }));
}

/** Shows (or clears, with null) the error message under a control made by field(). */
export function setFieldError(control, message) {
  const box = document.getElementById(`${control.id}-error`);
  if (box) box.textContent = message || '';
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

/** <select> with options [[value, label]] or plain values; selected value optional. */
export function select(props, options, selected) {
  const s = h('select', props);
  for (const o of options) {
    const [value, label] = Array.isArray(o) ? o : [o, o];
    s.append(h('option', { value, selected: String(value) === String(selected ?? '') }, label));
  }
  if (selected !== undefined && selected !== null) s.value = String(selected);
  return s;
}

/** Replaces the current hash without a hashchange (keeps the page; for state in the URL). */
export function replaceHash(hash) {
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
}

/** A function that runs `fn` once `ms` after the last call. */
export function debounce(fn, ms) {
  let t = null;
  const d = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}
