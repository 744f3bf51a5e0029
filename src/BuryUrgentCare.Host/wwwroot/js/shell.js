// The shell both pages run in. It owns what they share: boot (the figure catalogue first, then the
// page's first paint from the REST API, then the live hub connection), the connection state, the
// alert book and its refreshes, the one-second tick and the banner, and the error state. A page
// brings only what is its own: how it paints, what it joins, what its banner says.
//
// Nothing is drawn before GET /api/figures has answered: labels, kinds and thresholds come from it,
// and a wall of guessed labels would look right and be wrong. If it fails, the page shows its error
// state (body[data-state="error"]) and tries again on every (re)connect of the hub and every
// CATALOGUE_RETRY_MS, then paints as if booting.
import { Catalogue } from './figures.js';
import { noteServerClock } from './live.js';
import { AlertBook } from './alerts.js';
import { startLive } from './connection.js';
import { el, setText, showConnection, refreshAlertAges } from './dom.js';

export const CATALOGUE_PATH = '/api/figures';

/** Retry pace for a catalogue that failed to load while the hub stays connected. */
export const CATALOGUE_RETRY_MS = 15_000;

/** GET one of our JSON APIs, noting the server's clock from the response. The body is unread. */
export async function getApi(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  noteServerClock(response);
  return response;
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
  }

  /** Boots the page: catalogue, first paint, then live. */
  async start() {
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
   * Resolves to 'stop' (the page said so), 'error' (no catalogue; retried later) or 'live'.
   */
  paint() {
    this.painting ??= (async () => {
      clearTimeout(this.retryTimer);
      try {
        this.catalogue = await loadCatalogue();
      } catch (error) {
        this.showError(`The figure catalogue could not be loaded (${error.message}). Retrying.`);
        this.retryTimer = setTimeout(() => this.paint(), CATALOGUE_RETRY_MS);
        return 'error';
      }
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

  clearError() {
    if (document.body.dataset.state !== 'error') return;
    document.body.dataset.state = 'loading';
    this.message.hidden = true;
    this.message.replaceChildren();
  }
}
