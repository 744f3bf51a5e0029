// How long an unattended page waits before trying the server again: the hub connection
// (connection.js) and the page's boot (shell.js: catalogue, first paint) share this schedule.
// Pure: no DOM, no timers; the randomness is injectable so tests can pin it.

/** Delays (ms) after 0, 1, 2, … failures in a row. After the last, every retry waits the last. */
export const RETRY_DELAYS_MS = [0, 1000, 2000, 5000, 10000, 15000];

/** The longest wait between two tries: a wall back within 15 s of its server. */
export const RETRY_CAP_MS = RETRY_DELAYS_MS.at(-1);

/**
 * Up to this share of a delay is taken off at random, so that every wall in the building does not
 * knock on a server that has just come back in the same millisecond. Only ever shortens a delay:
 * the cap holds.
 */
export const RETRY_JITTER = 0.2;

/**
 * The delay (ms) before the next try after `failures` failed tries in a row (0 = the first try, or
 * right after a connection was lost: at once). `random()` returns [0, 1), like Math.random.
 */
export function retryDelay(failures, random = Math.random) {
  const index = Math.min(Math.max(0, Math.floor(Number(failures) || 0)), RETRY_DELAYS_MS.length - 1);
  const base = RETRY_DELAYS_MS[index];
  return Math.round(base * (1 - RETRY_JITTER * random()));
}
