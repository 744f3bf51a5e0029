// AlertBook (wwwroot/js/alerts.js): news of an alert races in by three paths, so the book keeps the
// newest change per id by its own `at`, with cleared alerts as tombstones.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AlertBook, formatDuration, acknowledgementText } from '../../src/BuryUrgentCare.Host/wwwroot/js/alerts.js';
import { ServerClock } from '../../src/BuryUrgentCare.Host/wwwroot/js/live.js';

const T0 = Date.parse('2026-11-03T14:00:00Z');
const at = minutes => new Date(T0 + minutes * 60_000).toISOString();

/** An alert change, defaults filled in. */
function alert(id, state, minute, extra = {}) {
  return { id, state, at: at(minute), unit: 'FGH-ED', severity: 'warning', kind: 'threshold', message: id, ...extra };
}

const ids = book => book.active().map(a => a.id);

describe('AlertBook.apply', () => {
  test('raise makes an alert active, clear ends it', () => {
    const book = new AlertBook();
    assert.equal(book.apply(alert('a', 'raised', 0)), true);
    assert.deepEqual(ids(book), ['a']);
    assert.equal(book.apply(alert('a', 'cleared', 1)), true);
    assert.deepEqual(ids(book), []);
  });

  test('a cleared alert is a tombstone: an older raise arriving late does not revive it', () => {
    const book = new AlertBook();
    book.apply(alert('a', 'cleared', 5));
    assert.equal(book.apply(alert('a', 'raised', 4)), false);
    assert.deepEqual(ids(book), []);
    // a newer raise does
    assert.equal(book.apply(alert('a', 'raised', 6)), true);
    assert.deepEqual(ids(book), ['a']);
  });

  test('an older raise does not replace a newer one', () => {
    const book = new AlertBook();
    book.apply(alert('a', 'raised', 5, { message: 'new' }));
    assert.equal(book.apply(alert('a', 'raised', 1, { message: 'old' })), false);
    assert.equal(book.active()[0].message, 'new');
  });

  test('clearing an alert the book never saw as active changes nothing shown', () => {
    const book = new AlertBook();
    assert.equal(book.apply(alert('a', 'cleared', 1)), false);
  });

  test('most severe first, then newest first', () => {
    const book = new AlertBook();
    book.apply(alert('w-old', 'raised', 1));
    book.apply(alert('c', 'raised', 0, { severity: 'critical' }));
    book.apply(alert('w-new', 'raised', 2));
    book.apply(alert('i', 'raised', 3, { severity: 'info' }));
    book.apply(alert('odd', 'raised', 4, { severity: 'whatever' }));
    assert.deepEqual(ids(book), ['c', 'w-new', 'w-old', 'i', 'odd']);
  });

  test('the accept filter keeps other units\' alerts out', () => {
    const book = new AlertBook(a => a.unit === 'FGH-UTC');
    assert.equal(book.apply(alert('ed', 'raised', 0)), false);
    assert.equal(book.apply(alert('utc', 'raised', 0, { unit: 'FGH-UTC' })), true);
    assert.deepEqual(ids(book), ['utc']);
  });

  test('OPEL announcements are kept apart, the newest winning', () => {
    const book = new AlertBook();
    assert.equal(book.apply(alert('opel-3', 'raised', 5, { kind: 'opel', value: 3 })), false);
    book.apply(alert('opel-2', 'raised', 1, { kind: 'opel', value: 2 }));
    assert.equal(book.announcement.value, 3);
    assert.deepEqual(ids(book), []);
  });

  test('ignores what is not an alert', () => {
    const book = new AlertBook();
    assert.equal(book.apply(null), false);
    assert.equal(book.apply({ state: 'raised' }), false);
  });
});

describe('AlertBook.reconcile', () => {
  test('applies changes in time order whatever order they come in', () => {
    const book = new AlertBook();
    book.reconcile([alert('a', 'cleared', 2), alert('a', 'raised', 1), alert('b', 'raised', 1)], at(2));
    assert.deepEqual(ids(book), ['b']);
  });

  test('ends active alerts the view no longer lists, unless pushed after it was taken', () => {
    const book = new AlertBook();
    book.apply(alert('gone', 'raised', 1));
    book.apply(alert('pushed-later', 'raised', 10));
    assert.equal(book.reconcile([alert('kept', 'raised', 3)], at(5)), true);
    assert.deepEqual(ids(book), ['pushed-later', 'kept']);
    // 'gone' is now a tombstone as of the view: its old raise cannot revive it
    assert.equal(book.apply(alert('gone', 'raised', 1)), false);
  });

  test('without an asOf it ends nothing', () => {
    const book = new AlertBook();
    book.apply(alert('a', 'raised', 1));
    assert.equal(book.reconcile([], undefined), false);
    assert.deepEqual(ids(book), ['a']);
  });
});

describe('AlertBook.reconcileResponse (GET /api/alerts)', () => {
  test('recent and active together, complete as of the newest change they hold', () => {
    const book = new AlertBook();
    book.apply(alert('stale', 'raised', 1));     // ended while we were away
    book.apply(alert('newer', 'raised', 20));    // pushed after the response was built
    const changed = book.reconcileResponse({
      recent: [alert('x', 'raised', 2), alert('x', 'cleared', 8)],
      active: [alert('y', 'raised', 9, { severity: 'critical' })],
    });
    assert.equal(changed, true);
    assert.deepEqual(ids(book), ['y', 'newer']);
  });

  test('an empty or missing response ends nothing', () => {
    const book = new AlertBook();
    book.apply(alert('a', 'raised', 1));
    assert.equal(book.reconcileResponse({ recent: [], active: [] }), false);
    assert.equal(book.reconcileResponse(null), false);
    assert.deepEqual(ids(book), ['a']);
  });
});

describe('formatDuration', () => {
  test('reads the time since an alert on the given clock', () => {
    const clock = new ServerClock(() => T0 + 125 * 60_000);
    assert.equal(formatDuration(at(125), clock), '< 1 min');
    assert.equal(formatDuration(at(113), clock), '12 min');
    assert.equal(formatDuration(at(0), clock), '2 h 05 min');
    assert.equal(formatDuration(undefined, clock), '');
  });
});

describe('acknowledgements', () => {
  test('an older view of the same raise without the acknowledgement does not take it back', () => {
    const book = new AlertBook();
    const acknowledged = { by: 'Sam Site', at: at(2), note: null };
    book.apply(alert('a', 'raised', 0, { acknowledged }));
    book.apply(alert('a', 'raised', 0)); // a system snapshot sent before the acknowledgement
    assert.deepEqual(book.active()[0].acknowledged, acknowledged);
  });

  test('a new raise after a clear starts unacknowledged', () => {
    const book = new AlertBook();
    book.apply(alert('a', 'raised', 0, { acknowledged: { by: 'Sam Site', at: at(1) } }));
    book.apply(alert('a', 'cleared', 2));
    book.apply(alert('a', 'raised', 3));
    assert.equal(book.active()[0].acknowledged, undefined);
  });

  test('says who and when, and the note', () => {
    const clock = new ServerClock(() => T0 + 5 * 60_000);
    assert.equal(acknowledgementText({ by: 'Sam Site', at: at(2), note: 'bed requested' }, clock), 'Acknowledged by Sam Site at 14:02 — bed requested');
    assert.equal(acknowledgementText({ by: 'Sam Site', at: at(2) }, clock), 'Acknowledged by Sam Site at 14:02');
  });
});
