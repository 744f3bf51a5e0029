// One unit's wallboard, served at /wallboard/{unit}. First paint from GET /api/units/{unit}, then
// live from the hub (JoinUnit). Every figure's value element carries data-figure="<name>" (maps:
// "<map>.<key>"), data-value (raw JSON) and data-level; <body> carries data-state, data-connection,
// data-stale and data-as-of so browser tests and a glance across the room read the same truth
// (data-state: loading | waiting (no answer from the server; the shell retries) | error | live |
// not-found).
// The unit's active alerts run across the top: #unit-alerts li[data-alert-id][data-severity].
// Labels, kinds and levels come from the figure catalogue (GET /api/figures, loaded by the shell
// before anything is drawn); where each figure sits comes from figures.js's layout.
import { layoutFor, namesIn } from './figures.js';
import {
  asOfMs, ageMs, isStale, formatAge, formatClock, livenessOf, livenessText, feedOf, feedText,
} from './live.js';
import { writeFigure, el, renderAlertList } from './dom.js';
import { PageShell, getApi } from './shell.js';
import { startBreachRiskList } from './breachrisk.js';

const body = document.body;
const board = document.getElementById('board');
const message = document.getElementById('message');
const alertStrip = document.getElementById('unit-alerts');

const unit = unitFromLocation();
// The top of the department's breach-risk list under the board (hides itself for other services).
document.getElementById('breach-risk-link').href = `/breach-risk/${encodeURIComponent(unit)}`;
startBreachRiskList(document.getElementById('breach-risk'), unit, { limit: 8 });
let latest = null;          // the snapshot on screen
let builtFor = '';          // layout key the board was built for (service + extra figure names)

const shell = new PageShell({
  errorTitle: 'Cannot show this unit',
  alertList: alertStrip,
  acceptAlert: alert => alert.unit === unit,
  firstPaint,
  join: async connection => connection.invoke('JoinUnit', unit),
  onSnapshot: render,
  onJoinError: error => showNotFound(error?.message),
  renderAlerts,
  tick,
});

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
  const { catalogue } = shell;
  const service = snapshot.service;
  const figures = snapshot.figures ?? {};
  const layout = layoutFor(catalogue, service, figures);
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
      figures: extras.filter(n => catalogue.describe(service, n, figures[n]).kind !== 'map'),
      maps: extras.filter(n => catalogue.describe(service, n, figures[n]).kind === 'map'),
    });
  }
  const describe = (name, value) => catalogue.describe(service, name, value);
  for (const group of groups) board.append(buildGroup(group, describe));
}

function buildGroup(group, describe) {
  const section = el('section', `group area-${group.area}`);
  section.dataset.group = group.id;
  section.append(el('h2', 'group-title', group.title));
  const tiles = el('div', group.big ? 'tiles tiles-big' : 'tiles');
  for (const name of group.figures) tiles.append(buildTile(describe(name)));
  section.append(tiles);
  if (group.maps?.length) {
    const maps = el('div', 'maps');
    for (const name of group.maps) maps.append(buildMap(describe(name, {})));
    section.append(maps);
  }
  return section;
}

function buildTile(def) {
  const tile = el('div', 'tile');
  tile.dataset.tile = def.name;
  if (def.description) tile.title = def.description;
  tile.append(el('div', 'tile-label', def.label));
  const value = el('div', 'tile-value');
  value.dataset.figure = def.name;
  tile.append(value);
  return tile;
}

function buildMap(def) {
  const box = el('div', 'bars');
  box.dataset.figureGroup = def.name;
  if (def.description) box.title = def.description;
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
  const { catalogue } = shell;
  const service = snapshot.service;
  const figures = snapshot.figures ?? {};
  for (const node of board.querySelectorAll('.tile-value[data-figure]')) {
    const name = node.dataset.figure;
    const value = figures[name];
    writeFigure(node, catalogue.describe(service, name, value).kind, catalogue.levelOf(unit, name, value, service), value);
    node.closest('.tile').dataset.level = node.dataset.level;
  }
  for (const box of board.querySelectorAll('.bars[data-figure-group]')) {
    renderBars(box, service, box.dataset.figureGroup, figures[box.dataset.figureGroup]);
  }

  document.getElementById('unit-name').textContent = snapshot.name ?? snapshot.unit;
  document.getElementById('unit-code').textContent = snapshot.unit;
  document.getElementById('unit-service').textContent = catalogue.serviceLabel(service);
  document.title = `${snapshot.name ?? snapshot.unit} — wallboard`;
  document.getElementById('as-of').textContent = formatClock(snapshot.asOf);
  document.getElementById('as-of').setAttribute('datetime', snapshot.asOf ?? '');
  body.dataset.asOf = snapshot.asOf ?? '';
  body.dataset.service = snapshot.service ?? '';
  body.dataset.liveness = livenessOf(snapshot);
  body.dataset.feed = feedOf(snapshot);
  body.dataset.state = 'live';
  message.hidden = true;
  board.hidden = false;
  shell.tick();
}

function renderBars(box, service, name, map) {
  const { catalogue } = shell;
  const rows = box.querySelector('.bar-rows');
  const entries = catalogue.mapEntries(service, name, map);
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
    const figure = `${name}.${row.dataset.key}`;
    writeFigure(row.querySelector('.bar-value'), 'count', catalogue.levelOf(unit, figure, v, service), v);
    const share = total > 0 && typeof v === 'number' ? (v / total) * 100 : 0;
    row.querySelector('.bar-fill').style.width = `${share.toFixed(1)}%`;
  }
}

// ---------------------------------------------------------------------------------------------
// Alerts: the unit's group gets ReceiveAlert for this unit; GET /api/alerts fills in the rest.

function renderAlerts() {
  const active = body.dataset.state === 'not-found' ? [] : shell.alerts.active();
  renderAlertList(alertStrip, active);
  alertStrip.hidden = active.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Staleness and the banner (re-evaluated every second by the shell)

/** Ages and staleness; returns the banner text. */
function tick(connectionState) {
  const stale = latest ? isStale(latest.asOf) : false;
  body.dataset.stale = String(stale);
  document.getElementById('as-of-age').textContent = latest ? formatAge(ageMs(latest.asOf)) : '';

  if (body.dataset.state === 'not-found') return '';
  if (connectionState === 'reconnecting' || connectionState === 'disconnected') {
    return latest
      ? `Connection lost — reconnecting. Figures shown are from ${formatClock(latest.asOf)} (${formatAge(ageMs(latest.asOf))}).`
      : 'Cannot reach the server — retrying.';
  }
  const notLive = livenessText(latest);
  if (notLive) return notLive;
  const feed = feedText(latest);
  if (feed) return feed;
  if (stale) {
    return `No update for ${formatAge(ageMs(latest.asOf)).replace(' ago', '')} — figures shown are from ${formatClock(latest.asOf)} and may be out of date.`;
  }
  return '';
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
  shell.tick();
}

// ---------------------------------------------------------------------------------------------

/** First paint from GET /api/units/{unit}; 'stop' for a unit the server does not know. */
async function firstPaint() {
  try {
    const response = await getApi(`/api/units/${encodeURIComponent(unit)}`);
    if (response.status === 404) {
      showNotFound();
      return 'stop'; // JoinUnit would only refuse it too
    }
    if (response.ok) render(await response.json());
  } catch {
    // The API is unreachable: the hub connection retries and shows the state.
  }
  return 'live';
}

document.getElementById('unit-code').textContent = unit;
if (unit) shell.start();
else showNotFound();
