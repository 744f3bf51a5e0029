// Pure parts of the pages' credentials (wwwroot/js/access.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUnauthorized } from '../../src/BuryUrgentCare.Host/wwwroot/js/access.js';

test('a refused hub start is told apart from an outage', () => {
  assert.equal(isUnauthorized({ statusCode: 401 }), true);
  assert.equal(isUnauthorized(new Error("Failed to complete negotiation with the server: Error: {...}: Status code '401'")), true);
  assert.equal(isUnauthorized(new Error("Failed to complete negotiation with the server: TypeError: Failed to fetch")), false);
  assert.equal(isUnauthorized({ statusCode: 503 }), false);
  assert.equal(isUnauthorized(undefined), false);
});
