// The dashboards list (#/dashboards): ListDashboards (every page), a name-prefix filter, and a
// link to create one.

import { allPages, cw } from '../api.js';
import { formatAgo, formatTime } from '../format.js';
import { dashboardHref } from '../router.js';
import { debounce, empty, errorBox, h, loading, replaceHash } from '../ui.js';

const PREFIX = /^[A-Za-z0-9_.-]*$/;

function sizeText(bytes) {
  const n = Number(bytes) || 0;
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`;
}

export async function render(root, params) {
  const signal = params.signal;
  const prefix = h('input', {
    id: 'dash-prefix', type: 'search', value: params.query?.prefix ?? '', placeholder: 'Name starts with…',
    autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'dash-prefix-error',
  });
  const prefixError = h('small', { id: 'dash-prefix-error', class: 'field-error', role: 'status' });
  const list = h('div', { class: 'dash-list', 'aria-live': 'polite' });
  root.append(
    h('div', { class: 'toolbar' },
      h('div', { class: 'inline-field' }, h('label', { for: 'dash-prefix' }, 'Filter by name'), prefix, prefixError),
      h('span', { class: 'spacer' }),
      h('a', { class: 'btn btn-primary', href: '#/dashboards/new', testid: 'dashboard-new' }, 'Create dashboard')),
    h('section', { class: 'card', 'aria-label': 'Dashboards' }, list),
  );

  let seq = 0;
  async function load() {
    const mine = ++seq;
    const text = prefix.value.trim();
    if (!PREFIX.test(text)) {
      prefixError.textContent = 'Dashboard names hold only letters, digits, dash (-), underscore (_) and dot (.).';
      prefix.setAttribute('aria-invalid', 'true');
      return;
    }
    prefixError.textContent = '';
    prefix.removeAttribute('aria-invalid');
    replaceHash(text ? `#/dashboards?prefix=${encodeURIComponent(text)}` : '#/dashboards');
    list.replaceChildren(loading());
    let entries;
    try {
      entries = await allPages((token) => cw('ListDashboards', {
        ...(text ? { DashboardNamePrefix: text } : {}), ...(token ? { NextToken: token } : {}),
      }, { signal }), 'DashboardEntries');
    } catch (e) {
      if (e?.name === 'AbortError' || mine !== seq) return;
      list.replaceChildren(errorBox(e));
      return;
    }
    if (mine !== seq) return;
    if (entries.length === 0) {
      list.replaceChildren(text
        ? empty(`No dashboard name starts with “${text}”.`)
        : h('p', { class: 'muted empty' }, 'There are no dashboards yet. ', h('a', { href: '#/dashboards/new' }, 'Create the first one'), ' or put one with the PutDashboard API.'));
      return;
    }
    list.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'dash-table' },
      h('caption', { class: 'muted' }, `${entries.length} dashboard${entries.length === 1 ? '' : 's'}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Last modified'), h('th', { scope: 'col', class: 'num' }, 'Size'), h('th', { scope: 'col' }, h('span', { class: 'dash-sr-only' }, 'Actions')))),
      h('tbody', {}, entries.map((d) => h('tr', { testid: 'dashboard-row', dataset: { name: d.DashboardName } },
        h('td', { class: 'wrap' }, h('a', { href: dashboardHref(d.DashboardName) }, d.DashboardName)),
        h('td', { class: 'nowrap', title: formatTime(d.LastModified) }, formatAgo(d.LastModified)),
        h('td', { class: 'num nowrap' }, sizeText(d.Size)),
        h('td', { class: 'nowrap' }, h('a', { href: `${dashboardHref(d.DashboardName)}/edit`, 'aria-label': `Edit ${d.DashboardName}` }, 'Edit'))))))));
  }

  const later = debounce(load, 250);
  prefix.addEventListener('input', later);
  await load();
  return () => later.cancel();
}
