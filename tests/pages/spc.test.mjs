// The control-chart rules of the commissioners' page (wwwroot/js/spc.js): XmR limits and the
// "Making Data Count" signals — a point outside the limits, a shift, a trend.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { xmr, describeSignals, SHIFT_LENGTH, TREND_LENGTH } from '../../src/BuryUrgentCare.Host/wwwroot/js/spc.js';

const near = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
const marked = (chart, field) => chart.points.filter(p => p[field]).map(p => p.index);

describe('limits', () => {
  test('mean and limits are the mean ± 2.66 × the mean moving range', () => {
    const chart = xmr([10, 12, 11, 13, 9]);
    near(chart.mean, 11);
    near(chart.movingRangeMean, (2 + 1 + 2 + 4) / 4);
    near(chart.upper, 11 + 2.66 * 2.25);
    near(chart.lower, 11 - 2.66 * 2.25);
  });

  test('absent values are left out of every calculation', () => {
    const chart = xmr([10, null, 12, undefined, 11]);
    near(chart.mean, 11);
    near(chart.movingRangeMean, 1.5); // |12 − 10|, |11 − 12|: neighbours across the gap
    assert.equal(chart.points.length, 5);
    assert.deepEqual(chart.points[1], { index: 1, value: null, outside: null, shift: null, trend: null });
  });

  test('fewer than two values give no chart', () => {
    assert.equal(xmr([]), null);
    assert.equal(xmr([5, null]), null);
  });

  test('the lower limit is floored when asked (a count is never negative)', () => {
    assert.equal(xmr([0, 10, 0, 10], { floor: 0 }).lower, 0);
    assert.ok(xmr([0, 10, 0, 10]).lower < 0);
  });
});

describe('signals', () => {
  test('a point beyond a limit is marked outside, on its side', () => {
    const values = [10, 11, 10, 11, 10, 11, 10, 11, 40, 10, 11];
    const chart = xmr(values);
    assert.deepEqual(marked(chart, 'outside'), [8]);
    assert.equal(chart.points[8].outside, 'above');
  });

  test(`${SHIFT_LENGTH} points on one side of the mean are a shift; ${SHIFT_LENGTH - 1} are not`, () => {
    const shift = xmr([5, 5, 5, 5, 5, 5, 5, 9, 9, 9, 9, 9, 9, 9]);
    assert.deepEqual(marked(shift, 'shift'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert.equal(shift.points[0].shift, 'below');
    assert.equal(shift.points[13].shift, 'above');

    const short = xmr([5, 9, 5, 5, 5, 5, 5, 5, 9, 9, 9, 9, 9, 9, 5, 9]);
    assert.deepEqual(marked(short, 'shift'), []);
  });

  test('a point on the mean ends a run', () => {
    // mean 5: six above, one on the mean, then below.
    const chart = xmr([6, 6, 6, 6, 6, 6, 5, 4, 4, 4, 4, 4, 4, 5]);
    near(chart.mean, 5);
    assert.deepEqual(marked(chart, 'shift'), []);
  });

  test(`${TREND_LENGTH} points each rising are a trend; an equal value ends it`, () => {
    const rising = xmr([20, 1, 2, 3, 4, 5, 6, 20]);
    assert.deepEqual(marked(rising, 'trend'), [0, 1, 2, 3, 4, 5, 6, 7].filter(i => i >= 1 && i <= 7));
    assert.equal(rising.points[3].trend, 'up');

    const flat = xmr([20, 1, 2, 3, 3, 4, 5, 20]);
    assert.deepEqual(marked(flat, 'trend'), []);

    const falling = xmr([1, 9, 8, 7, 6, 5, 4, 9]);
    assert.equal(falling.points[4].trend, 'down');
    assert.deepEqual(marked(falling, 'trend'), [1, 2, 3, 4, 5, 6]);
  });

  test('runs count over the points that exist: a gap breaks nothing', () => {
    const chart = xmr([1, 2, null, 3, 4, 5, 6, 0]);
    assert.deepEqual(marked(chart, 'trend'), [0, 1, 3, 4, 5, 6]);
  });

  test('signals are described in words, one per run', () => {
    const labels = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11', 'w12', 'w13', 'w14'];
    const chart = xmr([5, 6, 5, 6, 5, 6, 5, 9, 8, 9, 8, 9, 8, 9]);
    const signals = describeSignals(chart, labels);
    assert.deepEqual(signals.map(s => s.text), [
      'w1 to w7: 7 points below the mean (shift)',
      'w8 to w14: 7 points above the mean (shift)',
    ]);
    assert.deepEqual(describeSignals(null, labels), []);
  });
});
