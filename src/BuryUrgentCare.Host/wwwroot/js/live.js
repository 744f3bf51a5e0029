// How live the figures on a page are: the server-clock estimate used to age snapshots, staleness,
// and the wording of ages and times. Pure (the local clock is injectable), so node --test imports it.

/** A snapshot whose asOf is older than this is flagged stale: the numbers on the wall are old. */
export const STALE_AFTER_MS = 10_000;

/**
 * The server's clock as best a page knows it. A snapshot's age is now − asOf; a wall PC whose clock
 * drifts would otherwise show "stale" (or hide real staleness). The HTTP Date header of our own API
 * responses gives the server's clock to the second; the offset is applied only when it is clearly
 * more than noise. `localNow` is the seam tests use to control time.
 */
export class ServerClock {
  constructor(localNow = () => Date.now()) {
    this.localNow = localNow;
    this.offsetMs = 0;
  }

  /** Records the server clock from a same-origin response's Date header. */
  note(response) {
    this.noteDate(response?.headers?.get?.('Date'));
  }

  /** Records the server clock from an HTTP date ('Tue, 03 Nov 2026 14:03:07 GMT'). */
  noteDate(header) {
    const serverMs = header ? Date.parse(header) : NaN;
    if (Number.isNaN(serverMs)) return;
    const offset = serverMs + 500 - this.localNow(); // the header is truncated to the second
    this.offsetMs = Math.abs(offset) > 2000 ? offset : 0;
  }

  /** Now, by the server's clock, in epoch ms. */
  now() {
    return this.localNow() + this.offsetMs;
  }
}

/** The pages' clock. */
export const serverClock = new ServerClock();

/** Records the server clock from a response (on the pages' clock). */
export function noteServerClock(response, clock = serverClock) {
  clock.note(response);
}

/** Now, by the server's clock as best we know it. */
export function serverNow(clock = serverClock) {
  return clock.now();
}

/** asOf string → epoch ms (NaN when missing or unparseable). */
export function asOfMs(asOf) {
  return typeof asOf === 'string' ? Date.parse(asOf) : NaN;
}

/** Age of an asOf in ms (Infinity when unknown; 0 for a time ahead of the clock). */
export function ageMs(asOf, clock = serverClock) {
  const ms = asOfMs(asOf);
  return Number.isNaN(ms) ? Infinity : Math.max(0, clock.now() - ms);
}

/** True when asOf is older than STALE_AFTER_MS (or unknown). */
export function isStale(asOf, clock = serverClock) {
  return ageMs(asOf, clock) > STALE_AFTER_MS;
}

/** '4 s ago', '3 min ago', '2 h ago'; 'no data' when the age is unknown. */
export function formatAge(ms) {
  if (!Number.isFinite(ms)) return 'no data';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min ago`;
  return `${Math.floor(m / 60)} h ago`;
}

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});
const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

/** asOf as local (Europe/London) wall time, e.g. '14:03:07'; the date too when not today. */
export function formatClock(asOf, clock = serverClock) {
  const ms = asOfMs(asOf);
  if (Number.isNaN(ms)) return '—';
  const sameDay = Math.abs(clock.now() - ms) < 12 * 3600 * 1000;
  return (sameDay ? LONDON_TIME : LONDON_DATE_TIME).format(new Date(ms));
}

/** A snapshot's feed status ('live', 'quiet', 'silent'): 'live' for a snapshot that says nothing. */
export function feedOf(snapshot) {
  return snapshot?.feed?.status ?? 'live';
}

/**
 * What a wall says about the unit's own feed ('' while it sends as expected): the figures are recomputed every
 * second, so only this tells a shift manager that the source itself has stopped (FeedStatus on the server).
 */
export function feedText(snapshot, clock = serverClock) {
  const feed = snapshot?.feed;
  if (!feed || feed.status === 'live') return '';
  const since = feed.lastEventAt ? `since ${formatClock(feed.lastEventAt, clock)}` : 'since the server started watching';
  const expected = typeof feed.expectedSince === 'number' ? ` (about ${Math.round(feed.expectedSince)} were expected)` : '';
  return feed.status === 'silent'
    ? `Feed silent: no events from this unit ${since}${expected}. The figures may be out of date — check the feed.`
    : `Feed quiet: no events from this unit ${since}${expected}.`;
}

/** A snapshot's liveness state: 'live' for a snapshot that says nothing (an older server). */
export function livenessOf(snapshot) {
  return snapshot?.liveness?.state ?? 'live';
}

/**
 * What a wall says, in words, about figures that are not live ('' when they are): the server marks a unit
 * replaying, unassigned or stale (UnitLiveness) and keeps its last live figures, whose age this names.
 */
export function livenessText(snapshot, clock = serverClock) {
  const liveness = snapshot?.liveness;
  if (!liveness || liveness.state === 'live') return '';
  const shown = `Figures shown are from ${formatClock(snapshot.asOf, clock)} and are not live.`;
  switch (liveness.state) {
    case 'replaying': {
      const done = typeof liveness.progress === 'number' ? ` — ${Math.floor(liveness.progress * 100)} % done` : '';
      return `Not live: rebuilding the figures from the event log${done}. ${shown}`;
    }
    case 'stale':
      return `Not live since ${formatClock(liveness.since, clock)}: ${liveness.reason ?? 'the feed stopped'}. ${shown}`;
    default:
      return `Not live: ${liveness.reason ?? 'no worker holds this unit'}. ${shown}`;
  }
}
