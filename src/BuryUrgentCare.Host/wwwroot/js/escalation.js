// The escalation workspace, /escalation: the OPEL level calculated from the figures, with its reasons
// and its completeness in words, beside the level the call declared (who, when, why); the action card
// of the level in force with "add to log"; the action log with status changes; the active alerts with
// acknowledgement; a link to the printable situation report. First paint from GET /api/system,
// /api/escalation/workspace and /api/alerts, then live from the hub (JoinAll: ReceiveSystem,
// ReceiveAlert; JoinEscalation: ReceiveWorkspace, the whole workspace after every change by anyone).
// Every change is sent with the name typed in "Your name" (there is no sign-in yet).
//
// Attributes for tests and a glance: #calculated[data-level], #opel-completeness[data-completeness],
// #declared[data-level], #cards[data-level], #card-actions li[data-action-text],
// #action-log li[data-action-id][data-status][data-overdue], #alerts li[data-alert-id][data-acknowledged],
// body[data-state]: loading | waiting | error | live.
import { OPEL_LEVELS, opelLabel, levelKey, opelCompleteness, opelCompletenessText, opelPendingText, opelWindowsText, formatPreciseParts } from './figures.js';
import { asOfMs, ageMs, isStale, formatAge, formatClock, serverNow } from './live.js';
import { formatHourMinute } from './alerts.js';
import { el, setText, writeParts, renderAlertList } from './dom.js';
import { PageShell, getApi } from './shell.js';
import { apiHeaders } from './access.js';
import {
  DUE_IN_MINUTES, STATUS_TEXT, STATUS_ACTION_TEXT, levelInForce, cardFor, dueIn, formatDueIn, isOverdue,
  orderActions, nextStatuses, cleanName, problemText,
} from './workspace.js';

const NAME_KEY = 'bury.escalation.name';
const body = document.body;
const alertsList = document.getElementById('alerts');
const nameInput = document.getElementById('user-name');
const formStatus = document.getElementById('form-status');
const cardLevel = document.getElementById('card-level');
const dueSelect = document.getElementById('action-due');
const ownerInput = document.getElementById('action-owner');

let system = null;      // the newest system snapshot (OPEL, alerts)
let workspace = null;   // the newest workspace state (declarations, actions, acknowledgements, cards)
let joinError = '';

const shell = new PageShell({
  errorTitle: 'Cannot show the escalation workspace',
  alertList: alertsList,
  firstPaint,
  join: async connection => {
    await connection.invoke('JoinAll');        // ReceiveSystem: OPEL and alerts
    await connection.invoke('JoinEscalation'); // ReceiveWorkspace: the state now, then every change
    joinError = '';
  },
  onSnapshot: () => {},                        // unit cards are the overview's; this page reads the system figures
  on: { ReceiveSystem: renderSystem, ReceiveWorkspace: renderWorkspace },
  onJoinError: error => {
    joinError = error?.message ?? String(error);
    shell.tick();
  },
  renderAlerts,
  tick,
});

// ---------------------------------------------------------------------------------------------
// Calculated level

function renderSystem(next) {
  if (!next || typeof next !== 'object' || !next.opel) return;
  if (system && asOfMs(next.asOf) < asOfMs(system.asOf)) return; // the API and the hub race at start-up
  system = next;
  const { opel } = next;
  const box = document.getElementById('calculated');
  box.dataset.level = levelKey(opel.level);
  setText(document.getElementById('calculated-number'), opelLabel(opel.level));
  setText(document.getElementById('calculated-words'), OPEL_LEVELS[opel.level] ?? 'no parameter has data yet');
  const completeness = document.getElementById('opel-completeness');
  completeness.dataset.completeness = opelCompleteness(opel);
  // and which window each since-midnight input used (hazard H26)
  const windows = opelWindowsText(opel);
  setText(completeness, `${opelCompletenessText(opel)}${windows ? ` · ${windows}` : ''}`);
  const score = typeof opel.score === 'number' ? `Score ${Math.round(opel.score)} / 100` : 'No score';
  const announced = OPEL_LEVELS[opel.announcedLevel] ? `announced OPEL ${opel.announcedLevel} (after the hold time)` : 'no level announced yet';
  const pending = opelPendingText(opel, formatHourMinute);
  // What the level measures (hazard H24): "FGH acute OPEL (local profile)" and what it leaves out, as on the overview.
  const measures = `${opel.title ?? 'OPEL'}${opel.notMeasured?.length ? `, does not measure ${opel.notMeasured.join(', ')}` : ''}`;
  setText(document.getElementById('calculated-facts'), `${score} · ${announced}${pending ? ` · ${pending}` : ''} · ${measures} · profile ${opel.profile ?? 'unknown'}`);
  renderReasons(Array.isArray(opel.parameters) ? opel.parameters : []);
  document.getElementById('levels').dataset.state = 'live';
  shell.alerts.reconcile(next.activeAlerts, next.asOf);
  renderAlerts();
  renderDeclared();
  renderCard();
  shell.tick();
}

