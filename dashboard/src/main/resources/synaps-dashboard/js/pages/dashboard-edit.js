// Create or edit a dashboard's JSON body (#/dashboards/new, #/dashboards/<name>/edit). Save is
// PutDashboard; its validation messages (DashboardValidationMessages: DataPath + Message) are
// listed inline and the edited text is kept. Delete is DeleteDashboards after a confirmation.

import { cw } from '../api.js';
import { dashboardHref } from '../router.js';
import { confirmDialog, errorBox, h, loading } from '../ui.js';
import { jsonErrorAt, validateBody } from '../dashboard/render.js';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** The body a new dashboard starts with: one text widget and one metric widget to edit. */
const STARTER = {
  start: '-PT3H',
  widgets: [
    { type: 'text', x: 0, y: 0, width: 24, height: 2, properties: { markdown: '# My dashboard\nWhat this dashboard watches, and whom to call.' } },
    {
      type: 'metric', x: 0, y: 2, width: 12, height: 6,
      properties: { title: 'CPU', view: 'timeSeries', stat: 'Average', period: 300, metrics: [['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0123456789abcdef0']] },
    },
  ],
};

/** The body as the editor shows it: pretty-printed when it is JSON, else as stored. */
function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** The validation messages of a PutDashboard error (JSON member, or the Query shape). */
export function validationMessages(error) {
  const body = error?.body ?? {};
  const list = body.dashboardValidationMessages ?? body.DashboardValidationMessages ?? [];
  return (Array.isArray(list) ? list : []).map((m) => ({ dataPath: m.DataPath ?? m.dataPath ?? '', message: m.Message ?? m.message ?? '' }));
}

