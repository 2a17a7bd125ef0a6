// Unit tests of the dashboard and topic pages' pure helpers (they import no DOM at load time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validationMessages } from '../../main/resources/synaps-dashboard/js/pages/dashboard-edit.js';
import { topicName } from '../../main/resources/synaps-dashboard/js/pages/topics.js';
import { ApiError } from '../../main/resources/synaps-dashboard/js/api.js';

test('PutDashboard validation messages are read from the JSON error body (golden shape)', () => {
  const body = {
    __type: 'com.amazonaws.cloudwatch.v2010_08_01#DashboardInvalidInputError',
    message: 'The dashboard body is invalid, there are 1 validation errors:\n[...]',
    dashboardValidationMessages: [{ DataPath: '/widgets/0/properties', Message: "Should have required property 'metrics'" }],
  };
  assert.deepEqual(validationMessages(new ApiError('InvalidParameterInput', body.message, 400, body)),
    [{ dataPath: '/widgets/0/properties', message: "Should have required property 'metrics'" }]);
});

test('other errors have no validation messages', () => {
  assert.deepEqual(validationMessages(new ApiError('InvalidParameterValue', 'bad name', 400, { __type: 'x', message: 'bad name' })), []);
  assert.deepEqual(validationMessages(new ApiError('NetworkError', 'down', 0)), []);
  assert.deepEqual(validationMessages(new ApiError('X', 'y', 400, { DashboardValidationMessages: [{ DataPath: '', Message: 'm' }] })), [{ dataPath: '', message: 'm' }]);
});

test('a topic name is the last part of its ARN', () => {
  assert.equal(topicName('arn:aws:sns:us-east-1:123456789012:ops-pager'), 'ops-pager');
});
