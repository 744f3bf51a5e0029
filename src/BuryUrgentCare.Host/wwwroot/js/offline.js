// What the service worker (/sw.js) keeps and how it routes a request: the rules only, pure, so
// node tests them; sw.js does the fetching and caching.
//
// The worker exists so that a wall page (re)loaded while the server is down still runs its own
// code: a navigation that fails at the network level is answered with the cached page, whose shell
// then shows "Waiting for the server…" and retries until the server answers. It never answers for
// the server when the server did answer: an HTTP error (404 for an unknown unit, 500, …) goes to
// the page as it came.

/**
 * Bump when the set of cached files or the shape of what is cached changes: the new worker then
 * fills a new cache and deletes the old ones on activation. Contents need no bump: every shell
 * request goes to the network first and refreshes the cache with what it got.
 */
export const SHELL_CACHE_VERSION = 7;

/** Prefix of every cache this worker owns; caches with it and another version are deleted. */
export const SHELL_CACHE_PREFIX = 'bury-shell-';

export const SHELL_CACHE = `${SHELL_CACHE_PREFIX}v${SHELL_CACHE_VERSION}`;

/**
 * The pages, as cached. `/` is the overview (the host serves index.html for it); `/escalation` the escalation
 * workspace, which a call keeps open on a laptop through a restart of the server like a wall keeps its board.
 */
export const OVERVIEW_PAGE = '/';
export const WALLBOARD_PAGE = '/wallboard.html';
export const ESCALATION_PAGE = '/escalation';

/**
 * Pages that need a signed-in viewer: a wall screen holding only a device token cannot fetch them (its token
 * travels in a header the worker does not have), so the worker caches them when it can and never fails for them.
 */
export const SIGNED_IN_PAGES = [OVERVIEW_PAGE, ESCALATION_PAGE];

/**
 * Everything a page needs to run with no server: the three pages, their stylesheets, every module
 * under js/ and the vendored SignalR client. A module missing here would fail to load during an
 * outage and the page would stay blank; a node test compares this list with the folder.
 */
export const SHELL_ASSETS = [
  OVERVIEW_PAGE,
  WALLBOARD_PAGE,
  ESCALATION_PAGE,
  '/css/site.css',
  '/css/escalation.css',
  '/lib/signalr/signalr.min.js',
  '/js/access.js',
  '/js/alerts.js',
  '/js/backoff.js',
  '/js/breach-risk-page.js',
  '/js/breachrisk.js',
  '/js/commissioners.js',
  '/js/connection.js',
  '/js/dom.js',
  '/js/escalation.js',
  '/js/figures.js',
  '/js/index.js',
  '/js/live.js',
  '/js/offline.js',
  '/js/shell.js',
  '/js/spc.js',
  '/js/trends.js',
  '/js/wallboard.js',
  '/js/workspace.js',
];

/**
 * The cached page a navigation to `pathname` falls back to, or null when it is not a wall page.
 * `/wallboard/{unit}` is one segment (the host answers nothing deeper with the wallboard).
 */
export function shellPageFor(pathname) {
  if (pathname === '/' || pathname === '/index.html') return OVERVIEW_PAGE;
  if (pathname === WALLBOARD_PAGE || /^\/wallboard\/[^/]+$/.test(pathname)) return WALLBOARD_PAGE;
  if (pathname === ESCALATION_PAGE) return ESCALATION_PAGE;
  return null;
}

/**
 * What the worker does with a request (`method`, `mode`, `url`, as on a Request), seen from
 * `origin` (the worker's own):
 * - `{ kind: 'page', key }`: a navigation to a wall page. Network first; if the network fails, the
 *   cached page `key`.
 * - `{ kind: 'asset', key }`: a shell asset. Network first (so new code arrives with the server);
 *   the cached copy only when the network fails.
 * - `null`: not the worker's business (the API, the hub, other sites, anything else), left to the
 *   browser exactly as if there were no worker.
 */
export function routeOf({ method, mode, url }, origin) {
  if (method !== 'GET') return null;
  const target = new URL(url);
  if (target.origin !== origin) return null;
  if (mode === 'navigate') {
    const key = shellPageFor(target.pathname);
    return key ? { kind: 'page', key } : null;
  }
  // With a query string it is not the file the shell loads (e.g. a cache-buster): leave it be.
  if (target.search === '' && SHELL_ASSETS.includes(target.pathname)) return { kind: 'asset', key: target.pathname };
  return null;
}

/** True for a cache this worker filled under another version: deleted when the worker activates. */
export function isOldShellCache(name) {
  return name.startsWith(SHELL_CACHE_PREFIX) && name !== SHELL_CACHE;
}

/**
 * True when a response from the network may refresh the cache: a complete same-origin success.
 * A redirected response must not be stored: answering a navigation with it is an error.
 */
export function isCacheable(response) {
  return response.ok && response.status === 200 && !response.redirected && response.type === 'basic';
}

/**
 * The last resort, for a navigation that failed when the cache has no page to offer (e.g. the
 * browser evicted it): a page that says what is happening and reloads itself.
 */
export const WAITING_PAGE_HTML = `<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta http-equiv="refresh" content="15">
  <title>Waiting for the server — Bury Urgent Care</title>
  <style>body { background: #05080d; color: #f4f7fb; font: 28px "Noto Sans", Arial, sans-serif; text-align: center; margin-top: 20vh; }</style>
</head>
<body data-state="waiting" data-connection="disconnected" data-stale="false" data-as-of="">
  <h1>Waiting for the server…</h1>
  <p>The server is not answering. This screen tries again every 15 seconds by itself.</p>
</body>
</html>
`;
