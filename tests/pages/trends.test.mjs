// The commissioners' page's rows, comparison and CSV (wwwroot/js/trends.js).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows, fromFirstData, comparePeriods, toCsv, csvField, periodLabel, formatMeasure } from '../../src/BuryUrgentCare.Host/wwwroot/js/trends.js';

const week = (start, end, fields = {}) => ({ start, end, days: 7, simulatedDays: 0, ...fields });

const deflection = {
  step: 'week',
  buckets: [
    week('2026-10-19T00:00:00+01:00', '2026-10-26T00:00:00+00:00', { greenCarEdAvoided: 40, ivchEdAvoided: 500, total: 540, simulatedDays: 7 }),
    week('2026-10-26T00:00:00+00:00', '2026-11-02T00:00:00+00:00', { greenCarEdAvoided: 42, ivchEdAvoided: 510, total: 552, simulatedDays: 3 }),
    week('2026-11-02T00:00:00+00:00', '2026-11-09T00:00:00+00:00', { days: 2, greenCarEdAvoided: 10, ivchEdAvoided: 150, total: 160 }),
  ],
};
const department = {
  unit: 'FGH-ED',
  step: 'week',
  buckets: [
    week('2026-10-19T00:00:00+01:00', '2026-10-26T00:00:00+00:00', { attendances: 1400, departures: 1390, fourHourPerformance: 70.5, simulatedDays: 7 }),
    week('2026-11-02T00:00:00+00:00', '2026-11-09T00:00:00+00:00', { days: 2, attendances: 400, departures: 380, fourHourPerformance: 72 }),
  ],
};

describe('rows', () => {
  test('deflection and the A&E meet by period; a period missing from one has nulls', () => {
    const rows = buildRows(deflection, department);
    assert.equal(rows.length, 3);
    assert.equal(rows[0].edAttendances, 1400);
    assert.equal(rows[0].deflectionTotal, 540);
    assert.equal(rows[1].edAttendances, null);
    assert.equal(rows[1].edFourHourPerformance, null);
  });

  test('simulated and partial periods are flagged', () => {
    const rows = buildRows(deflection, department);
    assert.deepEqual(rows.map(r => [r.simulated, r.simulatedDays, r.partial]), [[true, 7, false], [true, 3, false], [false, 0, true]]);
    assert.equal(rows[0].lengthDays, 7); // 25 October's extra hour does not make it 7.04 days
  });

  test('periods before the history began are left out; gaps after it stay', () => {
    const rows = [{ days: 0 }, { days: 0 }, { days: 3 }, { days: 0 }, { days: 7 }];
    assert.deepEqual(fromFirstData(rows), [{ days: 3 }, { days: 0 }, { days: 7 }]);
    assert.deepEqual(fromFirstData([{ days: 0 }]), [{ days: 0 }]);
  });

  test('labels follow the step and the local date', () => {
    assert.equal(periodLabel('2026-10-26T00:00:00+00:00', 'week'), 'w/c 26 Oct 2026');
    assert.equal(periodLabel('2026-11-03T00:00:00+00:00', 'day'), 'Tue 3 Nov 2026');
    assert.equal(periodLabel('2026-07-01T00:00:00+01:00', 'month'), 'Jul 2026');
  });
});

describe('comparison', () => {
  test('the last n complete periods against the n before, partial periods left out', () => {
    const rows = [1, 2, 3, 4, 5].map(i => ({ label: `p${i}`, partial: false, deflectionTotal: i * 10, edAttendances: 100, edFourHourPerformance: null, greenCarEdAvoided: 0, ivchEdAvoided: null }));
    rows.push({ label: 'p6', partial: true, deflectionTotal: 1, edAttendances: 1 });
    const result = comparePeriods(rows, 2);
    assert.deepEqual(result.recent, { count: 2, from: 'p4', to: 'p5' });
    assert.deepEqual(result.before, { count: 2, from: 'p2', to: 'p3' });
    const total = result.measures.find(m => m.key === 'deflectionTotal');
    assert.equal(total.recent, 45);
    assert.equal(total.before, 25);
    assert.equal(total.change, 20);
    assert.equal(total.changePercent, 80);
    const performance = result.measures.find(m => m.key === 'edFourHourPerformance');
    assert.equal(performance.change, null);
    assert.equal(result.measures.find(m => m.key === 'greenCarEdAvoided').changePercent, null); // from 0
  });
});

describe('csv', () => {
  test('a header, then one line per period, CRLF, simulated days included', () => {
    const csv = toCsv(buildRows(deflection, department));
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'Period,Start,End,Days with data,Simulated days,Green Car: kept from A&E,IVCH: kept from A&E,Total kept from A&E,A&E attendances,A&E 4-hour performance (%)');
    assert.equal(lines[1], 'w/c 19 Oct 2026,2026-10-19T00:00:00+01:00,2026-10-26T00:00:00+00:00,7,7,40,500,540,1400,70.5');
    assert.equal(lines[2], 'w/c 26 Oct 2026,2026-10-26T00:00:00+00:00,2026-11-02T00:00:00+00:00,7,3,42,510,552,,');
    assert.equal(lines.length, 5); // three periods and the final line end
  });

  test('fields are quoted when needed and never start a formula', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField(-3), '-3');
    assert.equal(csvField(null), '');
    assert.equal(csvField(72.3456), '72.35');
  });

  test('display of measures', () => {
    assert.equal(formatMeasure('percent', 72.345), '72.3%');
    assert.equal(formatMeasure('count', 1234.4), '1,234');
    assert.equal(formatMeasure('count', null), '—');
  });
});
