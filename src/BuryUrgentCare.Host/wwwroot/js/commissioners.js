// The commissioners' page (/commissioners): deflection by service, A&E attendances and 4-hour
// performance per day, week or month, a control chart of any of them, a period comparison, and
// CSV and PNG export. Charts are Chart.js (vendored: /lib/chartjs, window.Chart); the numbers come
// from GET /api/trends/deflection and GET /api/trends/department (trends.js builds the rows,
// spc.js the control chart). Text goes in by textContent only.
//
// DOM contract (browser tests): body[data-state] = loading | ready | error, body[data-step],
// body[data-simulated] = whether any period shown holds simulated history; #periods tbody tr with
// data-simulated and data-partial; #spc-signals li[data-kind]; the buttons' ids.
import { STEPS, MEASURES, buildRows, fromFirstData, comparePeriods, toCsv, formatMeasure, rangeFor } from './trends.js';
import { xmr, describeSignals } from './spc.js';
import { el, setText } from './dom.js';
import { apiHeaders, goDark } from './access.js';

/** The A&E whose attendances and 4-hour performance sit beside deflection. */
export const ED_UNIT = 'FGH-ED';

/** The 4-hour standard's operational target (METRICS.md), drawn on the A&E chart. */
const FOUR_HOUR_TARGET = 78;

/** How often the page asks again by itself: the rollups change once a day, today's period more often. */
const REFRESH_MS = 5 * 60_000;

const COLOURS = { greenCar: '#007f3b', ivch: '#005eb8', ed: '#768692', performance: '#7c2855', mean: '#212b32', limit: '#d5281b', target: '#ed8b00' };

const state = { step: 'week', rows: [], charts: {}, timer: null, loading: null };

function hatch(colour) {
  // Simulated periods are drawn hatched, not only paler: a pattern survives grey-scale printing.
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 8;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(0, 8); ctx.lineTo(8, 0);
  ctx.moveTo(-2, 2); ctx.lineTo(2, -2);
  ctx.moveTo(6, 10); ctx.lineTo(10, 6);
  ctx.stroke();
  return ctx.createPattern(canvas, 'repeat');
}

const fills = colour => row => (row.simulated ? hatch(colour) : colour);
const labelOf = row => (row.simulated ? `${row.label} (SIM)` : row.label) + (row.partial ? ' (part)' : '');

function chart(key, config) {
  const { Chart } = window;
  state.charts[key]?.destroy();
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#212b32';
  state.charts[key] = new Chart(document.getElementById(`chart-${key}`), {
    ...config,
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      ...config.options,
    },
  });
}

function drawDeflection(rows) {
  chart('deflection', {
    type: 'bar',
    data: {
      labels: rows.map(labelOf),
      datasets: [
        { label: 'Green Car', data: rows.map(r => r.greenCarEdAvoided), backgroundColor: rows.map(fills(COLOURS.greenCar)), borderColor: COLOURS.greenCar, borderWidth: 1, stack: 'kept' },
        { label: 'IVCH', data: rows.map(r => r.ivchEdAvoided), backgroundColor: rows.map(fills(COLOURS.ivch)), borderColor: COLOURS.ivch, borderWidth: 1, stack: 'kept' },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'Patients kept from A&E' } } } },
  });
}

function drawEd(rows) {
  chart('ed', {
    type: 'bar',
    data: {
      labels: rows.map(labelOf),
      datasets: [
        { type: 'bar', label: 'Attendances', data: rows.map(r => r.edAttendances), backgroundColor: rows.map(fills(COLOURS.ed)), borderColor: COLOURS.ed, borderWidth: 1, yAxisID: 'y' },
        { type: 'line', label: '4-hour performance (%)', data: rows.map(r => r.edFourHourPerformance), borderColor: COLOURS.performance, backgroundColor: COLOURS.performance, pointStyle: 'rectRot', pointRadius: 4, yAxisID: 'percent' },
        { type: 'line', label: `Target ${FOUR_HOUR_TARGET}%`, data: rows.map(() => FOUR_HOUR_TARGET), borderColor: COLOURS.target, borderDash: [6, 4], pointRadius: 0, yAxisID: 'percent' },
      ],
    },
    options: {
      scales: {
        y: { beginAtZero: true, title: { display: true, text: 'Attendances' } },
        percent: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: '% within 4 hours' } },
      },
    },
  });
}

