// The shell both pages run in. It owns what they share: boot (the figure catalogue first, then the
// page's first paint from the REST API, then the live hub connection), the connection state, the
// alert book and its refreshes, the one-second tick and the banner, and the waiting and error states.
// A page brings only what is its own: how it paints, what it joins, what its banner says.
//
// Nothing is drawn before GET /api/figures has answered: labels, kinds and thresholds come from it,
// and a wall of guessed labels would look right and be wrong. If the server cannot be reached at all
// (a page loaded during an outage, from the service worker's cache: see /sw.js), the page shows its
// waiting state (body[data-state="waiting"], "Waiting for the server…"); if the server answers with
// an error, its error state (body[data-state="error"]) with the reason. Either way it tries again on
// every (re)connect of the hub and on the back-off of backoff.js (at most 15 s apart), then paints
// as if booting: no reload needed.
import { Catalogue } from './figures.js';
import { noteServerClock } from './live.js';
import { AlertBook } from './alerts.js';
import { startLive } from './connection.js';
import { retryDelay } from './backoff.js';
import { apiHeaders, goDark } from './access.js';
import { el, setText, showConnection, refreshAlertAges } from './dom.js';

export const CATALOGUE_PATH = '/api/figures';

/** The service worker that lets a wall page load while the server is down; its scope is the site. */
export const SERVICE_WORKER_PATH = '/sw.js';

/** Heading of the waiting state; browser tests look for it. */
export const WAITING_TITLE = 'Waiting for the server…';

/**
 * A request that got no answer at all (server down, network gone): fetch itself failed. An HTTP
 * error is an answer and is not this.
 */
export class ServerUnreachable extends Error {
  name = 'ServerUnreachable';
}

/**
 * GET one of our JSON APIs, noting the server's clock from the response. The body is unread.
 * Throws ServerUnreachable when no response came.
 */
export async function getApi(path) {
  let response;
  try {
    response = await fetch(path, { headers: apiHeaders() });
  } catch (error) {
    throw new ServerUnreachable(`GET ${path} got no answer (${error.message})`, { cause: error });
  }
  noteServerClock(response);
  // Credentials refused (a revoked device token, no sign-in): the page goes dark and says why (access.js).
  if (response.status === 401) goDark();
  return response;
}

/**
 * Registers the service worker (scope `/`), which serves the cached page shell when a wall page is
 * loaded while the server is down. Best effort: without it (no secure context, an old browser, the
 * server down at the very first load) the page works as before, it just cannot load in an outage.
 */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return; // e.g. plain http on a name other than localhost
  navigator.serviceWorker
    .register(SERVICE_WORKER_PATH, { scope: '/', type: 'module', updateViaCache: 'none' })
    .catch(error => console.warn('Service worker not registered: this page will not load during a server outage.', error));
}

/** GET /api/figures as a Catalogue; throws with a readable message when it cannot. */
export async function loadCatalogue() {
  const response = await getApi(CATALOGUE_PATH);
  if (!response.ok) throw new Error(`GET ${CATALOGUE_PATH} answered ${response.status} ${response.statusText}`.trim());
  return new Catalogue(await response.json());
}

/**
 * A page's shell. `page` brings:
 * - `errorTitle`: heading of the page's error message;
 * - `alertList`: the <ul> alerts are drawn into (its data-state turns 'live' once the server's
 *   list has been read); `acceptAlert(alert)` limits the book (default: every alert);
 * - `firstPaint(catalogue)`: paints from the REST API; returns 'stop' when the page must not go
 *   live (e.g. an unknown unit);
 * - `join(connection)`: joins the hub groups after every (re)connect;
 * - `onSnapshot(snapshot)`, `on` (further hub methods, e.g. { ReceiveSystem }): live updates,
 *   delivered only once the catalogue is loaded;
 * - `onJoinError(error)`: the server refused the join;
 * - `renderAlerts()`: draws `shell.alerts` after it changed;
 * - `tick(connectionState)`: the page's per-second work (ages, staleness); returns the banner
 *   text ('' for none).
 */
export class PageShell {
  constructor(page) {
    this.page = page;
    this.alerts = new AlertBook(page.acceptAlert);
    this.catalogue = null;          // set once GET /api/figures has been read
    this.connectionState = 'connecting';
    this.banner = document.getElementById('banner');
    this.message = document.getElementById('message');
    this.painting = null;           // the paint in flight, so a reconnect and the retry timer share it
    this.retryTimer = 0;
    this.failures = 0;              // catalogue loads failed in a row (the back-off's step)
  }