function renderReasons(parameters) {
  const rows = document.getElementById('reasons');
  const key = JSON.stringify(parameters.map(p => [p.name, p.unit, p.value, p.band]));
  if (rows.dataset.key === key) return;
  rows.dataset.key = key;
  rows.replaceChildren(...parameters.map(p => {
    const row = el('tr', 'param');
    row.dataset.opelParameter = p.figure;
    row.dataset.band = levelKey(p.band);
    const name = el('th', 'param-name', `${p.name ?? p.figure} (${p.unit})`);
    name.scope = 'row';
    const value = el('td', 'param-value');
    value.dataset.value = JSON.stringify(p.value ?? null);
    if (p.value === null || p.value === undefined) value.textContent = 'no data';
    else writeParts(value, formatPreciseParts(shell.catalogue.describe(shell.catalogue.serviceOf(p.unit), p.figure, p.value).kind, p.value));
    const band = el('td', 'param-band');
    const pill = el('span', 'band-pill', levelKey(p.band) === 'none' ? '—' : String(p.band));
    pill.dataset.band = levelKey(p.band);
    band.append(pill);
    row.append(name, value, band);
    return row;
  }));
}

// ---------------------------------------------------------------------------------------------
// Workspace: declared level, card, log

function renderWorkspace(next) {
  if (!next || typeof next !== 'object') return;
  if (workspace && asOfMs(next.asOf) < asOfMs(workspace.asOf)) return; // an older state arriving late
  workspace = next;
  renderDeclared();
  renderCard();
  renderLog();
}

function renderDeclared() {
  const declared = workspace?.declared ?? null;
  const box = document.getElementById('declared');
  box.dataset.level = levelKey(declared?.level);
  setText(document.getElementById('declared-number'), declared ? opelLabel(declared.level) : 'None declared');
  setText(document.getElementById('declared-words'), declared ? OPEL_LEVELS[declared.level] ?? '' : '');
  let by = '';
  if (declared) {
    by = `Declared by ${declared.declaredBy} at ${formatHourMinute(declared.at)}`;
    if (declared.reason) by += ` — ${declared.reason}`;
    const calculated = system?.opel?.level;
    if (OPEL_LEVELS[calculated] && calculated !== declared.level) by += `. Differs from the calculated OPEL ${calculated}.`;
  }
  setText(document.getElementById('declared-by'), by);
}

function renderCard() {
  const chosen = Number(cardLevel.value) || null;
  const level = chosen ?? levelInForce(workspace, system?.opel);
  const card = cardFor(workspace?.cards, level);
  const section = document.getElementById('cards');
  section.dataset.level = levelKey(level);
  setText(document.getElementById('card-title'), card ? `${opelLabel(level)}: ${card.title}` : 'No level yet: declare one or wait for the figures');
  const list = document.getElementById('card-actions');
  const key = card ? `${level}|${card.actions.join('\u0000')}` : '';
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(...(card?.actions ?? []).map(text => {
    const item = el('li', 'ws-card-action');
    item.dataset.actionText = text;
    const button = el('button', 'ws-add', 'Add to log');
    button.type = 'button';
    button.setAttribute('aria-label', `Add to log: ${text}`);
    button.addEventListener('click', () => addAction(level, text));
    item.append(el('span', 'ws-card-text', text), button);
    return item;
  }));
}

