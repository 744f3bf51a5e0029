import { test } from 'node:test';
import assert from 'node:assert/strict';
import { operationsOf } from '../../src/BuryUrgentCare.Host/wwwroot/js/api-reference.js';

test('operations are read from the document with their role, sorted by path then method', () => {
  const document = {
    paths: {
      '/api/units/{unit}': {
        get: {
          summary: 'One unit',
          'x-required-role': 'viewer',
          parameters: [{ name: 'unit', in: 'path', required: true }],
          responses: { 200: {}, 401: {}, 403: {} },
        },
      },
      '/api/events': { post: { 'x-required-role': 'integrator', responses: { 202: {} } } },
      '/api/escalation/actions': {
        post: { 'x-required-role': 'manager', responses: {} },
        get: { 'x-required-role': 'viewer', responses: {} },
      },
    },
  };
  const operations = operationsOf(document);
  assert.deepEqual(operations.map(o => `${o.method} ${o.path} ${o.role}`), [
    'GET /api/escalation/actions viewer',
    'POST /api/escalation/actions manager',
    'POST /api/events integrator',
    'GET /api/units/{unit} viewer',
  ]);
  assert.deepEqual(operations[3].parameters, ['unit (path, required)']);
  assert.deepEqual(operations[3].responses, ['200', '401', '403']);
});

test('a document without paths has no operations', () => {
  assert.deepEqual(operationsOf({}), []);
});
