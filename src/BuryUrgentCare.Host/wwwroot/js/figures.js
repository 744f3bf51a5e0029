// The figure catalogue: how each live figure of shared/METRICS.md is labelled, formatted and
// coloured on screen, and how each service's figures are grouped. Names are the API's, exactly.
// Pure functions and data only, so both pages (and a reader) can check one table.

/** A snapshot whose asOf is older than this is flagged stale: the numbers on the wall are old. */
export const STALE_AFTER_MS = 10_000;

// kinds: count (whole number), minutes (duration in minutes), percent (unrounded share, 0–100)
// levels: { amber, red } thresholds; `above` = worse when higher (value > threshold),
// `below` = worse when lower (value < threshold). The thresholds are local defaults drawn from
// the national standards quoted in METRICS.md, not configuration.
const F = (label, kind, extra = {}) => ({ label, kind, ...extra });

export const FIGURES = {
  // A&E / UTC: flow now
  inDepartment: F('In department', 'count'),
  arrivalsLastHour: F('Arrivals last hour', 'count'),
  longestWaitMinutes: F('Longest wait', 'minutes', { above: { amber: 180, red: 240 } }),
  occupancyPercent: F('Occupancy', 'percent', { above: { amber: 90, red: 100 } }),
  // breaches
  over4Hours: F('Over 4 hours now', 'count', { above: { amber: 0 } }),
  over12Hours: F('Over 12 hours now', 'count', { above: { red: 0 } }),
  twelveHourStaysToday: F('12-hour stays today', 'count', { above: { red: 0 } }),
  trolleyWaitsOver12HoursToday: F('12-hour trolley waits today', 'count', { above: { red: 0 } }),
  // ambulance handover (A&E only): 15 min expected, 30/60 reporting thresholds, 45 max
  ambulancesAwaitingHandover: F('Ambulances waiting', 'count'),
  longestHandoverWaitMinutes: F('Longest handover wait', 'minutes', { above: { amber: 30, red: 60 } }),
  handoversToday: F('Handovers today', 'count'),
  meanHandoverMinutesToday: F('Mean handover today', 'minutes', { above: { amber: 15, red: 30 } }),
  handoversOver30Today: F('Over 30 min', 'count', { above: { amber: 0 } }),
  handoversOver45Today: F('Over 45 min', 'count', { above: { red: 0 } }),
  handoversOver60Today: F('Over 60 min', 'count', { above: { red: 0 } }),
  // awaiting admission (A&E only)
  awaitingBed: F('Awaiting a bed', 'count'),
  longestWaitSinceDecisionMinutes: F('Longest since decision to admit', 'minutes', { above: { amber: 240, red: 720 } }),
  // today
  arrivalsToday: F('Arrivals today', 'count'),
  departuresToday: F('Departures today', 'count'),
  fourHourPerformanceToday: F('4-hour performance', 'percent', { below: { amber: 95, red: 78 } }),
  medianMinutesToAssessmentToday: F('Median to assessment', 'minutes', { above: { amber: 15 } }),
  p95MinutesToAssessmentToday: F('95th centile to assessment', 'minutes'),
  assessedWithin15MinutesToday: F('Assessed ≤ 15 min (ambulance)', 'percent'),
  medianMinutesToSeenToday: F('Median to clinician', 'minutes'),
  leftBeforeTreatmentToday: F('Left before treatment', 'percent'),
  referredToEdToday: F('Referred to A&E today', 'count'),
  // Green Car
  activeIncidents: F('Active incidents', 'count'),
  incidentsToday: F('Incidents today', 'count'),
  nonConveyanceRateToday: F('Non-conveyance', 'percent'),
  edAvoidedToday: F('A&E avoided today', 'count'),
  medianResponseMinutesToday: F('Median response', 'minutes'),
  medianJobCycleMinutesToday: F('Median job cycle', 'minutes'),
  // IVCH: NHS 111 historic standard under 5 % abandoned
  queue: F('Callers queuing', 'count'),
  longestQueueWaitMinutes: F('Longest queue wait', 'minutes'),
  callsToday: F('Calls today', 'count'),
  callsLastHour: F('Calls last hour', 'count'),
  abandonedRateToday: F('Abandoned', 'percent', { above: { red: 5 } }),
  edAvoidanceRateToday: F('A&E avoidance', 'percent'),
  gpBookedToday: F('GP appointments booked', 'count'),
  // maps (rendered as bar rows)
  byStage: F('By stage', 'map'),
  byAcuity: F('By acuity', 'map'),
  outcomesToday: F('Outcomes today', 'map'),
  dispositionsToday: F('Dispositions today', 'map'),
};

