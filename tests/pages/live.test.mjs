// Staleness and ages on a controlled server clock (wwwroot/js/live.js).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ServerClock, STALE_AFTER_MS, ageMs, isStale, formatAge, formatClock, livenessOf, livenessText, feedOf, feedText,
} from '../../src/BuryUrgentCare.Host/wwwroot/js/live.js';

const NOW = Date.parse('2026-11-03T14:03:07.000Z');

/** A clock whose local time is whatever `local.ms` says. */
function fakeClock(ms = NOW) {
  const local = { ms };
  return { local, clock: new ServerClock(() => local.ms) };
}

const before = ms => new Date(NOW - ms).toISOString();

describe('ageMs and isStale', () => {
  test('age is server now minus asOf', () => {
    const { clock } = fakeClock();
    assert.equal(ageMs(before(4_000), clock), 4_000);
  });

  test('stale strictly after STALE_AFTER_MS', () => {
    const { clock } = fakeClock();
    assert.equal(STALE_AFTER_MS, 10_000);
    assert.equal(isStale(before(10_000), clock), false);
    assert.equal(isStale(before(10_001), clock), true);
  });

  test('the same asOf goes stale as the clock moves on', () => {
    const { local, clock } = fakeClock();
    const asOf = before(0);
    assert.equal(isStale(asOf, clock), false);
    local.ms += 10_001;
    assert.equal(isStale(asOf, clock), true);
  });

  test('an unknown asOf is infinitely old and stale; a future one is 0 s old', () => {
    const { clock } = fakeClock();
    for (const asOf of [undefined, null, '', 'yesterday-ish']) {
      assert.equal(ageMs(asOf, clock), Infinity, String(asOf));
      assert.equal(isStale(asOf, clock), true, String(asOf));
    }
    assert.equal(ageMs(before(-5_000), clock), 0);
  });
});

describe('ServerClock', () => {
  test('a wall PC 5 minutes fast would show every snapshot stale until the server\'s Date is noted', () => {
    const { clock } = fakeClock(NOW + 5 * 60_000);
    assert.equal(isStale(before(3_000), clock), true);
    clock.noteDate(new Date(NOW).toUTCString());
    // the header is whole seconds: the clock assumes the middle of that second
    assert.equal(clock.now(), NOW + 500);
    assert.equal(isStale(before(3_000), clock), false);
    assert.equal(ageMs(before(3_000), clock), 3_500);
  });

  test('a wall PC 5 minutes slow would hide real staleness until the server\'s Date is noted', () => {
    const { clock } = fakeClock(NOW - 5 * 60_000);
    assert.equal(isStale(before(60_000), clock), false);
    clock.noteDate(new Date(NOW).toUTCString());
    assert.equal(isStale(before(60_000), clock), true);
  });

  test('an offset within noise (2 s) is ignored', () => {
    const { clock } = fakeClock(NOW);
    clock.noteDate(new Date(NOW + 1_000).toUTCString());
    assert.equal(clock.now(), NOW);
  });

  test('reads the Date header of a response; a missing or bad one changes nothing', () => {
    const { clock } = fakeClock(NOW - 60_000);
    const response = date => ({ headers: { get: name => (name === 'Date' ? date : null) } });
    clock.note(response(null));
    clock.note(response('not a date'));
    assert.equal(clock.now(), NOW - 60_000);
    clock.note(response(new Date(NOW).toUTCString()));
    assert.equal(clock.now(), NOW + 500);
  });
});

describe('formatAge', () => {
  test('seconds, then minutes up to two hours, then hours', () => {
    assert.deepEqual(
      [0, 59_999, 60_000, 119 * 60_000 + 59_999, 120 * 60_000, 25 * 3_600_000].map(formatAge),
      ['0 s ago', '59 s ago', '1 min ago', '119 min ago', '2 h ago', '25 h ago'],
    );
    assert.equal(formatAge(Infinity), 'no data');
    assert.equal(formatAge(NaN), 'no data');
  });

  test('composes with ageMs on the clock', () => {
    const { clock } = fakeClock();
    assert.equal(formatAge(ageMs(before(4_200), clock)), '4 s ago');
    assert.equal(formatAge(ageMs(undefined, clock)), 'no data');
  });
});

