// Statistical process control for the commissioners' page: an XmR (individuals and moving range)
// chart, with the NHS "Making Data Count" rules for telling a change from noise. Pure: no DOM,
// node tests it (tests/pages/spc.test.mjs).
//
//   mean          the mean of the values
//   moving range  |x[i] − x[i−1]|; its mean is mR̄
//   limits        mean ± 2.66 × mR̄ (3 sigma, sigma estimated as mR̄ / 1.128)
//   outside       a point above the upper or below the lower limit
//   shift         a run of SHIFT_LENGTH (7) or more consecutive points on the same side of the mean;
//                 a point on the mean ends the run
//   trend         TREND_LENGTH (6) or more consecutive points each higher (or each lower) than the
//                 one before; an equal value ends it
//
// Absent values (null: a period with no data) are left out of the calculation and break neither
// kind of run: the runs are over the points that exist, in order.

/** Points in a row on one side of the mean that make a shift. */
export const SHIFT_LENGTH = 7;

/** Points in a row rising (or falling) that make a trend. */
export const TREND_LENGTH = 6;

/** The XmR scaling constant: 3 / d2, d2 = 1.128 for moving ranges of two. */
export const XMR_CONSTANT = 2.66;

/**
 * The XmR chart of `values` (numbers or null, in time order).
 * Returns null when fewer than two values exist (no moving range, no limits). Otherwise
 * { mean, movingRangeMean, upper, lower, points }, where points has one entry per input value:
 * { index, value, outside: 'above'|'below'|null, shift: 'above'|'below'|null, trend: 'up'|'down'|null }
 * (all null for an absent value). `lower` is floored at `options.floor` when given (a count can
 * never be negative, so a limit below 0 means nothing).
 */
export function xmr(values, options = {}) {
  const present = [];
  values.forEach((value, index) => {
    if (typeof value === 'number' && Number.isFinite(value)) present.push({ index, value });
  });
  if (present.length < 2) return null;

  const mean = present.reduce((sum, p) => sum + p.value, 0) / present.length;
  let ranges = 0;
  for (let i = 1; i < present.length; i++) ranges += Math.abs(present[i].value - present[i - 1].value);
  const movingRangeMean = ranges / (present.length - 1);
  const upper = mean + XMR_CONSTANT * movingRangeMean;
  let lower = mean - XMR_CONSTANT * movingRangeMean;
  if (typeof options.floor === 'number' && lower < options.floor) lower = options.floor;

  const points = values.map((value, index) => ({ index, value: value ?? null, outside: null, shift: null, trend: null }));
  for (const p of present) {
    if (p.value > upper) points[p.index].outside = 'above';
    else if (p.value < lower) points[p.index].outside = 'below';
  }
  markShifts(present, mean, points, options.shiftLength ?? SHIFT_LENGTH);
  markTrends(present, points, options.trendLength ?? TREND_LENGTH);
  return { mean, movingRangeMean, upper, lower, points };
}

function markShifts(present, mean, points, length) {
  let start = 0;
  const sideOf = v => (v > mean ? 'above' : v < mean ? 'below' : null);
  for (let i = 1; i <= present.length; i++) {
    const side = sideOf(present[start].value);
    if (i < present.length && side !== null && sideOf(present[i].value) === side) continue;
    if (side !== null && i - start >= length) {
      for (let j = start; j < i; j++) points[present[j].index].shift = side;
    }
    start = i;
  }
}

function markTrends(present, points, length) {
  // A trend of n points has n − 1 steps in one direction.
  let start = 0;
  let direction = null;
  const flush = end => {
    if (direction !== null && end - start + 1 >= length) {
      for (let j = start; j <= end; j++) points[present[j].index].trend = direction;
    }
  };
  for (let i = 1; i < present.length; i++) {
    const step = present[i].value > present[i - 1].value ? 'up' : present[i].value < present[i - 1].value ? 'down' : null;
    if (step !== null && step === direction) continue;
    flush(i - 1);
    direction = step;
    start = i - 1;
  }
  flush(present.length - 1);
}

/**
 * The special causes of a chart in words, one entry per signal (a run is one signal), for the
 * list beside the chart, so that no signal is told by colour or shape alone. `labels[i]` names
 * the i-th period.
 */
export function describeSignals(chart, labels) {
  if (!chart) return [];
  const signals = [];
  for (const p of chart.points) {
    if (p.outside) signals.push({ kind: 'outside', from: labels[p.index], to: labels[p.index], text: `${labels[p.index]}: ${p.outside === 'above' ? 'above the upper' : 'below the lower'} control limit` });
  }
  for (const [kind, field, words] of [
    ['shift', 'shift', { above: 'above the mean', below: 'below the mean' }],
    ['trend', 'trend', { up: 'rising', down: 'falling' }],
  ]) {
    let run = null;
    const close = () => {
      if (run) signals.push({ kind, from: labels[run.first], to: labels[run.last], text: `${labels[run.first]} to ${labels[run.last]}: ${run.count} points ${words[run.value]} (${kind})` });
      run = null;
    };
    for (const p of chart.points) {
      if (p.value === null) continue;
      const value = p[field];
      if (value && run && run.value === value) {
        run.last = p.index;
        run.count++;
      } else {
        close();
        if (value) run = { value, first: p.index, last: p.index, count: 1 };
      }
    }
    close();
  }
  return signals;
}
