// The breach-risk list's words (wwwroot/js/breachrisk.js): every flag is said, not only coloured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { riskFlags, formatMinutes, summaryOf, atRiskOf, specialtyText } from '../../src/BuryUrgentCare.Host/wwwroot/js/breachrisk.js';

const patient = fields => ({
  patient: '3F9A-C21B', acuity: 3, stage: 'underTreatment', arrived: '2026-11-18T08:00:00Z', minutesInDepartment: 200,
  minutesToFourHours: 40, breachesWithinHour: false, over4Hours: false, over12Hours: false, awaitingBedSince: null, minutesSinceDecision: null, ...fields,
});

test('minutes read as hours and minutes', () => {
  assert.equal(formatMinutes(40), '40 min');
  assert.equal(formatMinutes(75), '1 h 15 min');
  assert.equal(formatMinutes(-125), '2 h 05 min');
});

test('flags, most serious first, each in words', () => {
  assert.deepEqual(riskFlags(patient({ breachesWithinHour: true })).map(f => f.text), ['Breaches 4 h in 40 min']);
  assert.deepEqual(riskFlags(patient({ over4Hours: true, minutesToFourHours: -30 })).map(f => f.key), ['over4']);
  assert.deepEqual(
    riskFlags(patient({ over4Hours: true, over12Hours: true, minutesToFourHours: -500, awaitingBedSince: '2026-11-18T03:00:00Z', minutesSinceDecision: 610 })).map(f => f.text),
    ['12 h+ in department', 'Bed awaited 10 h 10 min']);
});

test('a patient waiting for a specialty says which and for how long, in words', () => {
  const referred = patient({ specialty: 'trauma-orthopaedics', awaitingSpecialtySince: '2026-11-18T10:20:00Z', minutesSinceReferral: 95 });
  assert.deepEqual(riskFlags(referred).map(f => [f.key, f.text]), [['awaiting-specialty', 'Awaiting trauma and orthopaedics 1 h 35 min']]);
  // Past 4 hours too: the breach first, then what the patient waits for.
  assert.deepEqual(riskFlags({ ...referred, over4Hours: true, minutesToFourHours: -10 }).map(f => f.key), ['over4', 'awaiting-specialty']);
  assert.equal(specialtyText('acute-medicine'), 'acute medicine');
  assert.equal(specialtyText('ent'), 'ENT');
  assert.equal(specialtyText('other'), 'another specialty');
});

test('the summary counts each kind', () => {
  const list = { patients: [patient({ breachesWithinHour: true }), patient({ over4Hours: true, over12Hours: true, awaitingBedSince: 'x', minutesSinceDecision: 5 })] };
  assert.equal(summaryOf(list), '1 breach within the hour · 1 over 4 h (1 over 12 h) · 0 awaiting a specialty · 1 awaiting a bed');
  assert.equal(summaryOf(null), '0 breach within the hour · 0 over 4 h (0 over 12 h) · 0 awaiting a specialty · 0 awaiting a bed');
});

test('summaryOf and atRiskOf take the server counts, which cover patients beyond the listed ones', () => {
  const list = {
    patients: [{ patient: 'AAAA-0001', minutesToFourHours: -500, over4Hours: true, over12Hours: true, breachesWithinHour: false }],
    atRisk: 412, breachesWithinHour: 7, over4Hours: 400, over12Hours: 390, awaitingSpecialty: 9, awaitingBed: 12,
  };
  assert.equal(summaryOf(list), '7 breach within the hour · 400 over 4 h (390 over 12 h) · 9 awaiting a specialty · 12 awaiting a bed');
  assert.equal(atRiskOf(list), 412);
  assert.equal(atRiskOf({ patients: [{}, {}] }), 2);
  assert.equal(atRiskOf(null), 0);
});
