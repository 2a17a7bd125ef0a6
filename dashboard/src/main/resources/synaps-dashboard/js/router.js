// The hash routes (pure: Node's tests import it). A route names the page module app.js loads
// with import(), its params (path parts decoded, plus the query string), its nav item and title.

const ROUTES = [
  { pattern: ['overview'], page: 'overview', nav: 'overview', title: () => 'Overview' },
  { pattern: ['metrics'], page: 'metrics', nav: 'metrics', title: () => 'Metrics' },
  { pattern: ['alarms'], page: 'alarms', nav: 'alarms', title: () => 'Alarms' },
  { pattern: ['alarms', 'new'], page: 'alarm-form', nav: 'alarms', title: () => 'Create alarm', params: { isNew: true } },
  { pattern: ['alarms', ':name'], page: 'alarm-detail', nav: 'alarms', title: (p) => `Alarm ${p.name}` },
  { pattern: ['alarms', ':name', 'edit'], page: 'alarm-form', nav: 'alarms', title: (p) => `Edit alarm ${p.name}` },
  { pattern: ['dashboards'], page: 'dashboards', nav: 'dashboards', title: () => 'Dashboards' },
  { pattern: ['dashboards', 'new'], page: 'dashboard-edit', nav: 'dashboards', title: () => 'Create dashboard', params: { isNew: true } },
  { pattern: ['dashboards', ':name'], page: 'dashboard-view', nav: 'dashboards', title: (p) => `Dashboard ${p.name}` },
  { pattern: ['dashboards', ':name', 'edit'], page: 'dashboard-edit', nav: 'dashboards', title: (p) => `Edit dashboard ${p.name}` },
  { pattern: ['topics'], page: 'topics', nav: 'topics', title: () => 'Topics' },
  { pattern: ['topics', ':arn'], page: 'topics', nav: 'topics', title: (p) => `Topic ${p.arn.slice(p.arn.lastIndexOf(':') + 1)}` },
];

/** The route a page starts on when the hash is empty. */
export const DEFAULT_HASH = '#/overview';

function decode(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Parses a location hash ("#/alarms/High%20CPU/edit?x=1") into
 * {page, module, nav, title, params, path}; page 'not-found' when nothing matches.
 * params = the query string's values, the route's fixed params and the decoded path parts
 * (`name`, `arn`), plus `query` (the query string alone, as an object).
 */
export function parseRoute(hash) {
  let h = String(hash || '').replace(/^#/, '');
  if (h === '' || h === '/') h = DEFAULT_HASH.slice(1);
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : h.slice(q + 1)));
  const parts = path.split('/').filter((p) => p !== '');
  for (const r of ROUTES) {
    if (r.pattern.length !== parts.length) continue;
    const named = {};
    const ok = r.pattern.every((seg, i) => {
      if (seg.startsWith(':')) {
        named[seg.slice(1)] = decode(parts[i]);
        return named[seg.slice(1)] !== '';
      }
      return seg === parts[i];
    });
    if (!ok) continue;
    const params = { ...query, ...(r.params || {}), ...named, query };
    return { page: r.page, module: `./pages/${r.page}.js`, nav: r.nav, title: r.title(params), params, path: `/${parts.join('/')}` };
  }
  return { page: 'not-found', module: null, nav: null, title: 'Not found', params: { query }, path: `/${parts.join('/')}` };
}

/** Query text from an object (null/undefined/'' values left out), '' when empty, else "?a=1". */
export function queryString(query) {
  const entries = Object.entries(query || {}).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (entries.length === 0) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of entries) {
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, x));
    else sp.append(k, String(v));
  }
  return `?${sp.toString()}`;
}

/** The hash of an alarm's detail page. */
export function alarmHref(name) {
  return `#/alarms/${encodeURIComponent(name)}`;
}

/** The hash of an alarm's edit form. */
export function alarmEditHref(name) {
  return `#/alarms/${encodeURIComponent(name)}/edit`;
}

/** The hash of a dashboard's page. */
export function dashboardHref(name) {
  return `#/dashboards/${encodeURIComponent(name)}`;
}

/** The hash of a topic's page. */
export function topicHref(arn) {
  return `#/topics/${encodeURIComponent(arn)}`;
}