function renderLog() {
  const list = document.getElementById('action-log');
  const actions = orderActions(workspace?.actions);
  list.dataset.count = String(actions.length);
  setText(document.getElementById('log-count'), actions.length > 0 ? `(${actions.length})` : '');
  document.getElementById('log-none').hidden = actions.length > 0;
  const now = serverNow();
  list.replaceChildren(...actions.map(action => {
    const item = el('li', 'ws-action');
    item.dataset.actionId = String(action.id);
    item.dataset.status = action.status;
    const overdue = isOverdue(action, now);
    item.dataset.overdue = String(overdue);
    item.append(el('span', 'ws-action-text', `OPEL ${action.level}: ${action.text}`));
    const facts = el('span', 'ws-action-facts');
    facts.append(
      el('span', 'ws-action-status', STATUS_TEXT[action.status] ?? action.status),
      el('span', null, `Owner: ${action.owner}`),
      el('span', overdue ? 'ws-overdue' : null, `Due ${formatHourMinute(action.due)}${overdue ? ' — overdue' : ''}`),
    );
    item.append(facts);
    const then = OPEL_LEVELS[action.figures?.calculatedLevel] ? `calculated OPEL ${action.figures.calculatedLevel} then` : 'no OPEL then';
    let history = `Added by ${action.createdBy} at ${formatHourMinute(action.createdAt)} (${then})`;
    if (action.updatedBy) history += `; changed by ${action.updatedBy} at ${formatHourMinute(action.updatedAt)}`;
    item.append(el('span', 'ws-muted', history));
    const buttons = el('span', 'ws-action-buttons');
    for (const status of nextStatuses(action.status)) {
      const button = el('button', null, STATUS_ACTION_TEXT[status]);
      button.type = 'button';
      button.dataset.status = status;
      button.setAttribute('aria-label', `${STATUS_ACTION_TEXT[status]}: ${action.text}`);
      button.addEventListener('click', () => updateAction(action, status));
      buttons.append(button);
    }
    item.append(buttons);
    return item;
  }));
}

// ---------------------------------------------------------------------------------------------
// Alerts

function renderAlerts() {
  const active = shell.alerts.active();
  renderAlertList(alertsList, active, unitLabel, acknowledgeForm);
  setText(document.getElementById('alerts-count'), active.length > 0 ? `(${active.length})` : '');
  document.getElementById('alerts-none').hidden = active.length > 0;
}

function unitLabel(unit) {
  return unit === 'BURY' ? 'System' : (unit ?? '');
}

/** An acknowledge form under an alert nobody has acknowledged yet. */
function acknowledgeForm(alert) {
  if (alert.acknowledged) return null;
  const form = el('form', 'ws-ack');
  const label = el('label', 'ws-field ws-grow', 'Note (optional)');
  const note = el('input');
  note.maxLength = 500;
  label.append(note);
  const button = el('button', null, 'Acknowledge');
  button.type = 'submit';
  button.setAttribute('aria-label', `Acknowledge: ${alert.message ?? alert.id}`);
  form.append(label, button);
  form.addEventListener('submit', event => {
    event.preventDefault();
    acknowledge(alert, note.value);
  });
  return form;
}

// ---------------------------------------------------------------------------------------------
// Changes

/** The name typed in "Your name"; says so and returns null when there is none. */
function userName() {
  const name = cleanName(nameInput.value);
  if (name) return name;
  showStatus('Type your name under "Who you are" first: every change is kept with it.', 'error');
  nameInput.focus();
  return null;
}

function showStatus(text, state) {
  formStatus.dataset.state = state;
  setText(formStatus, text);
}

/** Sends a change; the page updates from the push (and from the answer, should the hub be down). */
async function send(method, path, payload, done) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...apiHeaders(), 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
  } catch (error) {
    showStatus(`Not saved: the server did not answer (${error.message}). Try again.`, 'error');
    return false;
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    showStatus(`Not saved: ${problemText(problem) || `${response.status} ${response.statusText}`}`, 'error');
    return false;
  }
  showStatus(done, 'ok');
  await loadWorkspace();
  return true;
}

