// The SignalR connection both pages keep to the wallboard hub, and that never gives up. Uses the
// global `signalR` (the classic script the pages load first), so only the browser imports this.
import { retryDelay } from './backoff.js';
import { hubOptions, goDark, isDark, checkCredentials, setHub, isUnauthorized } from './access.js';

export const HUB_PATH = '/hubs/wallboard';

// Reconnect delays come from backoff.js. A wallboard is unattended: after the last delay it keeps
// retrying at that pace for ever, where the library's default would give up after four attempts.

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
    .withUrl(HUB_PATH, hubOptions())
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: ctx => retryDelay(ctx.previousRetryCount),
    })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  setHub(connection);
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

  connection.onreconnecting(() => {
    onState('reconnecting');
    // Dropped by the server because its token was revoked? Reconnecting would fail for ever: ask, and go dark if so.
    checkCredentials();
  });
  connection.onreconnected(() => {
    onState('connected');
    return joinNow();
  });
  // Automatic reconnect never gives up (see backoff.js), so onclose means the connection ended
  // in a way it does not retry (e.g. the server closed it without allowing reconnect): start
  // again ourselves, with the same back-off.
  connection.onclose(() => {
    onState('disconnected');
    if (isDark()) return;
    checkCredentials(); // closed by the server because its token was revoked? then go dark rather than retry
    attempt = 1;
    scheduleStart(0);
  });

  function scheduleStart(delay) {
    setTimeout(start, delay);
  }
  async function start() {
    if (connection.state !== signalR.HubConnectionState.Disconnected || isDark()) return;
    if (attempt === 0) onState('connecting'); // later attempts stay 'disconnected' until one works
    try {
      await connection.start();
    } catch (error) {
      // Refused credentials are not retried: the page goes dark and says why.
      if (isUnauthorized(error)) {
        goDark();
        return;
      }
      // start() failing does not raise onclose: retry here.
      onState('disconnected');
      scheduleStart(retryDelay(++attempt));
      return;
    }
    attempt = 0;
    onState('connected');
    await joinNow();
  }

  start();
  return connection;
}
