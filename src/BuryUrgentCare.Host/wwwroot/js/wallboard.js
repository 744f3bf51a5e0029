// One unit's wallboard, served at /wallboard/{unit}. First paint from GET /api/units/{unit}, then
// live from the hub (JoinUnit). Every figure's value element carries data-figure="<name>" (maps:
// "<map>.<key>"), data-value (raw JSON) and data-level; <body> carries data-state, data-connection,
// data-stale and data-as-of so browser tests and a glance across the room read the same truth.
// The unit's active alerts run across the top: #unit-alerts li[data-alert-id][data-severity].
import { describe, layoutFor, namesIn, mapEntries } from './figures.js';
import {
  startLive, noteServerClock, asOfMs, ageMs, isStale, formatAge, formatClock,
  writeFigure, el, showConnection,
} from './live.js';
import { AlertBook, renderAlertList, refreshAlertAges } from './alerts.js';

const body = document.body;
const board = document.getElementById('board');
const banner = document.getElementById('banner');
const message = document.getElementById('message');
const alertStrip = document.getElementById('unit-alerts');

const unit = unitFromLocation();
let latest = null;          // the snapshot on screen
let builtFor = '';          // layout key the board was built for (service + extra figure names)
let connectionState = 'connecting';
const alerts = new AlertBook(alert => alert.unit === unit);

/** /wallboard/FGH-ED → 'FGH-ED' (URL-decoded); /wallboard.html?unit=X → 'X' for direct opening. */
function unitFromLocation() {
  const segments = location.pathname.split('/').filter(Boolean);
  let last = segments.at(-1) ?? '';
  if (last.endsWith('.html')) last = new URLSearchParams(location.search).get('unit') ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // malformed escape: show it as typed, the server will not know it either
  }
}

// ---------------------------------------------------------------------------------------------
// Building the board (once per service; again only if the server starts sending new figures)

function build(snapshot) {
  const figures = snapshot.figures ?? {};
  const layout = layoutFor(snapshot.service, figures);
  const shown = new Set(namesIn(layout));
  const extras = Object.keys(figures).filter(n => !shown.has(n));
  const key = `${snapshot.service}|${extras.join(',')}`;
  if (key === builtFor) return;
  builtFor = key;

  board.replaceChildren();
  board.dataset.service = snapshot.service ?? '';
  const groups = [...layout.groups];
  if (extras.length > 0) {
    // Figures this page does not know yet still reach the wall.
    groups.push({
      id: 'other', title: 'Other figures', area: 'other',
      figures: extras.filter(n => describe(n, figures[n]).kind !== 'map'),
      maps: extras.filter(n => describe(n, figures[n]).kind === 'map'),
    });
  }
  for (const group of groups) board.append(buildGroup(group));
}

function buildGroup(group) {
  const section = el('section', `group area-${group.area}`);
  section.dataset.group = group.id;
  section.append(el('h2', 'group-title', group.title));
  const tiles = el('div', group.big ? 'tiles tiles-big' : 'tiles');
  for (const name of group.figures) tiles.append(buildTile(name));
  section.append(tiles);
  if (group.maps?.length) {
    const maps = el('div', 'maps');
    for (const name of group.maps) maps.append(buildMap(name));
    section.append(maps);
  }
  return section;
}

function buildTile(name) {
  const def = describe(name);
  const tile = el('div', 'tile');
  tile.dataset.tile = name;
  tile.append(el('div', 'tile-label', def.label));
  const value = el('div', 'tile-value');
  value.dataset.figure = name;
  tile.append(value);
  return tile;
}

function buildMap(name) {
  const def = describe(name, {});
  const box = el('div', 'bars');
  box.dataset.figureGroup = name;
  box.append(el('h3', 'bars-title', def.label));
  box.append(el('div', 'bar-rows'));
  return box;
}

// ---------------------------------------------------------------------------------------------
// Rendering a snapshot

function render(snapshot) {
  if (!snapshot || snapshot.unit !== unit) return;
  // The API response and the hub's snapshot race at start-up: never let an older one win.
  if (latest && asOfMs(snapshot.asOf) < asOfMs(latest.asOf)) return;
  latest = snapshot;

  build(snapshot);
  const figures = snapshot.figures ?? {};
  for (const node of board.querySelectorAll('.tile-value[data-figure]')) {
    const name = node.dataset.figure;
    writeFigure(node, name, describe(name, figures[name]).kind, figures[name]);
    node.closest('.tile').dataset.level = node.dataset.level;
  }
  for (const box of board.querySelectorAll('.bars[data-figure-group]')) {
    renderBars(box, box.dataset.figureGroup, figures[box.dataset.figureGroup]);
  }

  document.getElementById('unit-name').textContent = snapshot.name ?? snapshot.unit;
  document.getElementById('unit-code').textContent = snapshot.unit;
  document.getElementById('unit-service').textContent = layoutFor(snapshot.service, figures).label;
  document.title = `${snapshot.name ?? snapshot.unit} — wallboard`;
  document.getElementById('as-of').textContent = formatClock(snapshot.asOf);
  document.getElementById('as-of').setAttribute('datetime', snapshot.asOf ?? '');
  body.dataset.asOf = snapshot.asOf ?? '';
  body.dataset.service = snapshot.service ?? '';
  body.dataset.state = 'live';
  message.hidden = true;
  board.hidden = false;
  tick();
}

