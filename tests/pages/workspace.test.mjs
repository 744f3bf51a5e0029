// The escalation workspace's pure parts (wwwroot/js/workspace.js) and the OPEL completeness words
// both pages show (figures.js, hazard H18).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  levelInForce, cardFor, dueIn, formatDueIn, isOverdue, orderActions, nextStatuses, cleanName, problemText,
} from '../../src/BuryUrgentCare.Host/wwwroot/js/workspace.js';
import { opelCompleteness, opelCompletenessText, opelPendingText, opelWindowsText } from '../../src/BuryUrgentCare.Host/wwwroot/js/figures.js';

const T0 = Date.parse('2026-12-05T14:00:00Z');
const at = minutes => new Date(T0 + minutes * 60_000).toISOString();
const action = (id, status, dueMinute, extra = {}) => ({ id, status, due: at(dueMinute), createdAt: at(0), text: `a${id}`, ...extra });

describe('OPEL completeness in words', () => {
  test('a complete level says so', () => {
    const opel = { level: 2, missing: [], stale: [] };
    assert.equal(opelCompleteness(opel), 'complete');
    assert.equal(opelCompletenessText(opel), 'OPEL 2 — complete: every parameter has current data');
  });

  test('missing and stale inputs are named, so a level that may be too low says why', () => {
    const opel = { level: 2, missing: ['Bed occupancy', 'Handover'], stale: ['IVCH queue'] };
    assert.equal(opelCompleteness(opel), 'incomplete');
    assert.equal(opelCompletenessText(opel), 'OPEL 2 — incomplete: no data for Bed occupancy, Handover; stale: IVCH queue');
    assert.equal(opelCompletenessText({ level: 1, missing: [], stale: ['A&E 4 hours'] }), 'OPEL 1 — incomplete: stale: A&E 4 hours');
  });

  test('no level at all', () => {
    assert.equal(opelCompleteness(null), 'none');
    assert.equal(opelCompleteness({ level: null, missing: [], stale: [] }), 'none');
    assert.equal(opelCompleteness({ level: null, missing: ['x'] }), 'incomplete', 'no level because no input had data');
    assert.equal(opelCompletenessText(null), 'OPEL not calculated — no figures yet');
    assert.equal(opelCompletenessText({ level: null, missing: ['Handover'], stale: [] }), 'OPEL not calculated — incomplete: no data for Handover');
  });
});

describe('OPEL hold and windows in words (hazards H25, H26)', () => {
  const hm = iso => iso.slice(11, 16); // the pages use London time; UTC in November is the same

  test('a pending change says what, since when, and when it takes effect', () => {
    const opel = {
      level: 3, announcedLevel: 2, escalateAfter: '00:15:00', deescalateAfter: '01:00:00',
      pending: { level: 3, since: '2026-11-22T09:01:00Z', takesEffectAt: '2026-11-22T09:16:00Z' },
    };
    assert.equal(opelPendingText(opel, hm), 'Calculated OPEL 3 since 09:01: announced at 09:16 if it holds (15 min up, 60 min down)');
  });

  test('no pending change, no words', () => {
    assert.equal(opelPendingText({ level: 2, announcedLevel: 2, pending: null }, hm), '');
    assert.equal(opelPendingText(null, hm), '');
  });

  test('holds of a day or more are read in minutes', () => {
    const opel = { escalateAfter: '00:05:00', deescalateAfter: '1.00:00:00', pending: { level: 1, since: '2026-11-22T09:00:00Z', takesEffectAt: '2026-11-23T09:00:00Z' } };
    assert.equal(opelPendingText(opel, hm), 'Calculated OPEL 1 since 09:00: announced at 09:00 if it holds (5 min up, 1440 min down)');
  });

  test('each input with a minimum sample says which window it used', () => {
    const opel = {
      parameters: [
        { name: '4-hour performance (%)', window: 'rolling 24 h (7 departures since midnight)' },
        { name: 'ED occupancy (%)', window: null },
        { name: 'Mean handover (min)', window: 'too few handovers since midnight (3 of 5)' },
      ],
    };
    assert.equal(opelWindowsText(opel), '4-hour performance (%): rolling 24 h (7 departures since midnight); Mean handover (min): too few handovers since midnight (3 of 5)');
    assert.equal(opelWindowsText({ parameters: [] }), '');
  });
});

describe('the card in force', () => {
  const cards = [{ level: 1, title: 'one', actions: ['x'] }, { level: 3, title: 'three', actions: ['Open escalation beds'] }];

  test('the declared level wins over the calculated one', () => {
    assert.equal(levelInForce({ declared: { level: 3 } }, { level: 1 }), 3);
    assert.equal(levelInForce({ declared: null }, { level: 1 }), 1);
    assert.equal(levelInForce(null, { level: null }), null);
  });

  test('the card of a level, or none', () => {
    assert.equal(cardFor(cards, 3).title, 'three');
    assert.equal(cardFor(cards, 2), null);
    assert.equal(cardFor(undefined, 1), null);
  });
});

describe('due times and the log', () => {
  test('due in N minutes from now, as ISO', () => {
    assert.equal(dueIn(30, T0), '2026-12-05T14:30:00.000Z');
    assert.deepEqual([15, 60, 150, 480].map(formatDueIn), ['15 min', '1 h', '2 h 30 min', '8 h']);
  });

  test('only an open action past its due time is overdue', () => {
    assert.equal(isOverdue(action(1, 'open', 10), T0 + 11 * 60_000), true);
    assert.equal(isOverdue(action(1, 'open', 10), T0 + 9 * 60_000), false);
    assert.equal(isOverdue(action(1, 'done', 10), T0 + 11 * 60_000), false);
  });

  test('open actions first, soonest due first; then closed ones, latest change first', () => {
    const ordered = orderActions([
      action(1, 'done', 5, { updatedAt: at(20) }),
      action(2, 'open', 60),
      action(3, 'cancelled', 5, { updatedAt: at(30) }),
      action(4, 'open', 15),
    ]);
    assert.deepEqual(ordered.map(a => a.id), [4, 2, 3, 1]);
    assert.deepEqual(orderActions(undefined), []);
  });

  test('an open action can be done or cancelled; a closed one reopened', () => {
    assert.deepEqual(nextStatuses('open'), ['done', 'cancelled']);
    assert.deepEqual(nextStatuses('done'), ['open']);
  });
});

describe('forms', () => {
  test('names are trimmed and their spaces collapsed', () => {
    assert.equal(cleanName('  Sam   Site '), 'Sam Site');
    assert.equal(cleanName(undefined), '');
  });

  test('a refusal says every problem, else its title', () => {
    assert.equal(problemText({ title: 'The request is not valid', errors: { owner: ['owner is required'], due: ['due is in the past'] } }),
      'owner is required; due is in the past');
    assert.equal(problemText({ title: 'Unknown action', detail: 'There is no action 9.' }), 'Unknown action: There is no action 9.');
    assert.equal(problemText(null), '');
  });
});