/** Keys of the map figures in display order, with labels; keys not listed follow, by name. */
export const MAP_KEYS = {
  byStage: [
    ['awaitingAssessment', 'Awaiting assessment'],
    ['awaitingClinician', 'Awaiting clinician'],
    ['underTreatment', 'Under treatment'],
    ['awaitingBed', 'Awaiting bed'],
  ],
  // ECDS acuity = Manchester Triage colours
  byAcuity: [
    ['1', '1 Immediate'],
    ['2', '2 Very urgent'],
    ['3', '3 Urgent'],
    ['4', '4 Standard'],
    ['5', '5 Non-urgent'],
    ['unknown', 'Not yet triaged'],
  ],
  outcomesToday: [
    ['see-and-treat', 'See and treat'],
    ['see-and-refer', 'See and refer'],
    ['conveyed-ed', 'Conveyed to A&E'],
    ['conveyed-utc', 'Conveyed to UTC'],
    ['conveyed-other', 'Conveyed elsewhere'],
  ],
  dispositionsToday: [
    ['self-care', 'Self-care'],
    ['pharmacy', 'Pharmacy'],
    ['gp-in-hours', 'GP in hours'],
    ['gp-extended-hours', 'GP extended hours'],
    ['gp-out-of-hours', 'GP out of hours'],
    ['utc', 'UTC'],
    ['ed', 'A&E'],
    ['ambulance', 'Ambulance'],
  ],
};

const ED_NOW = ['inDepartment', 'longestWaitMinutes', 'arrivalsLastHour', 'occupancyPercent'];
const ED_TODAY = [
  'fourHourPerformanceToday', 'arrivalsToday', 'departuresToday',
  'medianMinutesToAssessmentToday', 'p95MinutesToAssessmentToday', 'assessedWithin15MinutesToday',
  'medianMinutesToSeenToday', 'leftBeforeTreatmentToday',
];

/**
 * Per service: its label, the wallboard's groups (`area` places a group on the wallboard grid,
 * `big` marks the figures to show largest) and the overview card's headline figures.
 */
export const SERVICES = {
  ae: {
    label: 'A&E',
    groups: [
      { id: 'now', title: 'Flow now', area: 'now', figures: ED_NOW, big: true, maps: ['byStage', 'byAcuity'] },
      { id: 'breaches', title: 'Breaches', area: 'breach', figures: ['over4Hours', 'over12Hours', 'twelveHourStaysToday', 'trolleyWaitsOver12HoursToday'] },
      { id: 'handover', title: 'Ambulance handover', area: 'handover', figures: ['ambulancesAwaitingHandover', 'longestHandoverWaitMinutes', 'handoversToday', 'meanHandoverMinutesToday', 'handoversOver30Today', 'handoversOver45Today', 'handoversOver60Today'] },
      { id: 'admission', title: 'Awaiting admission', area: 'admission', figures: ['awaitingBed', 'longestWaitSinceDecisionMinutes'] },
      { id: 'today', title: 'Today', area: 'today', figures: ED_TODAY },
    ],
    headline: ['inDepartment', 'longestWaitMinutes', 'over4Hours', 'fourHourPerformanceToday', 'arrivalsLastHour', 'occupancyPercent', 'ambulancesAwaitingHandover', 'longestHandoverWaitMinutes'],
  },
  utc: {
    label: 'UTC',
    groups: [
      { id: 'now', title: 'Flow now', area: 'now', figures: ED_NOW, big: true, maps: ['byStage', 'byAcuity'] },
      { id: 'breaches', title: 'Breaches', area: 'breach', figures: ['over4Hours', 'over12Hours', 'twelveHourStaysToday'] },
      { id: 'today', title: 'Today', area: 'today', figures: [...ED_TODAY, 'referredToEdToday'] },
    ],
    headline: ['inDepartment', 'longestWaitMinutes', 'over4Hours', 'fourHourPerformanceToday', 'arrivalsLastHour', 'occupancyPercent'],
  },
  greencar: {
    label: 'Green Car',
    groups: [
      { id: 'now', title: 'Now', area: 'now', figures: ['activeIncidents'], big: true, maps: ['outcomesToday'] },
      { id: 'today', title: 'Today', area: 'today', figures: ['incidentsToday', 'nonConveyanceRateToday', 'edAvoidedToday', 'medianResponseMinutesToday', 'medianJobCycleMinutesToday'] },
    ],
    headline: ['activeIncidents', 'incidentsToday', 'nonConveyanceRateToday'],
  },
  ivch: {
    label: 'IVCH',
    groups: [
      { id: 'now', title: 'Now', area: 'now', figures: ['queue', 'longestQueueWaitMinutes', 'callsLastHour'], big: true, maps: ['dispositionsToday'] },
      { id: 'today', title: 'Today', area: 'today', figures: ['callsToday', 'medianMinutesToAssessmentToday', 'abandonedRateToday', 'edAvoidanceRateToday', 'gpBookedToday'] },
    ],
    headline: ['queue', 'longestQueueWaitMinutes', 'callsToday', 'edAvoidanceRateToday'],
  },
};

/** The catalogue entry for a figure, guessing kind from the name for figures added later. */
export function describe(name, value) {
  const known = FIGURES[name];
  if (known) return known;
  if (value !== null && typeof value === 'object') return F(humanise(name), 'map');
  if (/Minutes/.test(name)) return F(humanise(name), 'minutes');
  if (/(Rate|Percent|Performance|Within)/.test(name)) return F(humanise(name), 'percent');
  return F(humanise(name), 'count');
}

