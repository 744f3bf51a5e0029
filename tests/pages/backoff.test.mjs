// The retry schedule an unattended page lives by (wwwroot/js/backoff.js): the hub connection and
// the page's boot both wait this long between tries, never longer than the cap, never giving up.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  RETRY_DELAYS_MS, RETRY_CAP_MS, RETRY_JITTER, retryDelay,
} from '../../src/BuryUrgentCare.Host/wwwroot/js/backoff.js';

const noJitter = () => 0;
const fullJitter = () => 0.999_999;

describe('retryDelay', () => {
  test('grows along the schedule, at once after the first loss', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(n => retryDelay(n, noJitter)), [0, 1000, 2000, 5000, 10000, 15000]);
  });

  test('stays at the cap for ever: a wall never gives up', () => {
    assert.equal(RETRY_CAP_MS, 15_000);
    for (const failures of [6, 7, 50, 10_000, Number.MAX_SAFE_INTEGER]) {
      assert.equal(retryDelay(failures, noJitter), RETRY_CAP_MS, `after ${failures} failures`);
    }
  });

  test('jitter only shortens, by at most RETRY_JITTER of the step', () => {
    for (let failures = 0; failures < RETRY_DELAYS_MS.length + 2; failures++) {
      const base = retryDelay(failures, noJitter);
      const shortest = retryDelay(failures, fullJitter);
      assert.ok(shortest <= base, `failures ${failures}`);
      assert.ok(shortest >= Math.floor(base * (1 - RETRY_JITTER)), `failures ${failures}`);
      assert.ok(retryDelay(failures, Math.random) <= RETRY_CAP_MS);
    }
  });

  test('the first try after a loss is immediate whatever the jitter', () => {
    assert.equal(retryDelay(0, fullJitter), 0);
  });

  test('nonsense counts are read as no failures yet', () => {
    for (const failures of [-1, NaN, undefined, null, 'x']) {
      assert.equal(retryDelay(failures, noJitter), 0, String(failures));
    }
    assert.equal(retryDelay(2.7, noJitter), 2000);
  });
});