describe('formatClock', () => {
  test('London wall time, with the date when not the same day', () => {
    const { clock } = fakeClock(Date.parse('2026-07-01T12:00:00Z'));
    assert.equal(formatClock('2026-07-01T11:59:30Z', clock), '12:59:30'); // BST
    assert.match(formatClock('2026-06-29T11:59:30Z', clock), /Mon.*29 Jun.*12:59:30/);
    assert.equal(formatClock(undefined, clock), '—');
  });
});

describe('liveness', () => {
  const snapshot = (liveness, asOf = before(60_000)) => ({ unit: 'FGH-ED', asOf, liveness });

  test('a live snapshot, or one from a server that does not say, needs no words', () => {
    const { clock } = fakeClock();
    assert.equal(livenessOf(snapshot(undefined)), 'live');
    assert.equal(livenessText(snapshot(undefined), clock), '');
    assert.equal(livenessText(snapshot({ state: 'live', since: before(0) }), clock), '');
  });

  test('replaying says how far the rebuild has got, and that the figures are not live', () => {
    const { clock } = fakeClock();
    const text = livenessText(snapshot({ state: 'replaying', since: before(5_000), progress: 0.426 }), clock);
    assert.match(text, /^Not live: rebuilding the figures from the event log — 42 % done\./);
    assert.match(text, /are not live\.$/);
  });

  test('stale names since when and why, and the age of the figures shown', () => {
    const { clock } = fakeClock();
    const text = livenessText(snapshot({ state: 'stale', since: before(120_000), reason: 'no connection to Kafka: no broker is up' }), clock);
    assert.equal(livenessOf(snapshot({ state: 'stale' })), 'stale');
    assert.match(text, /^Not live since \d\d:\d\d(:\d\d)?: no connection to Kafka: no broker is up\. Figures shown are from /);
  });

  test('unassigned gives the server’s reason', () => {
    const { clock } = fakeClock();
    const text = livenessText(snapshot({ state: 'unassigned', since: before(0), reason: 'this unit’s partition moved to another worker' }), clock);
    assert.match(text, /^Not live: this unit’s partition moved to another worker\./);
  });
});

describe('feedOf and feedText', () => {
  const { clock } = fakeClock();
  const withFeed = feed => ({ asOf: before(0), feed });

  test('a feed sending as expected, or a server that says nothing, shows nothing', () => {
    assert.equal(feedOf(withFeed(undefined)), 'live');
    assert.equal(feedText(withFeed(undefined), clock), '');
    assert.equal(feedText(withFeed({ status: 'live', lastEventAt: before(60_000), expectedSince: 0.4 }), clock), '');
  });

  test('a silent feed says since when, how many were expected, and what to do', () => {
    const text = feedText(withFeed({ status: 'silent', lastEventAt: '2026-11-03T13:30:00Z', expectedSince: 7.4 }), clock);
    assert.equal(feedOf(withFeed({ status: 'silent' })), 'silent');
    assert.match(text, /^Feed silent: no events from this unit since 13:30:00 \(about 7 were expected\)/);
    assert.match(text, /check the feed/);
  });

  test('a quiet feed is named without alarm; one never heard from says so', () => {
    assert.match(feedText(withFeed({ status: 'quiet', lastEventAt: '2026-11-03T13:50:00Z', expectedSince: 3.2 }), clock),
      /^Feed quiet: no events from this unit since 13:50:00 \(about 3 were expected\)\.$/);
    assert.match(feedText(withFeed({ status: 'silent', lastEventAt: null, expectedSince: 9 }), clock), /since the server started watching/);
  });
});