export async function render(root, params) {
  const signal = params.signal;
  const isNew = !!params.isNew;
  const name = isNew ? '' : params.name;

  const nameInput = h('input', {
    id: 'dash-name', name: 'dashboard-name', value: name, required: true, maxlength: '255', autocomplete: 'off', spellcheck: 'false',
    'data-keep': '', 'aria-describedby': 'dash-name-hint dash-name-error',
  });
  const nameError = h('small', { id: 'dash-name-error', class: 'field-error', role: 'status' });
  const editor = h('textarea', {
    id: 'dash-body', name: 'dashboard-body', testid: 'dashboard-body', class: 'dash-editor', spellcheck: 'false',
    autocomplete: 'off', autocapitalize: 'off', wrap: 'off', rows: '24', 'data-keep': '', 'aria-describedby': 'dash-body-hint dash-errors',
  });
  const errors = h('div', { id: 'dash-errors', class: 'dash-errors', testid: 'dashboard-errors', role: 'alert', 'aria-live': 'assertive' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'dashboard-save' }, isNew ? 'Create dashboard' : 'Save');
  const format = h('button', { type: 'button', class: 'btn' }, 'Format JSON');
  const del = isNew ? null : h('button', { type: 'button', class: 'btn btn-danger', testid: 'dashboard-delete' }, 'Delete');
  const cancel = h('a', { class: 'btn', href: isNew ? '#/dashboards' : dashboardHref(name) }, 'Cancel');

  const form = h('form', { class: 'card dash-edit', testid: 'dashboard-edit', novalidate: true },
    isNew
      ? h('div', { class: 'field' },
        h('label', { for: 'dash-name' }, 'Dashboard name'), nameInput,
        h('small', { id: 'dash-name-hint', class: 'hint' }, 'Up to 255 letters, digits, dashes (-) and underscores (_).'), nameError)
      : null,
    h('div', { class: 'field' },
      h('label', { for: 'dash-body' }, 'Dashboard body (JSON)'),
      h('small', { id: 'dash-body-hint', class: 'hint' },
        'The CloudWatch dashboard body: a "widgets" array of metric, text and alarm widgets on a 24-column grid. Ctrl+S saves.'),
      errors,
      editor),
    h('div', { class: 'form-actions' }, save, format, cancel, del ? h('span', { class: 'spacer' }) : null, del));
  root.append(form);

  if (isNew) {
    editor.value = JSON.stringify(STARTER, null, 2);
  } else {
    const wait = loading('Loading the body…');
    form.before(wait);
    editor.disabled = true;
    try {
      const d = await cw('GetDashboard', { DashboardName: name }, { signal });
      editor.value = pretty(d.DashboardBody ?? '');
      editor.disabled = false;
      wait.remove();
    } catch (e) {
      if (e?.name === 'AbortError') return;
      wait.replaceWith(errorBox(e));
      form.remove();
      return;
    }
  }

  function showErrors(items, intro) {
    errors.replaceChildren(
      h('p', { class: 'dash-errors-intro' }, intro),
      h('ul', {}, items.map((p) => h('li', {}, h('code', {}, p.dataPath || '(body)'), `: ${p.message}`))));
    editor.setAttribute('aria-invalid', 'true');
  }

  function clearErrors() {
    errors.replaceChildren();
    editor.removeAttribute('aria-invalid');
  }

  function showSyntaxHint() {
    const at = jsonErrorAt(editor.value);
    if (!at) return;
    const jump = h('button', { type: 'button', class: 'btn-link' }, `line ${at.line}, column ${at.column}`);
    jump.addEventListener('click', () => {
      editor.focus();
      editor.setSelectionRange(at.offset, Math.min(at.offset + 1, editor.value.length));
    });
    errors.append(h('p', { class: 'dash-errors-hint' }, 'The JSON goes wrong at ', jump, '.'));
  }

  format.addEventListener('click', () => {
    try {
      editor.value = JSON.stringify(JSON.parse(editor.value), null, 2);
      clearErrors();
    } catch {
      showErrors([{ dataPath: '', message: 'The field DashboardBody must be a valid JSON object' }], 'This is not JSON yet:');
      showSyntaxHint();
    }
    editor.focus();
  });

  editor.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const dashboardName = isNew ? nameInput.value.trim() : name;
    if (isNew) {
      if (!NAME.test(dashboardName)) {
        nameError.textContent = dashboardName ? 'Use only letters, digits, dashes (-) and underscores (_), at most 255.' : 'Enter a name for the dashboard.';
        nameInput.setAttribute('aria-invalid', 'true');
        nameInput.focus();
        return;
      }
      nameError.textContent = '';
      nameInput.removeAttribute('aria-invalid');
    }
    clearErrors();
    // The same rules as PutDashboard's (render.js mirrors DashboardBodyRules), checked here first so
    // a body the server would refuse costs no request; the server still has the last word.
    const local = validateBody(editor.value).problems;
    if (local.length) {
      showErrors(local, `PutDashboard would refuse this body (${local.length} problem${local.length === 1 ? '' : 's'}); nothing was saved:`);
      if (local.some((p) => p.dataPath === '')) showSyntaxHint();
      editor.focus();
      return;
    }
    save.disabled = true;
    try {
      if (isNew) {
        // PutDashboard replaces silently; creating must not overwrite someone's dashboard.
        const taken = await cw('ListDashboards', { DashboardNamePrefix: dashboardName }, { signal });
        if ((taken.DashboardEntries ?? []).some((d) => d.DashboardName === dashboardName)) {
          nameError.textContent = `A dashboard named ${dashboardName} exists already; pick another name or edit that one.`;
          nameInput.setAttribute('aria-invalid', 'true');
          nameInput.focus();
          return;
        }
      }
      await cw('PutDashboard', { DashboardName: dashboardName, DashboardBody: editor.value }, { signal });
      location.hash = dashboardHref(dashboardName);
    } catch (err) {
      if (err?.name === 'AbortError') return;
      const items = validationMessages(err);
      if (items.length) {
        showErrors(items, `PutDashboard refused the body (${items.length} problem${items.length === 1 ? '' : 's'}); nothing was saved:`);
        if (items.some((p) => p.dataPath === '')) showSyntaxHint();
      } else {
        showErrors([{ dataPath: err.code || 'Error', message: err.message }], 'Nothing was saved:');
      }
      editor.focus();
    } finally {
      save.disabled = false;
    }
  });

  del?.addEventListener('click', async () => {
    const ok = await confirmDialog('Delete dashboard', `Delete the dashboard ${name}? Its body cannot be recovered.`, 'Delete', { danger: true, testid: 'dashboard-delete-confirm' });
    if (!ok) return;
    del.disabled = true;
    try {
      await cw('DeleteDashboards', { DashboardNames: [name] }, { signal });
      location.hash = '#/dashboards';
    } catch (err) {
      if (err?.name === 'AbortError') return;
      showErrors([{ dataPath: err.code || 'Error', message: err.message }], 'The dashboard was not deleted:');
      del.disabled = false;
    }
  });

  (isNew ? nameInput : editor).focus();
}
