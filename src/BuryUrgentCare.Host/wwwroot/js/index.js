// System overview for the escalation call: the announced OPEL level with every parameter behind it,
// the demand the Green Car and IVCH keep from A&E today, the active alerts, and one card per unit
// with its headline figures, each linking to the unit's wallboard. First paint from GET /api/units,
// /api/system and /api/alerts, then live from the hub (JoinAll: ReceiveSnapshot/ReceiveUpdate per
// unit, ReceiveSystem, ReceiveAlert). The unit list is whatever the server returns; cards for units
// that appear later are added as their first snapshot arrives.
//
// Attributes for tests and a glance: #opel[data-level] = announced level ('1'…'4' | 'none'),
// #opel-completeness[data-completeness] = complete | incomplete | none, its text in words,
// [data-computed-level], [data-score]; each parameter row [data-opel-parameter=<figure>][data-band]
// with its value cell's data-value = the raw API value; #deflection [data-figure="deflectionToday.*"]
// [data-value]; #alerts li[data-alert-id][data-severity][data-unit]; body[data-state]: loading |
// waiting (no answer from the server; the shell retries) | error | empty | live.
// Labels, kinds and levels come from the figure catalogue (GET /api/figures, loaded by the shell
// before anything is drawn); which figures a card shows comes from figures.js's layout.
import { layoutFor, formatPreciseParts, OPEL_LEVELS, opelLabel, levelKey, opelCompleteness, opelCompletenessText, opelPendingText } from './figures.js';
import { asOfMs, ageMs, isStale, formatAge, formatClock, livenessOf, feedOf } from './live.js';
import { formatHourMinute } from './alerts.js';
import { writeFigure, writeParts, el, setText, renderAlertList } from './dom.js';
import { PageShell, getApi } from './shell.js';

const body = document.body;
const units = document.getElementById('units');
const message = document.getElementById('message');
const systemBox = document.getElementById('system');
const opelBox = document.getElementById('opel');
const parameterRows = document.getElementById('opel-parameters');
const alertsList = document.getElementById('alerts');

/** unit → { card, snapshot, builtFor } */
const cards = new Map();
let joinError = '';         // the server refused JoinAll (shown until a reconnect re-joins)
let system = null;          // the newest system snapshot on screen (deflection, OPEL, alerts)

const shell = new PageShell({
  errorTitle: 'Cannot show the overview',
  alertList: alertsList,
  firstPaint,
  join: async connection => {
    await connection.invoke('JoinAll'); // answers with ReceiveSystem (OPEL and active alerts)
    joinError = '';
  },
  onSnapshot: render,
  on: { ReceiveSystem: renderSystem },
  onJoinError: error => {
    joinError = error?.message ?? String(error);
    shell.tick();
  },
  renderAlerts,
  tick,
});

function cardFor(snapshot) {
  const { catalogue } = shell;
  let entry = cards.get(snapshot.unit);
  const figures = snapshot.figures ?? {};
  const layout = layoutFor(catalogue, snapshot.service, figures);
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
    const def = catalogue.describe(snapshot.service, name, figures[name]);
    if (def.description) item.title = def.description;
    item.append(el('dt', 'hl-label', def.label));
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
  const { catalogue } = shell;
  const { unit, service } = snapshot;
  const figures = snapshot.figures ?? {};
  card.dataset.service = service ?? '';
  card.dataset.asOf = snapshot.asOf ?? '';
  card.dataset.liveness = livenessOf(snapshot);
  card.dataset.feed = feedOf(snapshot);
  card.querySelector('.card-name').textContent = snapshot.name ?? unit;
  card.querySelector('.card-code').textContent = unit;
  card.querySelector('.service-tag').textContent = catalogue.serviceLabel(service);
  for (const node of card.querySelectorAll('[data-figure]')) {
    const name = node.dataset.figure;
    const value = figures[name];
    writeFigure(node, catalogue.describe(service, name, value).kind, catalogue.levelOf(unit, name, value, service), value);
    node.parentElement.dataset.level = node.dataset.level;
  }
  const time = card.querySelector('.card-time');
  time.textContent = formatClock(snapshot.asOf);
  time.setAttribute('datetime', snapshot.asOf ?? '');

  body.dataset.state = 'live';
  message.hidden = true;
  shell.tick();
}

// ---------------------------------------------------------------------------------------------
// System: OPEL, deflection, alerts