  /** Boots the page: catalogue, first paint, then live. */
  async start() {
    registerServiceWorker();
    setInterval(() => this.tick(), 1000);
    if ((await this.paint()) === 'stop') return;
    try {
      startLive({
        join: async connection => {
          await this.page.join(connection);
          // Alerts raised or cleared while disconnected were pushed to no one; a catalogue that
          // failed before may load now.
          if (this.catalogue) this.refreshAlerts();
          else this.paint();
        },
        onSnapshot: snapshot => {
          if (this.catalogue) this.page.onSnapshot(snapshot);
        },
        on: {
          ...Object.fromEntries(Object.entries(this.page.on ?? {}).map(([method, handler]) =>
            [method, (...args) => { if (this.catalogue) handler(...args); }])),
          ReceiveAlert: alert => this.onAlert(alert),
        },
        onState: state => this.setConnection(state),
        onJoinError: error => this.page.onJoinError(error),
      });
    } catch (error) {
      this.showError(error.message);
    }
  }

  /**
   * Loads the catalogue if it is not loaded yet, then the page's first paint and the alerts.
   * Resolves to 'stop' (the page said so), 'waiting' (no answer from the server; retried later),
   * 'error' (the server answered with an error; retried later) or 'live'.
   */
  paint() {
    this.painting ??= (async () => {
      clearTimeout(this.retryTimer);
      try {
        this.catalogue = await loadCatalogue();
      } catch (error) {
        this.failures += 1;
        this.retryTimer = setTimeout(() => this.paint(), retryDelay(this.failures));
        if (error instanceof ServerUnreachable) {
          this.showWaiting();
          return 'waiting';
        }
        this.showError(`The figure catalogue could not be loaded (${error.message}). Retrying.`);
        return 'error';
      }
      this.failures = 0;
      this.clearError();
      if ((await this.page.firstPaint(this.catalogue)) === 'stop') return 'stop';
      await this.refreshAlerts();
      return 'live';
    })().finally(() => { this.painting = null; });
    return this.painting;
  }

  /** A ReceiveAlert push: into the book, drawn when the page can draw. */
  onAlert(alert) {
    const changed = this.alerts.apply(alert);
    // An OPEL announcement changes no active alert but may change what the overview says of it.
    if (this.catalogue && (changed || alert?.kind === 'opel')) this.page.renderAlerts();
  }

  /** GET /api/alerts: the active set and recent changes, reconciled into the book. */
  async refreshAlerts() {
    try {
      const response = await getApi('/api/alerts');
      if (!response.ok) return;
      this.alerts.reconcileResponse(await response.json());
      this.page.renderAlerts();
      this.page.alertList.dataset.state = 'live'; // the server's list has been read at least once
    } catch {
      // Unreachable: the hub reconnects and calls this again after joining.
    }
  }

  setConnection(state) {
    this.connectionState = state;
    showConnection(state);
    this.tick();
  }

  /** Every second (and after every change): the page's ages and staleness, alert ages, the banner. */
  tick() {
    const text = this.page.tick(this.connectionState) ?? '';
    refreshAlertAges(this.page.alertList);
    this.banner.hidden = text === '';
    setText(this.banner, text);
  }

  /** The page's error state: body[data-state="error"] and the reason in #message. */
  showError(text) {
    document.body.dataset.state = 'error';
    this.message.hidden = false;
    this.message.replaceChildren(el('h2', 'message-title', this.page.errorTitle), el('p', null, text));
    this.tick();
  }

  /**
   * The waiting state: body[data-state="waiting"] and, in words, that the server is not answering
   * and the screen is retrying by itself (a wall has nobody to press reload).
   */
  showWaiting() {
    document.body.dataset.state = 'waiting';
    this.message.hidden = false;
    const tries = this.failures === 1 ? '1 try' : `${this.failures} tries`;
    const since = new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    this.message.replaceChildren(
      el('h2', 'message-title', WAITING_TITLE),
      el('p', null, 'The server is not answering. This screen keeps trying by itself and shows the figures as soon as it answers: there is no need to reload it.'),
      el('p', 'message-detail', `${tries} so far; the last at ${since} (this screen's clock).`),
    );
    this.tick();
  }

  /** Leaves the waiting or error state once the catalogue has loaded. */
  clearError() {
    if (document.body.dataset.state !== 'error' && document.body.dataset.state !== 'waiting') return;
    document.body.dataset.state = 'loading';
    this.message.hidden = true;
    this.message.replaceChildren();
  }
}
