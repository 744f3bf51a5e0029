// System overview for the escalation call: one card per unit with its headline figures, each
// linking to the unit's wallboard. First paint from GET /api/units, then live from the hub
// (JoinAll). The unit list is whatever the server returns; cards for units that appear later
// are added as their first snapshot arrives.
import { describe, layoutFor } from './figures.js';
import {
  startLive, noteServerClock, asOfMs, ageMs, isStale, formatAge, formatClock,
  writeFigure, el, CONNECTION_TEXT,
} from './live.js';

const body = document.body;
const units = document.getElementById('units');
const banner = document.getElementById('banner');
const message = document.getElementById('message');

/** unit → { card, snapshot, builtFor } */
const cards = new Map();
let connectionState = 'connecting';
let joinError = '';         // the server refused JoinAll (shown until a reconnect re-joins)

function cardFor(snapshot) {
  let entry = cards.get(snapshot.unit);
  const figures = snapshot.figures ?? {};
  const layout = layoutFor(snapshot.service, figures);
  const key = `${snapshot.service}|${layout.headline.join(',')}`;
  if (entry && entry.builtFor === key) return entry;

  const card = el('a', 'card');
  card.href = `/wallboard/${encodeURIComponent(snapshot.unit)}`;
  card.dataset.unit = snapshot.unit;

  const header = el('header', 'card-header');
  header.append(el('h2', 'card-name'));
  const sub = el('div', 'card-sub');
  sub.append(el('span', 'card-code'), ' ', el('span', 'service-tag'));
  header.append(sub);
  card.append(header);

  const list = el('dl', 'headline');
  for (const name of layout.headline) {
    const item = el('div', 'hl');
    item.dataset.tile = name;
    item.append(el('dt', 'hl-label', describe(name).label));
    const value = el('dd', 'hl-value');
    value.dataset.figure = name;
    item.append(value);
    list.append(item);
  }
  card.append(list);
  const footer = el('footer', 'card-as-of');
  footer.append('Updated ', el('time', 'card-time'), ' ', el('span', 'age'));
  card.append(footer);

  if (entry) entry.card.replaceWith(card);
  else units.append(card);
  entry = { card, snapshot: null, builtFor: key };
  cards.set(snapshot.unit, entry);
  return entry;
}

function render(snapshot) {
  if (!snapshot || typeof snapshot.unit !== 'string') return;
  const previous = cards.get(snapshot.unit)?.snapshot;
  if (previous && asOfMs(snapshot.asOf) < asOfMs(previous.asOf)) return; // API/hub start-up race

  const entry = cardFor(snapshot);
  entry.snapshot = snapshot;
  const { card } = entry;
  const figures = snapshot.figures ?? {};
  card.dataset.service = snapshot.service ?? '';
  card.dataset.asOf = snapshot.asOf ?? '';
  card.querySelector('.card-name').textContent = snapshot.name ?? snapshot.unit;
  card.querySelector('.card-code').textContent = snapshot.unit;
  card.querySelector('.service-tag').textContent = layoutFor(snapshot.service, figures).label;
  for (const node of card.querySelectorAll('[data-figure]')) {
    const name = node.dataset.figure;
    writeFigure(node, name, describe(name, figures[name]).kind, figures[name]);
    node.parentElement.dataset.level = node.dataset.level;
  }
  const time = card.querySelector('.card-time');
  time.textContent = formatClock(snapshot.asOf);
  time.setAttribute('datetime', snapshot.asOf ?? '');

  body.dataset.state = 'live';
  message.hidden = true;
  tick();
}

function setConnection(state) {
  connectionState = state;
  body.dataset.connection = state;
  const indicator = document.getElementById('connection');
  indicator.dataset.connection = state;
  indicator.textContent = CONNECTION_TEXT[state] ?? state;
  tick();
}

/** Ages, per-card staleness and the banner, every second. */
function tick() {
  let newest = null;
  const staleUnits = [];
  for (const [unit, { card, snapshot }] of cards) {
    if (!snapshot) continue;
    const stale = isStale(snapshot.asOf);
    card.dataset.stale = String(stale);
    if (stale) staleUnits.push(unit);
    card.querySelector('.age').textContent = formatAge(ageMs(snapshot.asOf));
    if (!newest || asOfMs(snapshot.asOf) > asOfMs(newest)) newest = snapshot.asOf;
  }
  body.dataset.asOf = newest ?? '';
  body.dataset.stale = String(staleUnits.length > 0);
  document.getElementById('as-of').textContent = newest ? formatClock(newest) : '—';
  document.getElementById('as-of-age').textContent = newest ? formatAge(ageMs(newest)) : '';

  let text = '';
  if (joinError) {
    text = `The server refused live updates: ${joinError}`;
  } else if (connectionState === 'reconnecting' || connectionState === 'disconnected') {
    text = cards.size > 0
      ? 'Connection lost — reconnecting. Figures shown may be out of date.'
      : 'Cannot reach the server — retrying.';
  } else if (staleUnits.length > 0) {
    text = `No recent update from ${staleUnits.join(', ')} — those figures may be out of date.`;
  }
  banner.hidden = text === '';
  if (banner.textContent !== text) banner.textContent = text;
}

async function main() {
  setInterval(tick, 1000);
  try {
    const response = await fetch('/api/units', { headers: { Accept: 'application/json' } });
    noteServerClock(response);
    if (response.ok) {
      const snapshots = await response.json();
      if (Array.isArray(snapshots)) snapshots.forEach(render);
      if (cards.size === 0) {
        body.dataset.state = 'empty';
        message.hidden = false;
        message.replaceChildren(el('p', null, 'The server reports no units yet.'));
      }
    }
  } catch {
    // The API is unreachable: the hub connection below retries and shows the state.
  }

  try {
    startLive({
      join: async connection => {
        await connection.invoke('JoinAll');
        joinError = '';
      },
      onSnapshot: render,
      onState: setConnection,
      onJoinError: error => {
        joinError = error?.message ?? String(error);
        tick();
      },
    });
  } catch (error) {
    body.dataset.state = 'error';
    message.hidden = false;
    message.replaceChildren(el('p', null, error.message));
  }
}

main();