/** A service's layout; an unknown service gets one group with whatever figures it has. */
export function layoutFor(service, figures) {
  const known = SERVICES[service];
  if (known) return known;
  const names = Object.keys(figures ?? {});
  return {
    label: service ? String(service).toUpperCase() : 'Unit',
    groups: [{
      id: 'figures', title: 'Figures', area: 'now',
      figures: names.filter(n => describe(n, figures[n]).kind !== 'map'),
      maps: names.filter(n => describe(n, figures[n]).kind === 'map'),
    }],
    headline: names.filter(n => describe(n, figures[n]).kind !== 'map').slice(0, 6),
  };
}

/** Every figure name a layout shows (scalars and maps). */
export function namesIn(layout) {
  return layout.groups.flatMap(g => [...g.figures, ...(g.maps ?? [])]);
}

/** 'awaitingAssessment' → 'Awaiting assessment', 'gp-out-of-hours' → 'Gp out of hours'. */
export function humanise(key) {
  const words = String(key).replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Map entries in display order: known keys first, then any others by name. The maps are counts
 * by category, so a known category the server left out has a count of 0; only a map that is
 * itself absent shows every row as "—".
 */
export function mapEntries(name, map) {
  const known = MAP_KEYS[name] ?? [];
  const present = map !== null && typeof map === 'object';
  const entries = known.map(([key, label]) => [key, label, present ? (map[key] ?? 0) : null]);
  const others = Object.keys(present ? map : {}).filter(k => !known.some(([key]) => key === k)).sort();
  return entries.concat(others.map(k => [k, humanise(k), map[k]]));
}

/**
 * Display parts of a value: [{ text, unit? }...]. Absent (null/undefined) is an em dash, never 0.
 * Percentages are rounded to whole numbers here (the API sends them unrounded).
 */
export function formatParts(kind, value) {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
    return [{ text: '—' }];
  }
  if (typeof value !== 'number') return [{ text: String(value) }];
  switch (kind) {
    case 'percent':
      return [{ text: String(Math.round(value)) }, { unit: '%' }];
    case 'minutes': {
      if (value < 60) {
        // medians of an even count can be x.5; keep one decimal rather than hide it
        const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
        return [{ text: shown }, { unit: ' min' }];
      }
      const whole = Math.floor(value);
      const hours = Math.floor(whole / 60);
      const mins = whole % 60;
      return [{ text: String(hours) }, { unit: 'h ' }, { text: String(mins).padStart(2, '0') }, { unit: 'm' }];
    }
    default:
      return [{ text: Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toFixed(1) }];
  }
}

/** Plain-text rendering of a value (what the element's textContent ends up as). */
export function formatText(kind, value) {
  return formatParts(kind, value).map(p => p.text ?? p.unit).join('');
}

/** 'red' | 'amber' | 'ok' for a figure with thresholds, 'none' otherwise (and for absent values). */
export function levelOf(name, value) {
  const def = FIGURES[name];
  if (!def || typeof value !== 'number' || !Number.isFinite(value)) return 'none';
  if (def.above) {
    if (def.above.red !== undefined && value > def.above.red) return 'red';
    if (def.above.amber !== undefined && value > def.above.amber) return 'amber';
    return 'ok';
  }
  if (def.below) {
    if (def.below.red !== undefined && value < def.below.red) return 'red';
    if (def.below.amber !== undefined && value < def.below.amber) return 'amber';
    return 'ok';
  }
  return 'none';
}

/**
 * Like formatParts, but keeps one decimal on percentages: an OPEL parameter's band turns on exact
 * thresholds (2 %, 5 %, 78 %), so "4.8 %" must not read as "5 %" beside a band that says otherwise.
 */
export function formatPreciseParts(kind, value) {
  if (kind === 'percent' && typeof value === 'number' && Number.isFinite(value)) {
    return [{ text: Number.isInteger(value) ? String(value) : value.toFixed(1) }, { unit: '%' }];
  }
  return formatParts(kind, value);
}

// ---------------------------------------------------------------------------------------------
// OPEL (Operational Pressures Escalation Levels). Levels are coloured as the NHS colours them —
// 1 green, 2 amber, 3 red, 4 black — and always carry their number and words as well.

/** Short wording of each level, after the integrated OPEL framework 2024–26's descriptions. */
export const OPEL_LEVELS = {
  1: 'Meeting demand',
  2: 'Signs of pressure',
  3: 'Major pressure',
  4: 'Extreme pressure',
};

/** 'OPEL 3' for a level 1–4, 'OPEL —' when there is none (no parameter has data yet). */
export function opelLabel(level) {
  return OPEL_LEVELS[level] ? `OPEL ${level}` : 'OPEL —';
}

/** '1'…'4' for data-level / data-band attributes, 'none' when absent. */
export function levelKey(level) {
  return OPEL_LEVELS[level] ? String(level) : 'none';
}
