import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiError, cw, encodeQuery, jsonErrorCode, onCsrfRejected, onSessionExpired, parseXml, queryMap, setCsrf, sns, allPages,
} from '../../main/resources/synaps-dashboard/js/api.js';

let calls;
function answer(status, body, headers = {}) {
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    return new Response(body, { status, headers });
  };
}

beforeEach(() => {
  calls = [];
  setCsrf('tok-1');
  onSessionExpired(null);
  onCsrfRejected(null);
});

test('cw posts JSON 1.0 with the target, the CSRF token and the cookie, and parses the output', async () => {
  answer(200, '{"Metrics":[{"Namespace":"A","MetricName":"B"}]}', { 'Content-Type': 'application/x-amz-json-1.0' });
  const out = await cw('ListMetrics', { Namespace: 'A' });
  assert.deepEqual(out, { Metrics: [{ Namespace: 'A', MetricName: 'B' }] });
  const { url, init } = calls[0];
  assert.equal(url, '/');
  assert.equal(init.method, 'POST');
  assert.equal(init.credentials, 'same-origin');
  assert.equal(init.headers['Content-Type'], 'application/x-amz-json-1.0');
  assert.equal(init.headers['X-Amz-Target'], 'GraniteServiceVersion20100801.ListMetrics');
  assert.equal(init.headers['X-Synaps-Csrf'], 'tok-1');
  assert.deepEqual(JSON.parse(init.body), { Namespace: 'A' });
});

test('cw answers {} for an empty body and sends no CSRF header once cleared', async () => {
  setCsrf(null);
  answer(200, '');
  assert.deepEqual(await cw('DeleteAlarms', { AlarmNames: ['x'] }), {});
  assert.equal(calls[0].init.headers['X-Synaps-Csrf'], undefined);
});

test('cw rejects with the AWS error code, message, status and parsed body', async () => {
  const body = '{"__type":"com.amazonaws.cloudwatch#InvalidParameterInputException","message":"The field DashboardBody is invalid.","dashboardValidationMessages":[{"dataPath":"/widgets/0","message":"Should have required property"}]}';
  answer(400, body, { 'x-amzn-query-error': 'InvalidParameterInput;Sender' });
  await assert.rejects(cw('PutDashboard', {}), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 'InvalidParameterInput');
    assert.equal(e.status, 400);
    assert.equal(e.message, 'The field DashboardBody is invalid.');
    assert.equal(e.body.dashboardValidationMessages[0].dataPath, '/widgets/0');
    return true;
  });
});

test('jsonErrorCode falls back to the __type after the #', () => {
  assert.equal(jsonErrorCode({ __type: 'com.amazonaws.cloudwatch#ResourceNotFound' }, null), 'ResourceNotFound');
  assert.equal(jsonErrorCode({ code: 'SessionExpired' }, null), 'SessionExpired');
  assert.equal(jsonErrorCode(null, 'Throttling;Sender'), 'Throttling');
});

test('a 401 calls the session-expired handler once and still rejects', async () => {
  answer(401, '{"__type":"SessionExpired","message":"Your session has expired."}');
  let expired = 0;
  onSessionExpired(() => { expired += 1; });
  await assert.rejects(cw('DescribeAlarms', {}), (e) => e.code === 'SessionExpired' && e.status === 401);
  assert.equal(expired, 1);
});

test('a request the browser sent without the expired cookie (403 MissingAuthenticationToken) is an expiry too', async () => {
  answer(403, '{"__type":"com.amazonaws.cloudwatch.v2010_08_01#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"}', { 'x-amzn-query-error': 'MissingAuthenticationToken;Sender' });
  let expired = 0;
  onSessionExpired(() => { expired += 1; });
  await assert.rejects(cw('ListMetrics', {}), (e) => e.code === 'MissingAuthenticationToken');
  answer(403, '<ErrorResponse><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error><RequestId>r</RequestId></ErrorResponse>');
  await assert.rejects(sns('ListTopics', {}), (e) => e.status === 403 && e.code === 'MissingAuthenticationToken');
  assert.equal(expired, 2);
});

test('other 403s (AccessDenied) are not an expiry', async () => {
  answer(403, '{"__type":"x#AccessDenied","message":"no"}', { 'x-amzn-query-error': 'AccessDenied;Sender' });
  let expired = 0;
  onSessionExpired(() => { expired += 1; });
  await assert.rejects(cw('ListMetrics', {}), (e) => e.code === 'AccessDenied');
  assert.equal(expired, 0);
});

