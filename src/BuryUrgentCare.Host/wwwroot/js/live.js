// What both pages share: the SignalR connection that never gives up, the server-clock estimate
// used to age snapshots, and the DOM helpers that write a figure (text only — never innerHTML).
import { formatParts, levelOf, STALE_AFTER_MS } from './figures.js';

export const HUB_PATH = '/hubs/wallboard';

// Reconnect delays (ms). A wallboard is unattended: after the last delay it keeps retrying at
// that pace for ever, where the library's default would give up after four attempts.
const RETRY_DELAYS = [0, 1000, 2000, 5000, 10000, 15000];

// ---------------------------------------------------------------------------------------------
// Server clock. A snapshot's age is now − asOf; a wall PC whose clock drifts would otherwise show
// "stale" (or hide real staleness). The HTTP Date header of our own API responses gives the
// server's clock to the second; the offset is applied only when it is clearly more than noise.
let clockOffsetMs = 0;

/** Records the server clock from a same-origin response's Date header. */
export function noteServerClock(response) {
  const header = response.headers.get('Date');
  const serverMs = header ? Date.parse(header) : NaN;
  if (Number.isNaN(serverMs)) return;
  const offset = serverMs + 500 - Date.now(); // the header is truncated to the second
  clockOffsetMs = Math.abs(offset) > 2000 ? offset : 0;
}

/** Now, by the server's clock as best we know it. */
export function serverNow() {
  return Date.now() + clockOffsetMs;
}

/** asOf string → epoch ms (NaN when missing or unparseable). */
export function asOfMs(asOf) {
  return typeof asOf === 'string' ? Date.parse(asOf) : NaN;
}

/** Age of an asOf in ms (Infinity when unknown). */
export function ageMs(asOf) {
  const ms = asOfMs(asOf);
  return Number.isNaN(ms) ? Infinity : Math.max(0, serverNow() - ms);
}

export function isStale(asOf) {
  return ageMs(asOf) > STALE_AFTER_MS;
}

/** '4 s ago', '3 min ago', '2 h ago'. */
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
export function formatClock(asOf) {
  const ms = asOfMs(asOf);
  if (Number.isNaN(ms)) return '—';
  const sameDay = Math.abs(serverNow() - ms) < 12 * 3600 * 1000;
  return (sameDay ? LONDON_TIME : LONDON_DATE_TIME).format(new Date(ms));
}

// ---------------------------------------------------------------------------------------------
// DOM helpers

/** Creates an element with a class and optional text (text via textContent, so it is escaped). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Writes a figure into its value element: the display text (textContent; units in <small>),
 * data-value = the raw JSON value, data-level = red | amber | ok | none.
 */
export function writeFigure(node, name, kind, value) {
  const raw = value === undefined ? 'null' : JSON.stringify(value);
  if (node.dataset.value === raw && node.childNodes.length > 0) return;
  node.replaceChildren(...formatParts(kind, value).map(part =>
    part.unit !== undefined ? el('small', 'unit', part.unit) : document.createTextNode(part.text)));
  node.dataset.value = raw;
  node.dataset.level = levelOf(name, value);
}

// ---------------------------------------------------------------------------------------------
// Connection

/**
 * Connects to the wallboard hub and keeps it connected for ever.
 * - `join(connection)` is called after every (re)connect; it must re-join the groups, because a
 *   reconnected connection has a new id and is in no group.
 * - `onSnapshot(snapshot)` receives both ReceiveSnapshot and ReceiveUpdate.
 * - `onState(state)` gets 'connecting' | 'connected' | 'reconnecting' | 'disconnected'.
 * - `onJoinError(error)` gets a failed join (e.g. HubException for an unknown unit) while connected.
 * - `on` maps further hub methods to handlers, e.g. { ReceiveSystem, ReceiveAlert }.
 */
export function startLive({ join, onSnapshot, onState, onJoinError, on = {} }) {
  if (typeof signalR === 'undefined') {
    onState('disconnected');
    throw new Error('SignalR client missing: /lib/signalr/signalr.min.js did not load (run the Host build to vendor it).');
  }
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(HUB_PATH)
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: ctx => RETRY_DELAYS[Math.min(ctx.previousRetryCount, RETRY_DELAYS.length - 1)],
    })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  connection.on('ReceiveSnapshot', onSnapshot);
  connection.on('ReceiveUpdate', onSnapshot);
  for (const [method, handler] of Object.entries(on)) connection.on(method, handler);

  let attempt = 0; // failed start() calls in a row; 0 = never connected yet or connected now

  const joinNow = async () => {
    try {
      await join(connection);
    } catch (error) {
      // A join that failed because the connection dropped is retried on reconnect; anything
      // else (the server refused it) is the page's to show.
      if (connection.state === signalR.HubConnectionState.Connected) onJoinError(error);
    }
  };

  connection.onreconnecting(() => onState('reconnecting'));
  connection.onreconnected(() => {
    onState('connected');
    return joinNow();
  });
  // Automatic reconnect never gives up (see RETRY_DELAYS), so onclose means the connection ended
  // in a way it does not retry (e.g. the server closed it without allowing reconnect): start
  // again ourselves, with the same back-off.
  connection.onclose(() => {
    onState('disconnected');
    attempt = 1;
    scheduleStart(0);
  });

  function scheduleStart(delay) {
    setTimeout(start, delay);
  }
  async function start() {
    if (connection.state !== signalR.HubConnectionState.Disconnected) return;
    if (attempt === 0) onState('connecting'); // later attempts stay 'disconnected' until one works
    try {
      await connection.start();
    } catch {
      // start() failing does not raise onclose: retry here.
      onState('disconnected');
      scheduleStart(RETRY_DELAYS[Math.min(++attempt, RETRY_DELAYS.length - 1)]);
      return;
    }
    attempt = 0;
    onState('connected');
    await joinNow();
  }

  start();
  return connection;
}

/** Text for the connection indicator. */
export const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Connection lost — reconnecting…',
  disconnected: 'Disconnected — retrying…',
};

/** Shows the hub connection state: on <body data-connection> and in the #connection indicator. */
export function showConnection(state) {
  document.body.dataset.connection = state;
  const indicator = document.getElementById('connection');
  indicator.dataset.connection = state;
  indicator.textContent = CONNECTION_TEXT[state] ?? state;
}
