// The commissioners' page's data, pure: the rows it draws, tabulates and exports, built from
// GET /api/trends/deflection and GET /api/trends/department; period labels; the period comparison;
// CSV. No DOM: node tests it (tests/pages/trends.test.mjs).

/** The steps the trends API offers, with how many periods the page asks for by default. */
export const STEPS = {
  day: { label: 'Day', periods: 90 },
  week: { label: 'Week', periods: 26 },
  month: { label: 'Month', periods: 12 },
};

/** The measures a row carries, in table and CSV order: key, heading, kind. */
export const MEASURES = [
  { key: 'greenCarEdAvoided', heading: 'Green Car: kept from A&E', kind: 'count' },
  { key: 'ivchEdAvoided', heading: 'IVCH: kept from A&E', kind: 'count' },
  { key: 'deflectionTotal', heading: 'Total kept from A&E', kind: 'count' },
  { key: 'edAttendances', heading: 'A&E attendances', kind: 'count' },
  { key: 'edFourHourPerformance', heading: 'A&E 4-hour performance (%)', kind: 'percent' },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The label of a period starting at `start` (ISO 8601 with London's offset, as the API sends it:
 * the local date is its first ten characters): "Mon 3 Nov 2026" for a day, "w/c 3 Nov 2026" for a
 * week, "Nov 2026" for a month.
 */
export function periodLabel(start, step) {
  const [year, month, day] = start.slice(0, 10).split('-').map(Number);
  if (step === 'month') return `${MONTHS[month - 1]} ${year}`;
  const date = `${day} ${MONTHS[month - 1]} ${year}`;
  if (step === 'week') return `w/c ${date}`;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  return `${weekday} ${date}`;
}

/**
 * One row per period: the deflection and the A&E's figures side by side. `simulated` is true when
 * any day of the period is simulated history (the backfill), `partial` when the period has fewer
 * days of history than days (a gap, or the period has not ended). The two answers must have the
 * same step and periods (asked with the same from/to/step); a period missing from one gets nulls.
 */
export function buildRows(deflection, department) {
  const byStart = new Map((department?.buckets ?? []).map(b => [b.start, b]));
  return (deflection?.buckets ?? []).map(b => {
    const ed = byStart.get(b.start);
    const lengthDays = Math.round((Date.parse(b.end) - Date.parse(b.start)) / 86_400_000);
    const days = Math.max(b.days ?? 0, ed?.days ?? 0);
    return {
      start: b.start,
      end: b.end,
      label: periodLabel(b.start, deflection.step),
      days,
      lengthDays,
      simulatedDays: Math.max(b.simulatedDays ?? 0, ed?.simulatedDays ?? 0),
      simulated: (b.simulatedDays ?? 0) > 0 || (ed?.simulatedDays ?? 0) > 0,
      partial: days < lengthDays,
      greenCarEdAvoided: b.greenCarEdAvoided ?? null,
      ivchEdAvoided: b.ivchEdAvoided ?? null,
      deflectionTotal: b.total ?? null,
      edAttendances: ed?.attendances ?? null,
      edFourHourPerformance: ed?.fourHourPerformance ?? null,
    };
  });
}

/** The rows from the first period with any history on: the periods before the history began say nothing. */
export function fromFirstData(rows) {
  const first = rows.findIndex(r => r.days > 0);
  return first < 0 ? rows : rows.slice(first);
}

/** The mean of the non-null numbers, or null when there are none. */
export function meanOf(values) {
  const present = values.filter(v => typeof v === 'number' && Number.isFinite(v));
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}

/**
 * Compares the last `n` complete periods with the `n` before them, measure by measure: the mean per
 * period of each, the change and the change in percent (null without both means, or from 0).
 * Incomplete periods (partial: a gap, or the current period) are left out, so a half-finished week
 * never looks like a fall.
 */
export function comparePeriods(rows, n) {
  const complete = rows.filter(r => !r.partial);
  const recent = complete.slice(-n);
  const before = complete.slice(-2 * n, -n);
  return {
    recent: { count: recent.length, from: recent[0]?.label ?? null, to: recent.at(-1)?.label ?? null },
    before: { count: before.length, from: before[0]?.label ?? null, to: before.at(-1)?.label ?? null },
    measures: MEASURES.map(m => {
      const now = meanOf(recent.map(r => r[m.key]));
      const then = before.length === 0 ? null : meanOf(before.map(r => r[m.key]));
      const change = now !== null && then !== null ? now - then : null;
      return { ...m, recent: now, before: then, change, changePercent: change !== null && then !== 0 ? (change / then) * 100 : null };
    }),
  };
}

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180); null is empty. */
export function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value);
  // A leading =, +, - or @ would be a formula to a spreadsheet: prefix it (OWASP CSV injection).
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The rows as CSV (header line first, CRLF line ends): period, its dates, every measure, whether simulated. */
export function toCsv(rows) {
  const header = ['Period', 'Start', 'End', 'Days with data', 'Simulated days', ...MEASURES.map(m => m.heading)];
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) {
    lines.push([r.label, r.start, r.end, r.days, r.simulatedDays, ...MEASURES.map(m => r[m.key])].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Display text of a measure's value: whole counts, one decimal for percentages, a dash when absent. */
export function formatMeasure(kind, value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return kind === 'percent' ? `${value.toFixed(1)}%` : Math.round(value).toLocaleString('en-GB');
}

/** The from/to query of the last `periods` periods of `step` ending now (to = now; the API widens to whole periods). */
export function rangeFor(step, now = new Date()) {
  const days = step === 'month' ? STEPS.month.periods * 31 : step === 'week' ? STEPS.week.periods * 7 : STEPS.day.periods;
  const from = new Date(now.getTime() - (days - 1) * 86_400_000);
  return { from: from.toISOString(), to: now.toISOString() };
}
