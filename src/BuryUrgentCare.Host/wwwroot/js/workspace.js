// The escalation workspace's pure parts (no DOM, the clock a parameter): which action card is in
// force, the order and wording of the action log, due times, and the requests the page sends.
// escalation.js draws them; node --test imports this.
import { OPEL_LEVELS } from './figures.js';

/** The choices of the "due in" list, in minutes. */
export const DUE_IN_MINUTES = [15, 30, 60, 120, 240, 480];

/** How each status is worded (a word always, never a colour alone). */
export const STATUS_TEXT = { open: 'Open', done: 'Done', cancelled: 'Cancelled' };

/**
 * The level whose card the call works from: the level it declared, else the calculated one; null
 * when there is neither.
 */
export function levelInForce(workspace, opel) {
  const declared = workspace?.declared?.level;
  if (OPEL_LEVELS[declared]) return declared;
  return OPEL_LEVELS[opel?.level] ? opel.level : null;
}

/** The card of a level (the first configured for it), or null. */
export function cardFor(cards, level) {
  return (Array.isArray(cards) ? cards : []).find(card => card?.level === level) ?? null;
}

/** The due time `minutes` from `nowMs`, as an ISO string for the API. */
export function dueIn(minutes, nowMs) {
  return new Date(nowMs + minutes * 60_000).toISOString();
}

/** '15 min', '1 h', '2 h 30 min'. */
export function formatDueIn(minutes) {
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return rest === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${rest} min`;
}

/** An open action whose due time has passed. */
export function isOverdue(action, nowMs) {
  return action?.status === 'open' && Date.parse(action.due) < nowMs;
}

/** The log as the call reads it: open actions first, soonest due first; then the rest, latest change first. */
export function orderActions(actions) {
  const changed = a => Date.parse(a.updatedAt ?? a.createdAt);
  return [...(Array.isArray(actions) ? actions : [])].sort((a, b) => {
    const aOpen = a.status === 'open';
    const bOpen = b.status === 'open';
    if (aOpen !== bOpen) return aOpen ? -1 : 1;
    if (aOpen) return Date.parse(a.due) - Date.parse(b.due) || a.id - b.id;
    return changed(b) - changed(a) || b.id - a.id;
  });
}

/** The status changes offered for an action's status: an open one can be done or cancelled; a closed one reopened. */
export function nextStatuses(status) {
  return status === 'open' ? ['done', 'cancelled'] : ['open'];
}

/** The words of a status button. */
export const STATUS_ACTION_TEXT = { done: 'Mark done', cancelled: 'Cancel', open: 'Reopen' };

/** A name typed in a form, trimmed; '' when there is none. */
export function cleanName(text) {
  return typeof text === 'string' ? text.trim().replace(/\s+/g, ' ') : '';
}

/**
 * What a refused request says, from its problem+json: every field's problems, else the title
 * ('' when the body says nothing useful).
 */
export function problemText(problem) {
  const errors = problem?.errors && typeof problem.errors === 'object' ? Object.values(problem.errors).flat() : [];
  if (errors.length > 0) return errors.join('; ');
  return [problem?.title, problem?.detail].filter(Boolean).join(': ');
}