test('a refused CSRF token is refreshed once and the call retried with the new token', async () => {
  const seen = [];
  globalThis.fetch = async (url, init) => {
    seen.push(init.headers['X-Synaps-Csrf']);
    return seen.length === 1
      ? new Response('{"__type":"x#InvalidCsrfToken","message":"bad token"}', { status: 403, headers: { 'x-amzn-query-error': 'InvalidCsrfToken;Sender' } })
      : new Response('{"Metrics":[]}', { status: 200 });
  };
  onCsrfRejected(async () => 'tok-2');
  assert.deepEqual(await cw('ListMetrics', {}), { Metrics: [] });
  assert.deepEqual(seen, ['tok-1', 'tok-2']);
});

test('without a fresh token the CSRF refusal stays an error', async () => {
  answer(403, '{"__type":"x#InvalidCsrfToken","message":"bad token"}', { 'x-amzn-query-error': 'InvalidCsrfToken;Sender' });
  onCsrfRejected(async () => null);
  await assert.rejects(cw('ListMetrics', {}), (e) => e.code === 'InvalidCsrfToken');
  assert.equal(calls.length, 1);
});

test('a network failure becomes NetworkError with status 0', async () => {
  globalThis.fetch = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(cw('ListMetrics', {}), (e) => e.code === 'NetworkError' && e.status === 0);
});

test('encodeQuery folds lists into member.N, maps into entry.N and nested structures into dots', () => {
  const q = encodeQuery({
    Action: 'CreateTopic', Name: 'a b', Skip: undefined,
    Tags: [{ Key: 'team', Value: 'ops' }], Names: ['x', 'y'], Attributes: queryMap({ DisplayName: 'Ops' }),
  });
  assert.equal(q.toString(), 'Action=CreateTopic&Name=a+b&Tags.member.1.Key=team&Tags.member.1.Value=ops&Names.member.1=x&Names.member.2=y&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Ops');
});

test('sns posts the Query form with Version 2010-03-31 and returns the Result as plain values', async () => {
  answer(200, `<?xml version="1.0"?>
<ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <ListTopicsResult>
    <Topics>
      <member><TopicArn>arn:aws:sns:us-east-1:123456789012:ops &amp; dev</TopicArn></member>
      <member><TopicArn>arn:aws:sns:us-east-1:123456789012:b</TopicArn></member>
    </Topics>
    <NextToken>t2</NextToken>
  </ListTopicsResult>
  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
</ListTopicsResponse>`);
  const out = await sns('ListTopics', { NextToken: 't1' });
  assert.deepEqual(out, { Topics: [{ TopicArn: 'arn:aws:sns:us-east-1:123456789012:ops & dev' }, { TopicArn: 'arn:aws:sns:us-east-1:123456789012:b' }], NextToken: 't2' });
  const { init } = calls[0];
  assert.equal(init.headers['Content-Type'], 'application/x-www-form-urlencoded');
  assert.equal(init.headers['X-Synaps-Csrf'], 'tok-1');
  assert.equal(init.body, 'Action=ListTopics&Version=2010-03-31&NextToken=t1');
});

test('sns turns entry lists into objects and empty lists into empty text', async () => {
  answer(200, `<GetTopicAttributesResponse><GetTopicAttributesResult><Attributes>
    <entry><key>DisplayName</key><value>Ops</value></entry><entry><key>Policy</key><value>{"a":1}</value></entry>
  </Attributes><Empty/></GetTopicAttributesResult></GetTopicAttributesResponse>`);
  assert.deepEqual(await sns('GetTopicAttributes', {}), { Attributes: { DisplayName: 'Ops', Policy: '{"a":1}' }, Empty: '' });
});

test('sns rejects with the Query error code and message', async () => {
  answer(404, '<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>');
  await assert.rejects(sns('GetTopicAttributes', { TopicArn: 'x' }), (e) => e.code === 'NotFound' && e.status === 404 && e.message === 'Topic does not exist');
});

test('parseXml decodes entities and CDATA and refuses broken XML', () => {
  const root = parseXml('<a><b>1 &lt; 2 &#x41;&#66;</b><c><![CDATA[<raw>]]></c></a>');
  assert.equal(root.children[0].text, '1 < 2 AB');
  assert.equal(root.children[1].text, '<raw>');
  assert.throws(() => parseXml('<a><b></a>'));
  assert.throws(() => parseXml('<a>'));
  assert.throws(() => parseXml('not xml <'));
});

test('allPages follows NextToken and collects the items', async () => {
  const pages = { undefined: { Items: [1, 2], NextToken: 'p2' }, p2: { Items: [3] } };
  const seen = [];
  const items = await allPages(async (t) => { seen.push(t); return pages[t]; }, 'Items');
  assert.deepEqual(items, [1, 2, 3]);
  assert.deepEqual(seen, [undefined, 'p2']);
});