function renderBars(box, name, map) {
  const rows = box.querySelector('.bar-rows');
  const entries = mapEntries(name, map);
  const total = entries.reduce((sum, [, , v]) => sum + (typeof v === 'number' ? v : 0), 0);
  // Rebuild rows only when the set of keys changes (outcomes appear as the day goes on).
  const keys = entries.map(([k]) => k).join('\u0000');
  if (rows.dataset.keys !== keys) {
    rows.dataset.keys = keys;
    rows.replaceChildren(...entries.map(([key, label]) => {
      const row = el('div', 'bar-row');
      row.dataset.key = key;
      row.append(el('span', 'bar-label', label));
      const track = el('span', 'bar-track');
      track.append(el('span', 'bar-fill'));
      row.append(track);
      const value = el('span', 'bar-value');
      value.dataset.figure = `${name}.${key}`;
      row.append(value);
      return row;
    }));
  }
  const byKey = new Map(entries.map(([k, , v]) => [k, v]));
  for (const row of rows.children) {
    const v = byKey.get(row.dataset.key);
    writeFigure(row.querySelector('.bar-value'), `${name}.${row.dataset.key}`, 'count', v);
    const share = total > 0 && typeof v === 'number' ? (v / total) * 100 : 0;
    row.querySelector('.bar-fill').style.width = `${share.toFixed(1)}%`;
  }
}

// ---------------------------------------------------------------------------------------------
// Alerts: the unit's group gets ReceiveAlert for this unit; GET /api/alerts fills in the rest.

function renderAlerts() {
  const active = body.dataset.state === 'not-found' ? [] : alerts.active();
  renderAlertList(alertStrip, active);
  alertStrip.hidden = active.length === 0;
}

function onAlert(alert) {
  if (alerts.apply(alert)) renderAlerts();
}

async function refreshAlerts() {
  try {
    const response = await fetch('/api/alerts', { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    alerts.reconcileResponse(await response.json());
    renderAlerts();
    alertStrip.dataset.state = 'live'; // the server's list has been read at least once
  } catch {
    // Unreachable: the hub reconnects and calls this again after JoinUnit.
  }
}

// ---------------------------------------------------------------------------------------------
// Connection state, staleness and the banner (re-evaluated every second)

function setConnection(state) {
  connectionState = state;
  showConnection(state);
  tick();
}

function tick() {
  const stale = latest ? isStale(latest.asOf) : false;
  body.dataset.stale = String(stale);
  document.getElementById('as-of-age').textContent = latest ? formatAge(ageMs(latest.asOf)) : '';
  refreshAlertAges(alertStrip);

  let text = '';
  if (body.dataset.state === 'not-found') {
    text = '';
  } else if (connectionState === 'reconnecting' || connectionState === 'disconnected') {
    text = latest
      ? `Connection lost — reconnecting. Figures shown are from ${formatClock(latest.asOf)} (${formatAge(ageMs(latest.asOf))}).`
      : 'Cannot reach the server — retrying.';
  } else if (stale) {
    text = `No update for ${formatAge(ageMs(latest.asOf)).replace(' ago', '')} — figures shown are from ${formatClock(latest.asOf)} and may be out of date.`;
  }
  banner.hidden = text === '';
  if (banner.textContent !== text) banner.textContent = text;
}

function showNotFound(detail) {
  body.dataset.state = 'not-found';
  body.dataset.asOf = '';
  body.dataset.service = '';
  document.getElementById('unit-name').textContent = 'Unknown unit';
  document.getElementById('unit-service').textContent = '';
  document.title = 'Unknown unit — wallboard';
  board.hidden = true;
  board.replaceChildren();
  renderAlerts();
  builtFor = '';
  latest = null;
  message.hidden = false;
  message.replaceChildren(
    el('h2', 'message-title', unit ? `Unknown unit “${unit}”` : 'No unit given'),
    el('p', null, unit
      ? 'The server has no unit with this code. Check the address, or pick a unit from the overview.'
      : 'The address should be /wallboard/{unit}, e.g. /wallboard/FGH-ED.'),
  );
  if (detail) message.append(el('p', 'message-detail', detail));
  const link = el('a', 'message-link', 'All units →');
  link.href = '/';
  message.append(link);
  tick();
}

function showError(text) {
  body.dataset.state = 'error';
  message.hidden = false;
  message.replaceChildren(el('h2', 'message-title', 'Cannot show this unit'), el('p', null, text));
  tick();
}

// ---------------------------------------------------------------------------------------------

async function main() {
  document.getElementById('unit-code').textContent = unit;
  if (!unit) {
    showNotFound();
    return;
  }
  setInterval(tick, 1000);

  try {
    const response = await fetch(`/api/units/${encodeURIComponent(unit)}`, { headers: { Accept: 'application/json' } });
    noteServerClock(response);
    if (response.status === 404) {
      showNotFound();
      return; // JoinUnit would only refuse it too
    }
    if (response.ok) render(await response.json());
  } catch {
    // The API is unreachable: the hub connection below retries and shows the state.
  }
  await refreshAlerts();

  try {
    startLive({
      join: async connection => {
        await connection.invoke('JoinUnit', unit);
        // Alerts raised or cleared while this board was disconnected were pushed to no one.
        refreshAlerts();
      },
      onSnapshot: render,
      on: { ReceiveAlert: onAlert },
      onState: setConnection,
      onJoinError: error => showNotFound(error?.message),
    });
  } catch (error) {
    showError(error.message);
  }
}

main();