function renderSystem(next) {
  if (!next || typeof next !== 'object' || !next.opel) return;
  // GET /api/system and the hub's first ReceiveSystem race at start-up: never let an older one win.
  if (system && asOfMs(next.asOf) < asOfMs(system.asOf)) return;
  system = next;
  systemBox.dataset.state = 'live';
  systemBox.dataset.asOf = next.asOf ?? '';
  renderOpel(next.opel);
  const { catalogue } = shell;
  for (const node of document.querySelectorAll('#deflection [data-figure]')) {
    const name = node.dataset.figure;
    const value = next.deflectionToday?.[name.slice('deflectionToday.'.length)];
    writeFigure(node, catalogue.describeSystem(name, value).kind, catalogue.systemLevelOf(name, value), value);
  }
  // The snapshot's activeAlerts is the complete active set as of its asOf.
  shell.alerts.reconcile(next.activeAlerts, next.asOf);
  renderAlerts();
  shell.tick();
}

function renderOpel(opel) {
  const announced = opel.announcedLevel ?? null;
  const computed = opel.level ?? null;
  opelBox.dataset.level = levelKey(announced);
  opelBox.dataset.computedLevel = levelKey(computed);
  opelBox.dataset.score = JSON.stringify(opel.score ?? null);
  setText(document.getElementById('opel-number'), levelKey(announced) === 'none' ? '—' : String(announced));
  document.getElementById('opel-level').setAttribute('aria-label', opelLabel(announced));
  setText(document.getElementById('opel-words'), OPEL_LEVELS[announced] ?? 'No parameter has data yet');
  renderAnnouncement();

  // The level on the wall is the announced one; a computed level that differs is waiting out the
  // hold (15 min up, 60 min down: hazard H25) before it is announced, and the call should see it coming.
  const pending = document.getElementById('opel-computed');
  pending.hidden = computed === null || computed === announced;
  pending.dataset.level = levelKey(computed);
  setText(pending, pending.hidden ? '' : opelPendingText(opel, formatHourMinute) || `Calculated OPEL ${computed}, holding`);

  const score = document.getElementById('opel-score');
  score.dataset.value = JSON.stringify(opel.score ?? null);
  setText(score, typeof opel.score === 'number' ? String(Math.round(opel.score)) : '—');
  // A level calculated without some of its inputs may be too low: said in words (hazard H18).
  const completeness = document.getElementById('opel-completeness');
  completeness.dataset.completeness = opelCompleteness(opel);
  setText(completeness, opelCompletenessText(opel));
  const version = opel.profileVersion ? ` · version ${opel.profileVersion}` : '';
  setText(document.getElementById('opel-profile'), `${opel.title ?? 'OPEL'}: profile ${opel.profile ?? 'unknown'}${version}${opel.notMeasured?.length ? ` · does not measure ${opel.notMeasured.join(', ')}` : ''}`);

  renderParameters(Array.isArray(opel.parameters) ? opel.parameters : []);
}

/** "since 19:22" when the newest announcement is of the level shown. */
function renderAnnouncement() {
  const shown = system?.opel?.announcedLevel ?? null;
  const announcement = shell.alerts.announcement;
  const text = announcement && shown !== null && announcement.value === shown
    ? `announced ${formatHourMinute(announcement.at)}`
    : '';
  setText(document.getElementById('opel-since'), text);
}

