// SNS topics and subscriptions (#/topics, #/topics/<arn>) through the SNS Query API:
// ListTopics, CreateTopic, DeleteTopic, GetTopicAttributes, SetTopicAttributes (display name),
// ListSubscriptionsByTopic, Subscribe, Unsubscribe.

import { allPages, queryMap, sns } from '../api.js';
import { topicHref } from '../router.js';
import { confirmDialog, empty, errorBox, field, h, loading, select, setFieldError, setTitle } from '../ui.js';

const NAME = /^[A-Za-z0-9_-]{1,256}$/;
/** Protocols this server delivers to (SNS's others are refused by Subscribe). */
const PROTOCOLS = [
  ['email', 'Email', 'name@example.com', 'email'],
  ['email-json', 'Email (JSON)', 'name@example.com', 'email'],
  ['https', 'HTTPS webhook', 'https://hooks.example.com/synaps', 'url'],
  ['http', 'HTTP webhook', 'http://hooks.internal:8080/synaps', 'url'],
  ['sms', 'SMS', '+15555550100', 'tel'],
  ['slack', 'Slack (incoming webhook)', 'https://hooks.slack.com/services/…', 'url'],
];
const PENDING = 'PendingConfirmation';

/** A plain list from an sns() value: arrays stay, an empty element ('') is an empty list. */
function list(value) {
  return Array.isArray(value) ? value : [];
}

/** The topic name of a topic ARN (its last part). */
export function topicName(arn) {
  return String(arn).slice(String(arn).lastIndexOf(':') + 1);
}

function apiMessage(e) {
  return `${e?.code && e.code !== 'Error' ? `${e.code}: ` : ''}${e?.message ?? e}`;
}

export async function render(root, params) {
  return params.arn ? renderTopic(root, params) : renderList(root, params);
}

// --- the list ---------------------------------------------------------------------------------

