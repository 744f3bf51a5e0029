// Where each live figure sits on the pages, and the pure functions that turn the figure catalogue
// (GET /api/figures: labels, kinds, units, thresholds, map keys, all from the C# side) and a value
// into what is shown. No DOM, no clock, no fetch: node --test imports this module as it is.

const ED_NOW = ['inDepartment', 'longestWaitMinutes', 'arrivalsLastHour', 'occupancyPercent'];
const ED_TODAY = [
  // the last 24 hours beside today: what OPEL scores while few have departed since midnight (hazard H26)
  'fourHourPerformanceToday', 'fourHourPerformanceLast24Hours', 'arrivalsToday', 'departuresToday',
  'medianMinutesToAssessmentToday', 'p95MinutesToAssessmentToday', 'assessedWithin15MinutesToday',
  'medianMinutesToSeenToday', 'leftBeforeTreatmentToday',
  // data quality: stays held unverified because the departure was stamped before the arrival
  'timeOrderErrorsToday',
];
// Records the wall cannot vouch for, shown in words on every wallboard (hazards H16, H23): open episodes with no event
// for too long or missing from the source's census (out of the live counts), census entries we never saw start, and
// events held without their episode's start.
const CHECKS = ['unverifiedNoRecentEvent', 'unverifiedNotInCensus', 'inCensusNoArrival', 'heldNoArrival'];
const checks = { id: 'checks', title: 'Records to check', area: 'other', figures: CHECKS };

/**
 * Per service: the wallboard's groups (`area` places a group on the wallboard grid, `big` marks the
 * figures to show largest, `maps` are drawn as bar rows) and the overview card's headline figures.
 * Names only: what a figure is called, its kind and its thresholds come from the catalogue.
 */
export const SERVICES = {
  ae: {
    groups: [
      { id: 'now', title: 'Flow now', area: 'now', figures: ED_NOW, big: true, maps: ['byStage', 'byAcuity'] },
      { id: 'breaches', title: 'Breaches', area: 'breach', figures: ['over4Hours', 'over12Hours', 'over12HoursSinceDecision', 'twelveHourStaysToday', 'trolleyWaitsOver12HoursToday'] },
      { id: 'handover', title: 'Ambulance handover', area: 'handover', figures: ['ambulancesAwaitingHandover', 'ambulancesWaitingOver45Minutes', 'longestHandoverWaitMinutes', 'handoversToday', 'meanHandoverMinutesToday', 'handedOverWithin15MinutesToday', 'handoversOver30Today', 'handoversOver45Today', 'handoversOver60Today', 'handoverMinutesLostToday', 'handoverTimeErrorsToday'] },
      { id: 'admission', title: 'Referral and admission', area: 'admission', figures: ['referredToSpecialty', 'referredToSpecialtyPercent', 'awaitingBed', 'longestWaitSinceDecisionMinutes'] },
      { id: 'today', title: 'Today', area: 'today', figures: [...ED_TODAY, 'streamedToUtcToday'] },
      checks,
    ],
    headline: ['inDepartment', 'longestWaitMinutes', 'over4Hours', 'fourHourPerformanceToday', 'arrivalsLastHour', 'occupancyPercent', 'ambulancesAwaitingHandover', 'longestHandoverWaitMinutes'],
  },
  utc: {
    groups: [
      { id: 'now', title: 'Flow now', area: 'now', figures: ED_NOW, big: true, maps: ['byStage', 'byAcuity'] },
      { id: 'breaches', title: 'Breaches', area: 'breach', figures: ['over4Hours', 'over12Hours', 'twelveHourStaysToday'] },
      { id: 'today', title: 'Today', area: 'today', figures: [...ED_TODAY, 'referredToEdToday'] },
      checks,
    ],
    headline: ['inDepartment', 'longestWaitMinutes', 'over4Hours', 'fourHourPerformanceToday', 'arrivalsLastHour', 'occupancyPercent'],
  },
  greencar: {
    groups: [
      { id: 'now', title: 'Now', area: 'now', figures: ['activeIncidents'], big: true, maps: ['outcomesToday'] },
      { id: 'today', title: 'Today', area: 'today', figures: ['incidentsToday', 'nonConveyanceRateToday', 'edAvoidedToday', 'nonEdDispositionsToday', 'medianResponseMinutesToday', 'medianJobCycleMinutesToday'] },
      checks,
    ],
    headline: ['activeIncidents', 'incidentsToday', 'nonConveyanceRateToday'],
  },
  ivch: {
    groups: [
      { id: 'now', title: 'Now', area: 'now', figures: ['queue', 'longestQueueWaitMinutes', 'callsLastHour'], big: true, maps: ['dispositionsToday'] },
      { id: 'today', title: 'Today', area: 'today', figures: ['callsToday', 'medianMinutesToAssessmentToday', 'abandonedRateToday', 'edAvoidanceRateToday', 'gpBookedToday'] },
      checks,
    ],
    headline: ['queue', 'longestQueueWaitMinutes', 'callsToday', 'edAvoidanceRateToday'],
  },
};

