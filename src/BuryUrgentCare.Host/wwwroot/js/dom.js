// DOM helpers both pages use: elements (text only — never innerHTML), a figure's value element,
// the connection indicator and the alert list. Reads `document` only when called.
import { formatParts } from './figures.js';
import { SEVERITY_TEXT, formatHourMinute, formatDuration, acknowledgementText } from './alerts.js';

/** Creates an element with a class and optional text (text via textContent, so it is escaped). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Sets textContent only when it differs (no needless DOM mutation every second). */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Replaces a node's children with display parts: text nodes, units in <small class="unit">. */
export function writeParts(node, parts) {
  node.replaceChildren(...parts.map(part =>
    part.unit !== undefined ? el('small', 'unit', part.unit) : document.createTextNode(part.text)));
}

/**
 * Writes a figure into its value element: the display text for `kind`, data-value = the raw JSON
 * value, data-level = `level` (red | amber | ok | none, from the catalogue's levelOf).
 */
export function writeFigure(node, kind, level, value) {
  const raw = value === undefined ? 'null' : JSON.stringify(value);
  if (node.dataset.value === raw && node.dataset.level === level && node.childNodes.length > 0) return;
  writeParts(node, formatParts(kind, value));
  node.dataset.value = raw;
  node.dataset.level = level;
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

/**
 * Draws `alerts` into the list: one <li data-alert-id data-severity data-unit> each. Rebuilds only
 * when the ids or their order change; the "since" times are refreshed by refreshAlertAges.
 * `unitLabel(unit)` names the unit, or returns '' to leave it out (a unit's own wallboard). An
 * acknowledged alert says who acknowledged it and when (li[data-acknowledged="true"]); `extra(alert)`
 * may add a node to each item (the escalation page's acknowledge form).
 */
export function renderAlertList(list, alerts, unitLabel = () => '', extra = null) {
  const key = alerts.map(a => `${a.id}@${a.at}@${a.acknowledged?.by ?? ''}@${a.acknowledged?.at ?? ''}`).join('\u0000');
  list.dataset.count = String(alerts.length);
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(...alerts.map(alert => {
    const item = el('li', 'alert');
    item.dataset.alertId = alert.id;
    item.dataset.severity = SEVERITY_TEXT[alert.severity] ? alert.severity : 'info';
    item.dataset.unit = alert.unit ?? '';
    item.dataset.at = alert.at ?? '';
    // Line 1: what is wrong. Line 2: how bad (word and marker, not colour alone), where, since when.
    item.append(el('span', 'alert-message', alert.message ?? alert.id));
    const meta = el('span', 'alert-meta');
    meta.append(el('span', 'alert-severity', SEVERITY_TEXT[alert.severity] ?? String(alert.severity ?? 'Alert')));
    const label = unitLabel(alert.unit);
    if (label) meta.append(el('span', 'alert-unit', label));
    const since = el('span', 'alert-since');
    const time = el('time', null, formatHourMinute(alert.at));
    time.setAttribute('datetime', alert.at ?? '');
    since.append('since ', time, ' ', el('span', 'alert-age', ''));
    meta.append(since);
    item.append(meta);
    item.dataset.acknowledged = String(Boolean(alert.acknowledged));
    if (alert.acknowledged) item.append(el('span', 'alert-ack', acknowledgementText(alert.acknowledged)));
    const more = extra?.(alert);
    if (more) item.append(more);
    return item;
  }));
  refreshAlertAges(list);
}

/** Updates each alert's "(12 min)"; called every second. */
export function refreshAlertAges(list) {
  for (const item of list.children) {
    const age = item.querySelector('.alert-age');
    const text = `(${formatDuration(item.dataset.at)})`;
    if (age && age.textContent !== text) age.textContent = text;
  }
}
