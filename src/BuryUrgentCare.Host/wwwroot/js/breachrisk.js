// The breach-risk list of a department (GET /api/units/{unit}/breach-risk): its own page
// (/breach-risk/{unit}) and a panel on the wallboard. Patients appear only as the pseudonym the
// server derives from the episode's subject; nothing else about a person is sent or shown.
// Pure parts (riskFlags, formatMinutes, summaryOf) are node-tested; startBreachRiskList touches the
// DOM when called. Refreshed every REFRESH_MS: waits move with the clock, not only with events.
//
// DOM contract: the container gets data-state = loading | live | error | not-department and
// data-count; each row is tr[data-patient][data-flags] (flags: over12 over4 within-hour awaiting-specialty
// awaiting-bed).
import { el, setText } from './dom.js';
import { apiHeaders } from './access.js';

export const REFRESH_MS = 15_000;

const STAGE_TEXT = {
  awaitingAssessment: 'Awaiting assessment',
  awaitingClinician: 'Awaiting clinician',
  underTreatment: 'Under treatment',
  awaitingBed: 'Awaiting bed',
};

/** A specialty code (docs/integrators.md, closed list) in words: `trauma-orthopaedics` → "trauma and orthopaedics". */
export function specialtyText(code) {
  const words = { 'trauma-orthopaedics': 'trauma and orthopaedics', ent: 'ENT', 'elderly-care': 'care of the elderly', other: 'another specialty' };
  return words[code] ?? String(code ?? 'a specialty').replaceAll('-', ' ');
}

/** 75 → "1 h 15 min", 40 → "40 min", 0 → "0 min". */
export function formatMinutes(minutes) {
  const m = Math.abs(Math.trunc(minutes));
  const h = Math.floor(m / 60);
  return h === 0 ? `${m} min` : `${h} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The patient's flags, most serious first, each with its words: colour never carries one alone. */
export function riskFlags(p) {
  const flags = [];
  if (p.over12Hours) flags.push({ key: 'over12', text: '12 h+ in department' });
  else if (p.over4Hours) flags.push({ key: 'over4', text: `Breached 4 h ${formatMinutes(-p.minutesToFourHours)} ago` });
  if (p.breachesWithinHour) flags.push({ key: 'within-hour', text: `Breaches 4 h in ${formatMinutes(p.minutesToFourHours)}` });
  if (p.awaitingSpecialtySince) {
    flags.push({ key: 'awaiting-specialty', text: `Awaiting ${specialtyText(p.specialty)} ${formatMinutes(p.minutesSinceReferral ?? 0)}` });
  }
  if (p.awaitingBedSince) flags.push({ key: 'awaiting-bed', text: `Bed awaited ${formatMinutes(p.minutesSinceDecision ?? 0)}` });
  return flags;
}

/**
 * One line about the list: counts of each kind, for the heading and a screen reader. The server's counts cover every
 * patient at risk (its list holds at most the 250 longest waits); a list without them is counted here.
 */
export function summaryOf(list) {
  const patients = list?.patients ?? [];
  const count = key => patients.filter(p => riskFlags(p).some(f => f.key === key)).length;
  const within = list?.breachesWithinHour ?? count('within-hour');
  const over4 = list?.over4Hours ?? count('over4') + count('over12');
  const over12 = list?.over12Hours ?? count('over12');
  const specialty = list?.awaitingSpecialty ?? count('awaiting-specialty');
  const bed = list?.awaitingBed ?? count('awaiting-bed');
  return `${within} breach within the hour · ${over4} over 4 h (${over12} over 12 h) · ${specialty} awaiting a specialty · ${bed} awaiting a bed`;
}

/** How many are at risk: the server's count of everyone, which the list may hold only the first of. */
export function atRiskOf(list) {
  return list?.atRisk ?? (list?.patients ?? []).length;
}

function clock(iso) {
  return new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
}

function row(p) {
  const flags = riskFlags(p);
  const tr = el('tr');
  tr.dataset.patient = p.patient;
  tr.dataset.flags = flags.map(f => f.key).join(' ');
  const patient = el('th', 'risk-patient', p.patient);
  patient.scope = 'row';
  const flagCell = el('td', 'risk-flags');
  flagCell.append(...flags.map(f => el('span', `risk-flag risk-${f.key}`, f.text)));
  tr.append(
    patient,
    el('td', 'risk-acuity', p.acuity ? `${p.acuity}` : '?'),
    el('td', 'risk-stage', STAGE_TEXT[p.stage] ?? p.stage),
    el('td', 'risk-wait', `${formatMinutes(p.minutesInDepartment)} (since ${clock(p.arrived)})`),
    el('td', 'risk-to-breach', p.minutesToFourHours >= 0 ? `in ${formatMinutes(p.minutesToFourHours)}` : `${formatMinutes(-p.minutesToFourHours)} ago`),
    flagCell,
  );
  return tr;
}

/**
 * Fills `container` (holding a table with a tbody, and elements .risk-summary and .risk-as-of) with
 * the unit's list and keeps it fresh. `limit` caps the rows (a wallboard panel shows the top few).
 * Returns { refresh, stop }.
 */
export function startBreachRiskList(container, unit, { limit = Infinity } = {}) {
  const tbody = container.querySelector('tbody');
  const summary = container.querySelector('.risk-summary');
  const asOf = container.querySelector('.risk-as-of');
  let timer = null;
  container.dataset.state = 'loading';

  async function refresh() {
    try {
      const response = await fetch(`/api/units/${encodeURIComponent(unit)}/breach-risk`, { headers: apiHeaders() });
      if (response.status === 400 || response.status === 404) {
        container.dataset.state = 'not-department';
        container.hidden = true;
        stop();
        return;
      }
      if (!response.ok) throw new Error(response.status === 503 ? 'the figures are not live yet' : `the server answered ${response.status}`);
      const list = await response.json();
      const patients = list.patients ?? [];
      tbody.replaceChildren(...patients.slice(0, limit).map(row));
      if (patients.length === 0) {
        const empty = el('tr');
        const cell = el('td', 'risk-none', 'No patient near or past 4 hours, and no one waiting for a specialty or a bed.');
        cell.colSpan = 6;
        empty.append(cell);
        tbody.append(empty);
      }
      const total = atRiskOf(list);
      const shown = Math.min(limit, patients.length);
      setText(summary, summaryOf(list) + (total > shown ? ` · top ${shown} of ${total} shown` : ''));
      setText(asOf, `as of ${clock(list.asOf)}, ${list.inDepartment} in department`);
      container.dataset.count = String(patients.length);
      container.dataset.state = 'live';
    } catch (error) {
      container.dataset.state = 'error';
      setText(summary, `Breach-risk list unavailable: ${error.message}. Retrying.`);
    }
  }

  function stop() {
    clearInterval(timer);
    timer = null;
  }

  refresh();
  timer = setInterval(refresh, REFRESH_MS);
  return { refresh, stop };
}