/**
 * The level of a value against one figure's thresholds, inclusive at both bands (the OPEL
 * profile's rule): higherIsWorse → red when value ≥ red, else amber when value ≥ amber, else ok;
 * lowerIsWorse → red when value ≤ red, else amber when value ≤ amber, else ok. Either band may be
 * missing. 'none' when there are no thresholds (or no band, or an unknown direction) or the value
 * is absent or not a finite number.
 */
export function levelFor(thresholds, value) {
  if (!thresholds || typeof value !== 'number' || !Number.isFinite(value)) return 'none';
  const red = finiteOrNull(thresholds.red);
  const amber = finiteOrNull(thresholds.amber);
  if (red === null && amber === null) return 'none';
  switch (thresholds.direction) {
    case 'higherIsWorse':
      if (red !== null && value >= red) return 'red';
      if (amber !== null && value >= amber) return 'amber';
      return 'ok';
    case 'lowerIsWorse':
      if (red !== null && value <= red) return 'red';
      if (amber !== null && value <= amber) return 'amber';
      return 'ok';
    default:
      return 'none';
  }
}

function finiteOrNull(x) {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/**
 * A figure the catalogue does not know (the server sent it before the catalogue caught up, or a
 * service the catalogue lacks): labelled from its name, kind guessed from the value and the name.
 * `guessed: true` says so, for anyone who wants to mark it.
 */
export function guessFigure(name, value) {
  const label = humanise(name);
  if (value !== null && typeof value === 'object') return { name, label, kind: 'map', thresholds: null, guessed: true };
  if (/Minutes/.test(name)) return { name, label, kind: 'minutes', unit: 'min', thresholds: null, guessed: true };
  if (/(Rate|Percent|Performance|Within)/.test(name)) return { name, label, kind: 'percent', unit: '%', thresholds: null, guessed: true };
  return { name, label, kind: 'count', thresholds: null, guessed: true };
}

/**
 * GET /api/figures, indexed. Construction checks the shape and throws on anything it cannot use,
 * so a page shows its error state rather than a wall of guessed labels.
 */
export class Catalogue {
  constructor(json) {
    if (!json || typeof json !== 'object' || !Array.isArray(json.services)) {
      throw new TypeError('figure catalogue: "services" must be an array');
    }
    /** service → { label, figures: Map name → figure } */
    this.services = new Map();
    for (const entry of json.services) {
      if (!entry || typeof entry.service !== 'string' || !Array.isArray(entry.figures)) {
        throw new TypeError('figure catalogue: every service needs "service" and "figures"');
      }
      this.services.set(entry.service, {
        label: typeof entry.label === 'string' ? entry.label : entry.service,
        figures: indexFigures(entry.figures, entry.service),
      });
    }
    /** unit → { name, service, thresholds: { figure → thresholds } } */
    this.units = new Map();
    for (const entry of Array.isArray(json.units) ? json.units : []) {
      if (!entry || typeof entry.unit !== 'string') throw new TypeError('figure catalogue: every unit needs "unit"');
      this.units.set(entry.unit, {
        name: entry.name,
        service: entry.service,
        thresholds: entry.thresholds && typeof entry.thresholds === 'object' ? entry.thresholds : {},
      });
    }
    this.system = indexFigures(Array.isArray(json.system?.figures) ? json.system.figures : [], 'system');
  }

  /** The service's display label ('A&E'); an unknown service in capitals, none at all 'Unit'. */
  serviceLabel(service) {
    return this.services.get(service)?.label ?? (service ? String(service).toUpperCase() : 'Unit');
  }

  /** The service of a unit the catalogue lists (undefined otherwise). */
  serviceOf(unit) {
    return this.units.get(unit)?.service;
  }

  /**
   * A service's figure: { name, label, kind, unit?, description?, thresholds, keys? } as the
   * catalogue has it, else guessed from the name and value (see guessFigure).
   */
  describe(service, name, value) {
    return this.services.get(service)?.figures.get(name) ?? guessFigure(name, value);
  }

  /**
   * A system figure (GET /api/system). The catalogue names the deflection total 'deflectionToday',
   * the page's element 'deflectionToday.total': both find it.
   */
  describeSystem(name, value) {
    return this.system.get(name) ?? this.system.get(name.replace(/\.total$/, '')) ?? guessFigure(name, value);
  }

  /**
   * The thresholds in force for a unit's figure: the unit's resolved set when the catalogue lists
   * the unit (a figure missing from it has none there), else the service figure's defaults.
   */
  thresholdsFor(unit, name, service) {
    const listed = this.units.get(unit);
    if (listed) return listed.thresholds[name] ?? null;
    return this.services.get(service)?.figures.get(name)?.thresholds ?? null;
  }

  /** 'red' | 'amber' | 'ok' | 'none' for a unit's figure (levelFor over thresholdsFor). */
  levelOf(unit, name, value, service) {
    return levelFor(this.thresholdsFor(unit, name, service), value);
  }

  /** 'red' | 'amber' | 'ok' | 'none' for a system figure. */
  systemLevelOf(name, value) {
    return levelFor(this.describeSystem(name, value).thresholds, value);
  }

  /**
   * A map figure's rows in display order as [key, label, value]: the catalogue's keys first, then
   * any others by name. The maps are counts by category, so a listed category the server left out
   * has a count of 0; only a map that is itself absent shows every row as null ("—").
   */
  mapEntries(service, name, map) {
    const known = (this.describe(service, name, {}).keys ?? []).filter(k => k && typeof k.key === 'string');
    const present = map !== null && typeof map === 'object';
    const entries = known.map(({ key, label }) => [key, label ?? humanise(key), present ? (map[key] ?? 0) : null]);
    const listed = new Set(known.map(k => k.key));
    const others = Object.keys(present ? map : {}).filter(k => !listed.has(k)).sort();
    return entries.concat(others.map(k => [k, humanise(k), map[k]]));
  }
}

function indexFigures(figures, where) {
  const byName = new Map();
  for (const figure of figures) {
    if (!figure || typeof figure.name !== 'string' || typeof figure.kind !== 'string') {
      throw new TypeError(`figure catalogue: a figure of ${where} lacks "name" or "kind"`);
    }
    byName.set(figure.name, {
      ...figure,
      label: typeof figure.label === 'string' ? figure.label : humanise(figure.name),
      thresholds: figure.thresholds ?? null,
    });
  }
  return byName;
}

/**
 * A service's layout; an unknown service gets one group with whatever figures its snapshot has,
 * scalars and maps told apart by the catalogue (or by guessing).
 */
export function layoutFor(catalogue, service, figures) {
  const known = SERVICES[service];
  if (known) return known;
  const names = Object.keys(figures ?? {});
  const isMap = n => catalogue.describe(service, n, figures[n]).kind === 'map';
  return {
    groups: [{
      id: 'figures', title: 'Figures', area: 'now',
      figures: names.filter(n => !isMap(n)),
      maps: names.filter(isMap),
    }],
    headline: names.filter(n => !isMap(n)).slice(0, 6),
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

/**
 * Whether an OPEL assessment had every input: 'incomplete' (a parameter without data, or scored
 * from a silent feed — with or without a level), 'complete' (a level from every input) or 'none'
 * (nothing assessed yet). A level from missing inputs can be too low: the pages must say so in
 * words (hazard H18), not leave a bare number.
 */
export function opelCompleteness(opel) {
  const missing = Array.isArray(opel?.missing) ? opel.missing : [];
  const stale = Array.isArray(opel?.stale) ? opel.stale : [];
  if (missing.length > 0 || stale.length > 0) return 'incomplete';
  return OPEL_LEVELS[opel?.level] ? 'complete' : 'none';
}

/**
 * The calculated level and its completeness in words, as the sitrep says it on the server:
 * 'OPEL 2 — complete: every parameter has current data', 'OPEL 2 — incomplete: no data for X, Y;
 * stale: Z', 'OPEL not calculated — no figures yet'.
 */
export function opelCompletenessText(opel) {
  const level = OPEL_LEVELS[opel?.level] ? opel.level : null;
  const head = level !== null ? `OPEL ${level}` : 'OPEL not calculated';
  const missing = Array.isArray(opel?.missing) ? opel.missing : [];
  const stale = Array.isArray(opel?.stale) ? opel.stale : [];
  if (missing.length === 0 && stale.length === 0) {
    return level === null ? `${head} — no figures yet` : `${head} — complete: every parameter has current data`;
  }
  const parts = [];
  if (missing.length > 0) parts.push(`no data for ${missing.join(', ')}`);
  if (stale.length > 0) parts.push(`stale: ${stale.join(', ')}`);
  return `${head} — incomplete: ${parts.join('; ')}`;
}

/** Minutes of a .NET TimeSpan as System.Text.Json writes it ('00:15:00', '1.00:00:00'); null when it is not one. */
function timeSpanMinutes(value) {
  const m = typeof value === 'string' ? /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(value) : null;
  return m ? Number(m[1] ?? 0) * 1440 + Number(m[2]) * 60 + Number(m[3]) : null;
}

/**
 * The change of the announced level being held back (hazard H25), in words, as both pages say it:
 * 'Calculated OPEL 3 since 09:01: announced at 09:16 if it holds (15 min up, 60 min down)'; '' when the
 * calculated level is the announced one. `formatAt` writes an instant (the pages: London hour and minute).
 */
export function opelPendingText(opel, formatAt) {
  const pending = opel?.pending;
  if (!pending || !OPEL_LEVELS[pending.level]) return '';
  const up = timeSpanMinutes(opel.escalateAfter);
  const down = timeSpanMinutes(opel.deescalateAfter);
  const holds = up !== null && down !== null ? ` (${up} min up, ${down} min down)` : '';
  return `Calculated OPEL ${pending.level} since ${formatAt(pending.since)}: announced at ${formatAt(pending.takesEffectAt)} if it holds${holds}`;
}

/**
 * Where each input with a minimum sample came from (hazard H26), in words:
 * '4-hour performance (%): rolling 24 h (7 departures since midnight)'; '' when no parameter says.
 */
export function opelWindowsText(opel) {
  const parameters = Array.isArray(opel?.parameters) ? opel.parameters : [];
  return parameters.filter(p => typeof p.window === 'string' && p.window).map(p => `${p.name ?? p.figure}: ${p.window}`).join('; ');
}