function drawSpc(rows) {
  const key = document.getElementById('spc-measure').value;
  const measure = MEASURES.find(m => m.key === key);
  const complete = rows.filter(r => !r.partial);
  const labels = complete.map(labelOf);
  const spc = xmr(complete.map(r => r[key]), { floor: 0 });
  const summary = document.getElementById('spc-summary');
  const list = document.getElementById('spc-signals');
  if (!spc) {
    state.charts.spc?.destroy();
    delete state.charts.spc;
    summary.replaceChildren(el('div', '', 'Too few complete periods with data for a control chart (at least two).'));
    list.replaceChildren();
    return;
  }

  const style = p => (p.outside ? 'triangle' : p.shift ? 'rect' : p.trend ? 'rectRot' : 'circle');
  const special = p => p.outside || p.shift || p.trend;
  chart('spc', {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: measure.heading, data: spc.points.map(p => p.value), borderColor: COLOURS.mean, backgroundColor: spc.points.map(p => (special(p) ? COLOURS.limit : '#ffffff')),
          pointStyle: spc.points.map(style), pointRadius: spc.points.map(p => (special(p) ? 7 : 3)), pointBorderColor: COLOURS.mean, spanGaps: true,
        },
        { label: `Mean ${formatMeasure(measure.kind, spc.mean)}`, data: labels.map(() => spc.mean), borderColor: COLOURS.mean, borderDash: [2, 2], pointRadius: 0 },
        { label: `Upper limit ${formatMeasure(measure.kind, spc.upper)}`, data: labels.map(() => spc.upper), borderColor: COLOURS.limit, borderDash: [8, 4], pointRadius: 0 },
        { label: `Lower limit ${formatMeasure(measure.kind, spc.lower)}`, data: labels.map(() => spc.lower), borderColor: COLOURS.limit, borderDash: [8, 4], pointRadius: 0 },
      ],
    },
    options: { scales: { y: { title: { display: true, text: measure.heading } } } },
  });

  summary.replaceChildren(...[['Mean', spc.mean], ['Upper control limit', spc.upper], ['Lower control limit', spc.lower]].map(([term, value]) => {
    const row = el('div');
    row.append(el('dt', '', term), el('dd', '', formatMeasure(measure.kind, value)));
    return row;
  }));
  const signals = describeSignals(spc, labels);
  list.replaceChildren(...(signals.length === 0
    ? [el('li', 'spc-none', 'No special cause: the variation is within what this process usually shows.')]
    : signals.map(s => {
      const item = el('li', `spc-${s.kind}`, `${{ outside: '▲', shift: '■', trend: '◆' }[s.kind]} ${s.text}`);
      item.dataset.kind = s.kind;
      return item;
    })));
}

function drawComparison(rows) {
  const n = { day: 28, week: 4, month: 3 }[state.step];
  const result = comparePeriods(rows, n);
  const unit = { day: 'days', week: 'weeks', month: 'months' }[state.step];
  setText(document.getElementById('comparison-caption'), result.before.count === 0
    ? `Not enough complete periods to compare the last ${n} ${unit} with the ${n} before.`
    : `Mean per ${state.step} over the last ${result.recent.count} complete ${unit} (${result.recent.from} to ${result.recent.to}) against the ${result.before.count} before (${result.before.from} to ${result.before.to}).`);
  setText(document.getElementById('comparison-recent'), `Last ${n} ${unit}`);
  setText(document.getElementById('comparison-before'), `${n} ${unit} before`);
  const body = document.querySelector('#comparison tbody');
  body.replaceChildren(...result.measures.map(m => {
    const tr = el('tr');
    const change = m.change === null ? '—'
      : `${m.change > 0 ? '+' : m.change < 0 ? '−' : '±'}${formatMeasure(m.kind, Math.abs(m.change))}${m.kind === 'percent' ? ' points' : ''}`
        + (m.changePercent === null || m.kind === 'percent' ? '' : ` (${m.changePercent > 0 ? '+' : m.changePercent < 0 ? '−' : '±'}${Math.abs(m.changePercent).toFixed(1)}%)`);
    tr.append(el('th', '', m.heading), el('td', '', formatMeasure(m.kind, m.recent)), el('td', '', formatMeasure(m.kind, m.before)), el('td', '', change));
    tr.firstChild.scope = 'row';
    return tr;
  }));
}