function renderParameters(parameters) {
  // Rows are rebuilt only when the profile's parameter list changes; values update in place.
  const key = parameters.map(p => `${p.unit}|${p.figure}|${p.name}`).join('\u0000');
  if (parameterRows.dataset.key !== key) {
    parameterRows.dataset.key = key;
    parameterRows.replaceChildren(...parameters.map(p => {
      const row = el('tr', 'param');
      row.dataset.opelParameter = p.figure;
      row.dataset.unit = p.unit ?? '';
      const name = el('th', 'param-name', p.name ?? p.figure);
      name.scope = 'row';
      // Which window a since-midnight input used (hazard H26): "rolling 24 h (7 departures since midnight)".
      name.append(el('small', 'param-window'));
      row.append(name, el('td', 'param-value'));
      const band = el('td', 'param-band');
      band.append(el('span', 'band-pill'));
      row.append(band, el('td', 'param-weight'));
      const contribution = el('td', 'param-contribution');
      contribution.append(el('span', 'contrib-text'), el('small', 'contrib-max'));
      const track = el('span', 'contrib-track');
      track.append(el('span', 'contrib-fill'));
      contribution.append(track);
      row.append(contribution);
      return row;
    }));
  }
  parameters.forEach((p, i) => {
    const row = parameterRows.children[i];
    const band = levelKey(p.band);
    row.dataset.band = band;
    setText(row.querySelector('.param-window'), p.window ? ` — ${p.window}` : '');
    const value = row.querySelector('.param-value');
    const raw = JSON.stringify(p.value ?? null);
    if (value.dataset.value !== raw) {
      value.dataset.value = raw;
      const { kind } = shell.catalogue.describe(shell.catalogue.serviceOf(p.unit), p.figure, p.value);
      writeParts(value, formatPreciseParts(kind, p.value));
    }
    const pill = row.querySelector('.band-pill');
    pill.dataset.band = band;
    setText(pill, band === 'none' ? '—' : band);
    const weight = row.querySelector('.param-weight');
    weight.dataset.value = JSON.stringify(p.weight ?? null);
    setText(weight, typeof p.weight === 'number' ? `×${formatNumber(p.weight)}` : '—');
    // contribution = weight × (band − 1), out of at most weight × 3
    const cell = row.querySelector('.param-contribution');
    cell.dataset.value = JSON.stringify(p.contribution ?? null);
    const max = typeof p.weight === 'number' ? p.weight * 3 : null;
    setText(cell.querySelector('.contrib-text'), typeof p.contribution === 'number' ? formatNumber(p.contribution) : '—');
    setText(cell.querySelector('.contrib-max'), max !== null ? ` / ${formatNumber(max)}` : '');
    const share = typeof p.contribution === 'number' && max > 0 ? Math.min(100, (p.contribution / max) * 100) : 0;
    cell.querySelector('.contrib-fill').style.width = `${share.toFixed(1)}%`;
  });
}

/** The active alerts, and the OPEL announcement time that comes with them. */
function renderAlerts() {
  const active = shell.alerts.active();
  renderAlertList(alertsList, active, unitLabel);
  setText(document.getElementById('alerts-count'), active.length > 0 ? `(${active.length})` : '');
  document.getElementById('alerts-none').hidden = active.length > 0;
  renderAnnouncement();
}

/** 'A&E', 'UTC', … from the unit's card; 'System' for system-wide alerts; else the unit code. */
function unitLabel(unit) {
  const snapshot = cards.get(unit)?.snapshot;
  if (snapshot) return shell.catalogue.serviceLabel(snapshot.service);
  return unit === 'BURY' ? 'System' : (unit ?? '');
}

async function loadSystem() {
  try {
    const response = await getApi('/api/system');
    if (response.ok) renderSystem(await response.json());
    // 503 = not computed yet: the first ReceiveSystem fills it in.
  } catch {
    // Unreachable: the hub connection retries and shows the state.
  }
}

function formatNumber(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Ages and per-card staleness; returns the banner text. */
function tick(connectionState) {
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
  // The system snapshot is recomputed on every tick of the server too: an old one means OPEL,
  // deflection and alerts on screen are old.
  const systemStale = system ? isStale(system.asOf) : false;
  systemBox.dataset.stale = String(systemStale);
  body.dataset.asOf = newest ?? '';
  body.dataset.stale = String(staleUnits.length > 0 || systemStale);
  document.getElementById('as-of').textContent = newest ? formatClock(newest) : '—';
  document.getElementById('as-of-age').textContent = newest ? formatAge(ageMs(newest)) : '';

  if (joinError) return `The server refused live updates: ${joinError}`;
  if (connectionState === 'reconnecting' || connectionState === 'disconnected') {
    return cards.size > 0
      ? 'Connection lost — reconnecting. Figures shown may be out of date.'
      : 'Cannot reach the server — retrying.';
  }
  const notLive = [...cards].filter(([, { snapshot }]) => snapshot && livenessOf(snapshot) !== 'live').map(([unit]) => unit);
  if (notLive.length > 0) return `Not live: ${notLive.join(', ')} — their figures are not the department now (see each card).`;
  const silent = [...cards].filter(([, { snapshot }]) => snapshot && feedOf(snapshot) === 'silent').map(([unit]) => unit);
  if (silent.length > 0) return `Feed silent: no events from ${silent.join(', ')} for far longer than usual — those figures may be out of date; check the feed.`;
  if (staleUnits.length > 0) return `No recent update from ${staleUnits.join(', ')} — those figures may be out of date.`;
  if (systemStale) return `No recent system update (last ${formatClock(system.asOf)}) — the OPEL level and alerts may be out of date.`;
  return '';
}

/** First paint from GET /api/units and /api/system (the shell then reads /api/alerts). */
async function firstPaint() {
  try {
    const response = await getApi('/api/units');
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
    // The API is unreachable: the hub connection retries and shows the state.
  }
  // After the cards, so alerts can name their unit's service.
  await loadSystem();
}

shell.start();
