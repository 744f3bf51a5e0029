// Credentials of the pages (docs/access-control.md). Staff pages ride on the sign-in cookie (or the
// development sign-in); a wall screen has no one to sign in, so an admin issues it a device token that
// is entered here once and kept in localStorage, then sent on every API call (Authorization: Bearer)
// and on the hub connection (SignalR's accessTokenFactory). When the server refuses the page's
// credentials (401) the page goes dark and says why: a revoked token, or no sign-in at all; the form
// takes a (new) token.

/** localStorage key of the device token. */
export const TOKEN_KEY = 'bury.deviceToken';

/** Heading of the dark screen when the stored token is refused; browser tests look for it. */
export const REVOKED_TITLE = 'This screen’s device token is no longer valid';

/** Heading of the dark screen when there are no credentials at all. */
export const SIGN_IN_TITLE = 'Sign in to see this page';

export function deviceToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return ''; // storage disabled: no token
  }
}

/** Headers for one of our JSON APIs: Accept, plus the device token when there is one. */
export function apiHeaders() {
  const token = deviceToken();
  return token
    ? { Accept: 'application/json', Authorization: `Bearer ${token}` }
    : { Accept: 'application/json' };
}

/** Options for signalR's withUrl: the token for the hub (as access_token on a WebSocket), when there is one. */
export function hubOptions() {
  const token = deviceToken();
  return token ? { accessTokenFactory: () => deviceToken() } : {};
}

let dark = false;
let hub = null;

/** The page's hub connection, stopped when the page goes dark. */
export function setHub(connection) {
  hub = connection;
}

/** Whether the page has gone dark (then nothing else should draw or retry). */
export function isDark() {
  return dark;
}

/**
 * The server refused the page's credentials: go dark with the reason and a form for a token.
 * The hub connection (setHub) is stopped so it does not keep retrying.
 */
export function goDark() {
  if (dark) return;
  dark = true;
  hub?.stop?.().catch(() => {});
  const hadToken = deviceToken() !== '';
  const body = document.body;
  body.dataset.access = hadToken ? 'revoked' : 'sign-in';

  const screen = document.createElement('section');
  screen.className = 'access-screen';
  screen.setAttribute('role', 'alert');
  const title = document.createElement('h1');
  title.textContent = hadToken ? REVOKED_TITLE : SIGN_IN_TITLE;
  const text = document.createElement('p');
  text.textContent = hadToken
    ? 'The token this screen was given has been revoked or is unknown, so it shows nothing. Ask an administrator for a new device token and enter it below.'
    : 'Staff: sign in. A wall screen: enter the device token an administrator issued for it (it is kept on this screen).';
  screen.append(title, text);

  if (!hadToken) {
    const link = document.createElement('a');
    link.href = `/signin?returnUrl=${encodeURIComponent(location.pathname + location.search)}`;
    link.textContent = 'Staff sign-in';
    const p = document.createElement('p');
    p.append(link);
    screen.append(p);
  }

  const form = document.createElement('form');
  form.className = 'token-form';
  const label = document.createElement('label');
  label.htmlFor = 'device-token';
  label.textContent = 'Device token';
  const input = document.createElement('input');
  input.id = 'device-token';
  input.name = 'token';
  input.type = 'password';
  input.autocomplete = 'off';
  input.required = true;
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = 'Use this token';
  form.append(label, input, button);
  form.addEventListener('submit', event => {
    event.preventDefault();
    saveToken(input.value.trim());
    location.reload();
  });
  screen.append(form);
  body.append(screen);
}

/**
 * Whether a failed hub start was the server refusing the credentials: the client's HttpError carries statusCode,
 * but a failed negotiation is wrapped in an Error that says "Status code '401'" only in its message.
 */
export function isUnauthorized(error) {
  return error?.statusCode === 401 || /Status code '401'/.test(String(error?.message ?? ''));
}

/** Keeps a token for this screen (an empty one forgets it). */
export function saveToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token lasts this page only
  }
}

/** Asks the server whether the page's credentials still hold; goes dark if they do not. */
export async function checkCredentials() {
  if (dark) return;
  try {
    const response = await fetch('/api/access/me', { headers: apiHeaders() });
    if (response.status === 401) goDark();
  } catch {
    // no answer: the connection state already says so
  }
}