function addAction(level, text) {
  const by = userName();
  if (!by) return;
  const owner = cleanName(ownerInput.value) || by;
  send('POST', '/api/escalation/actions', { level, text, owner, due: dueIn(Number(dueSelect.value), serverNow()), createdBy: by },
    `Added to the log: ${text} (owner ${owner}).`);
}

function updateAction(action, status) {
  const by = userName();
  if (!by) return;
  send('PATCH', `/api/escalation/actions/${action.id}`, { status, updatedBy: by }, `${action.text}: ${STATUS_TEXT[status].toLowerCase()}.`);
}

function acknowledge(alert, note) {
  const by = userName();
  if (!by) return;
  send('POST', `/api/escalation/alerts/${encodeURIComponent(alert.id)}/acknowledgement`, { by, note: note.trim() || null },
    `Acknowledged: ${alert.message ?? alert.id}.`).then(ok => { if (ok) shell.refreshAlerts(); });
}

function wireForms() {
  nameInput.value = localStorage.getItem(NAME_KEY) ?? '';
  nameInput.addEventListener('change', () => localStorage.setItem(NAME_KEY, cleanName(nameInput.value)));
  dueSelect.replaceChildren(...DUE_IN_MINUTES.map(minutes => {
    const option = el('option', null, formatDueIn(minutes));
    option.value = String(minutes);
    option.selected = minutes === 60;
    return option;
  }));
  cardLevel.addEventListener('change', renderCard);
  document.getElementById('declare-form').addEventListener('submit', event => {
    event.preventDefault();
    const by = userName();
    if (!by) return;
    const level = Number(document.getElementById('declare-level').value);
    const reason = document.getElementById('declare-reason');
    send('POST', '/api/escalation/declarations', { level, declaredBy: by, reason: reason.value.trim() || null }, `OPEL ${level} declared.`)
      .then(ok => { if (ok) reason.value = ''; });
  });
  document.getElementById('other-action-form').addEventListener('submit', event => {
    event.preventDefault();
    const input = document.getElementById('other-action');
    const level = Number(cardLevel.value) || levelInForce(workspace, system?.opel);
    if (!OPEL_LEVELS[level]) {
      showStatus('No level yet: choose a card level first.', 'error');
      return;
    }
    addAction(level, input.value.trim());
    input.value = '';
  });
}

// ---------------------------------------------------------------------------------------------
// Loading and ageing

async function loadWorkspace() {
  try {
    const response = await getApi('/api/escalation/workspace');
    if (response.ok) renderWorkspace(await response.json());
  } catch {
    // Unreachable: the hub reconnects and pushes the state on joining.
  }
}

async function firstPaint() {
  try {
    const response = await getApi('/api/system');
    if (response.ok) renderSystem(await response.json());
    // 503 = not computed yet: the first ReceiveSystem fills it in.
  } catch {
    // Unreachable: the hub connection retries and shows the state.
  }
  await loadWorkspace();
  body.dataset.state = 'live';
}

function tick(connectionState) {
  const asOf = system?.asOf ?? null;
  const stale = asOf ? isStale(asOf) : false;
  body.dataset.asOf = asOf ?? '';
  body.dataset.stale = String(stale);
  document.getElementById('as-of').textContent = asOf ? formatClock(asOf) : '—';
  document.getElementById('as-of-age').textContent = asOf ? formatAge(ageMs(asOf)) : '';
  if (workspace) {
    // Overdue marks follow the clock.
    for (const item of document.querySelectorAll('#action-log li[data-status="open"]')) {
      const action = workspace.actions.find(a => String(a.id) === item.dataset.actionId);
      if (action && String(isOverdue(action, serverNow())) !== item.dataset.overdue) { renderLog(); break; }
    }
  }
  if (joinError) return `The server refused live updates: ${joinError}`;
  if (connectionState === 'reconnecting' || connectionState === 'disconnected') {
    return 'Connection lost — reconnecting. What is shown may be out of date; changes made now may not be saved.';
  }
  if (stale) return `No recent system update (last ${formatClock(asOf)}) — the OPEL level and alerts may be out of date.`;
  return '';
}

wireForms();
shell.start();