function drawTable(rows) {
  const head = document.getElementById('periods-head');
  if (head.childElementCount === 0) {
    head.append(...['Period', 'History', ...MEASURES.map(m => m.heading)].map(text => {
      const th = el('th', '', text);
      th.scope = 'col';
      return th;
    }));
  }
  const body = document.querySelector('#periods tbody');
  body.replaceChildren(...rows.map(r => {
    const tr = el('tr');
    tr.dataset.simulated = String(r.simulated);
    tr.dataset.partial = String(r.partial);
    const history = r.days === 0 ? 'No data'
      : [r.simulated ? `SIM: ${r.simulatedDays} of ${r.days} days simulated` : null, r.partial ? `${r.days} of ${r.lengthDays} days` : null]
        .filter(Boolean).join('; ') || 'Real';
    const th = el('th', '', r.label);
    th.scope = 'row';
    tr.append(th, el('td', r.simulated ? 'history-simulated' : '', history), ...MEASURES.map(m => el('td', 'num', formatMeasure(m.kind, r[m.key]))));
    return tr;
  }));
}

function draw() {
  const rows = state.rows;
  const simulated = rows.filter(r => r.simulated);
  document.body.dataset.simulated = String(simulated.length > 0);
  document.getElementById('simulated-notice').hidden = simulated.length === 0;
  setText(document.getElementById('simulated-text'), simulated.length === 0 ? ''
    : `${simulated.length} of the ${rows.length} periods shown hold simulated days (${simulated.reduce((sum, r) => sum + r.simulatedDays, 0)} days in all).`);
  drawDeflection(rows);
  drawEd(rows);
  drawSpc(rows);
  drawComparison(rows);
  drawTable(rows);
}

async function getJson(path) {
  const response = await fetch(path, { headers: apiHeaders() });
  if (response.status === 401) goDark();
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      detail = problem.detail ?? problem.title ?? detail;
    } catch { /* not JSON: the status says enough */ }
    throw new Error(detail);
  }
  return response.json();
}

async function load() {
  const step = state.step;
  const { from, to } = rangeFor(step);
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&step=${step}`;
  document.body.dataset.state = state.rows.length === 0 ? 'loading' : document.body.dataset.state;
  setText(document.getElementById('status'), 'Loading the trends…');
  try {
    const [deflection, department] = await Promise.all([
      getJson(`/api/trends/deflection?${query}`),
      getJson(`/api/trends/department?unit=${ED_UNIT}&${query}`),
    ]);
    if (step !== state.step) return; // the step changed while this was loading: its own load draws
    state.rows = fromFirstData(buildRows(deflection, department));
    draw();
    document.body.dataset.state = 'ready';
    document.body.dataset.step = step;
    setText(document.getElementById('status'), `${STEPS[step].label} by ${step}: ${state.rows.length} periods, updated ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}.`);
  } catch (error) {
    document.body.dataset.state = 'error';
    setText(document.getElementById('status'), `The trends could not be loaded: ${error.message}. Trying again in five minutes, or press Refresh.`);
  }
}

function download(name, href) {
  const link = el('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

function exportCsv() {
  const url = URL.createObjectURL(new Blob([toCsv(state.rows)], { type: 'text/csv;charset=utf-8' }));
  download(`bury-commissioners-${state.step}.csv`, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function exportPng(key) {
  const target = state.charts[key];
  if (!target) return;
  download(`bury-${key}-${state.step}.png`, target.toBase64Image('image/png', 1));
}

function schedule() {
  clearInterval(state.timer);
  state.timer = setInterval(load, REFRESH_MS);
}

function start() {
  for (const input of document.querySelectorAll('input[name="step"]')) {
    input.addEventListener('change', () => {
      if (!input.checked) return;
      state.step = input.value;
      load();
    });
  }
  document.getElementById('refresh').addEventListener('click', () => { load(); schedule(); });
  document.getElementById('export-csv').addEventListener('click', exportCsv);
  document.getElementById('print').addEventListener('click', () => window.print());
  document.getElementById('spc-measure').addEventListener('change', () => drawSpc(state.rows));
  for (const button of document.querySelectorAll('.export-png')) {
    button.addEventListener('click', () => exportPng(button.dataset.chart));
  }
  // Charts are drawn for the screen's width; redraw them for the page's width when printing.
  window.addEventListener('beforeprint', () => Object.values(state.charts).forEach(c => c.resize()));
  state.step = document.querySelector('input[name="step"]:checked')?.value ?? 'week';
  load();
  schedule();
}

start();