async function renderList(root, params) {
  const signal = params.signal;
  const nameInput = h('input', { id: 'topic-name', testid: 'topic-name', name: 'topic-name', maxlength: '256', autocomplete: 'off', spellcheck: 'false', 'data-keep': '' });
  const displayInput = h('input', { id: 'topic-display', name: 'topic-display', maxlength: '100', autocomplete: 'off', 'data-keep': '' });
  const createError = h('p', { class: 'form-error', role: 'alert' });
  const create = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'topic-create' }, 'Create topic');
  const form = h('form', { class: 'card topic-form', novalidate: true, hidden: true, 'aria-label': 'New topic' },
    h('h2', {}, 'New topic'),
    h('div', { class: 'topic-form-fields' },
      field('Name', nameInput, { hint: 'Letters, digits, dashes and underscores; up to 256.' }),
      field('Display name (optional)', displayInput, { hint: 'Shown as the sender of SMS and email messages.' })),
    createError,
    h('div', { class: 'form-actions' }, create, h('button', { type: 'button', class: 'btn', onclick: () => { form.hidden = true; newButton.focus(); } }, 'Cancel')));
  const newButton = h('button', { type: 'button', class: 'btn btn-primary', testid: 'topic-new', 'aria-expanded': 'false' }, 'New topic');
  newButton.addEventListener('click', () => {
    form.hidden = !form.hidden;
    newButton.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) nameInput.focus();
  });
  const listBox = h('div', { 'aria-live': 'polite' });
  root.append(
    h('div', { class: 'toolbar' }, h('p', { class: 'muted topic-intro' }, 'Alarm actions notify SNS topics; each topic delivers to its confirmed subscriptions.'), h('span', { class: 'spacer' }), newButton),
    form,
    h('section', { class: 'card', 'aria-label': 'Topics' }, listBox),
  );

  async function load() {
    listBox.replaceChildren(loading());
    let topics;
    try {
      topics = await allPages((token) => sns('ListTopics', token ? { NextToken: token } : {}, { signal }).then((r) => ({ ...r, Topics: list(r.Topics) })), 'Topics');
    } catch (e) {
      if (e?.name === 'AbortError') return;
      listBox.replaceChildren(errorBox(e));
      return;
    }
    if (topics.length === 0) {
      listBox.replaceChildren(empty('There are no topics yet. Create one, then subscribe an email address or a webhook to it.'));
      return;
    }
    listBox.replaceChildren(h('ul', { class: 'topic-list' }, topics.map((t) => {
      const remove = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Delete topic ${topicName(t.TopicArn)}` }, 'Delete');
      remove.addEventListener('click', () => deleteTopic(t.TopicArn, remove, load));
      return h('li', { class: 'topic-row', testid: 'topic-row', dataset: { arn: t.TopicArn } },
        h('div', { class: 'topic-main' },
          h('a', { class: 'topic-name', href: topicHref(t.TopicArn) }, topicName(t.TopicArn)),
          h('code', { class: 'topic-arn' }, t.TopicArn)),
        remove);
    })));
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = nameInput.value.trim();
    if (!NAME.test(name)) {
      setFieldError(nameInput, name ? 'Use only letters, digits, dashes (-) and underscores (_), at most 256.' : 'Enter a topic name.');
      nameInput.focus();
      return;
    }
    setFieldError(nameInput, null);
    createError.textContent = '';
    create.disabled = true;
    try {
      const display = displayInput.value.trim();
      const out = await sns('CreateTopic', { Name: name, ...(display ? { Attributes: queryMap({ DisplayName: display }) } : {}) }, { signal });
      location.hash = topicHref(out.TopicArn);
    } catch (err) {
      if (err?.name === 'AbortError') return;
      createError.textContent = apiMessage(err);
    } finally {
      create.disabled = false;
    }
  });

  await load();
}

async function deleteTopic(arn, button, after) {
  const ok = await confirmDialog('Delete topic', `Delete the topic ${topicName(arn)} and all its subscriptions? Alarms that notify it will fail to.`, 'Delete', { danger: true });
  if (!ok) return;
  button.disabled = true;
  try {
    await sns('DeleteTopic', { TopicArn: arn });
    after();
  } catch (e) {
    button.disabled = false;
    button.after(errorBox(e));
  }
}

// --- one topic --------------------------------------------------------------------------------

async function renderTopic(root, params) {
  const signal = params.signal;
  const arn = params.arn;
  setTitle(`Topic ${topicName(arn)}`);
  const attributesBox = h('div', {}, loading());
  const subsBox = h('div', { 'aria-live': 'polite' }, loading());
  const deleteButton = h('button', { type: 'button', class: 'btn btn-danger' }, 'Delete topic');
  deleteButton.addEventListener('click', () => deleteTopic(arn, deleteButton, () => { location.hash = '#/topics'; }));

  const protocol = select({ id: 'subscribe-protocol', testid: 'subscribe-protocol', name: 'protocol', 'data-keep': '' }, PROTOCOLS.map(([v, label]) => [v, label]), 'email');
  const endpoint = h('input', { id: 'subscribe-endpoint', testid: 'subscribe-endpoint', name: 'endpoint', autocomplete: 'off', spellcheck: 'false', 'data-keep': '' });
  const subscribeResult = h('p', { class: 'notice', role: 'status', hidden: true });
  const subscribeError = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'subscribe-submit' }, 'Subscribe');
  const subscribeForm = h('form', { class: 'subscribe-form', novalidate: true, 'aria-label': 'Subscribe' },
    h('div', { class: 'subscribe-fields' }, field('Protocol', protocol), field('Endpoint', endpoint)),
    subscribeError, subscribeResult, h('div', { class: 'form-actions' }, submit));
  const describeEndpoint = () => {
    const p = PROTOCOLS.find(([v]) => v === protocol.value) ?? PROTOCOLS[0];
    endpoint.placeholder = p[2];
    endpoint.type = p[3];
  };
  protocol.addEventListener('change', describeEndpoint);
  describeEndpoint();

  root.append(
    h('div', { class: 'toolbar' }, h('a', { class: 'btn', href: '#/topics' }, 'All topics'), h('span', { class: 'spacer' }), deleteButton),
    h('section', { class: 'card', 'aria-labelledby': 'topic-attrs' }, h('h2', { id: 'topic-attrs' }, 'Topic'), attributesBox),
    h('section', { class: 'card', 'aria-labelledby': 'topic-subs' }, h('h2', { id: 'topic-subs' }, 'Subscriptions'), subsBox,
      h('h3', {}, 'Add a subscription'), subscribeForm),
  );

  async function loadAttributes() {
    let attrs;
    try {
      const out = await sns('GetTopicAttributes', { TopicArn: arn }, { signal });
      attrs = out.Attributes && typeof out.Attributes === 'object' ? out.Attributes : {};
    } catch (e) {
      if (e?.name === 'AbortError') return false;
      attributesBox.replaceChildren(errorBox(e), h('p', {}, h('a', { href: '#/topics' }, 'Back to the topics')));
      return false;
    }
    const display = h('input', { id: 'topic-display-name', value: attrs.DisplayName ?? '', maxlength: '100', autocomplete: 'off' });
    const saveDisplay = h('button', { type: 'submit', class: 'btn btn-small' }, 'Save');
    const displayForm = h('form', { class: 'topic-display-form', novalidate: true },
      h('label', { for: 'topic-display-name' }, 'Display name'), display, saveDisplay);
    displayForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      saveDisplay.disabled = true;
      setFieldError(display, null);
      try {
        await sns('SetTopicAttributes', { TopicArn: arn, AttributeName: 'DisplayName', AttributeValue: display.value }, { signal });
        saveDisplay.textContent = 'Saved';
        setTimeout(() => { saveDisplay.textContent = 'Save'; }, 1500);
      } catch (err) {
        if (err?.name !== 'AbortError') displayForm.after(errorBox(err));
      } finally {
        saveDisplay.disabled = false;
      }
    });
    const facts = [
      ['ARN', h('code', {}, arn)],
      ['Owner', attrs.Owner ?? '—'],
      ['Confirmed subscriptions', attrs.SubscriptionsConfirmed ?? '0'],
      ['Pending confirmation', attrs.SubscriptionsPending ?? '0'],
    ];
    attributesBox.replaceChildren(
      h('dl', { class: 'facts topic-facts' }, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      displayForm);
    return true;
  }

  async function loadSubscriptions() {
    let subs;
    try {
      subs = await allPages((token) => sns('ListSubscriptionsByTopic', { TopicArn: arn, ...(token ? { NextToken: token } : {}) }, { signal })
        .then((r) => ({ ...r, Subscriptions: list(r.Subscriptions) })), 'Subscriptions');
    } catch (e) {
      if (e?.name === 'AbortError') return;
      subsBox.replaceChildren(errorBox(e));
      return;
    }
    if (subs.length === 0) {
      subsBox.replaceChildren(empty('Nobody is subscribed yet: alarms notifying this topic reach no one.'));
      return;
    }
    subsBox.replaceChildren(h('ul', { class: 'sub-list' }, subs.map((s) => {
      const pending = s.SubscriptionArn === PENDING;
      const row = h('li', { class: 'sub-row', testid: 'subscription-row', dataset: { protocol: s.Protocol, pending: String(pending) } },
        h('span', { class: 'badge sub-protocol' }, s.Protocol),
        h('span', { class: 'sub-endpoint wrap' }, s.Endpoint),
        pending
          ? h('span', { class: 'badge sub-pending', title: 'The endpoint must confirm with the link in the message it was sent.' }, 'Pending confirmation')
          : h('span', { class: 'badge sub-confirmed' }, 'Confirmed'));
      if (!pending) {
        const remove = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Unsubscribe ${s.Endpoint}` }, 'Unsubscribe');
        remove.addEventListener('click', async () => {
          const ok = await confirmDialog('Unsubscribe', `Stop sending this topic's messages to ${s.Endpoint}?`, 'Unsubscribe', { danger: true });
          if (!ok) return;
          remove.disabled = true;
          try {
            await sns('Unsubscribe', { SubscriptionArn: s.SubscriptionArn }, { signal });
            await Promise.all([loadSubscriptions(), loadAttributes()]);
          } catch (e) {
            if (e?.name === 'AbortError') return;
            remove.disabled = false;
            row.append(errorBox(e));
          }
        });
        row.append(remove);
      }
      return row;
    })));
  }

  subscribeForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = endpoint.value.trim();
    if (!value) {
      setFieldError(endpoint, 'Enter where to deliver the messages.');
      endpoint.focus();
      return;
    }
    setFieldError(endpoint, null);
    subscribeError.textContent = '';
    subscribeResult.hidden = true;
    submit.disabled = true;
    try {
      const out = await sns('Subscribe', { TopicArn: arn, Protocol: protocol.value, Endpoint: value }, { signal });
      const pending = !out.SubscriptionArn || /pending/i.test(out.SubscriptionArn);
      subscribeResult.textContent = pending
        ? `Subscribed ${value}: pending confirmation. A confirmation message was sent; the subscription starts once its link is followed.`
        : `Subscribed ${value}.`;
      subscribeResult.hidden = false;
      endpoint.value = '';
      await Promise.all([loadSubscriptions(), loadAttributes()]);
    } catch (err) {
      if (err?.name === 'AbortError') return;
      subscribeError.textContent = apiMessage(err);
      endpoint.focus();
    } finally {
      submit.disabled = false;
    }
  });

  if (await loadAttributes()) await loadSubscriptions();
  else subsBox.replaceChildren();
}
