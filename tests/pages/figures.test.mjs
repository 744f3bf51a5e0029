// Catalogue-driven labels, kinds, formatting, levels and map rows (wwwroot/js/figures.js).
// The fixture stands in for GET /api/figures: all four services, FGH-ED with thresholds the OPEL
// profile overrides (occupancy 85/100 where A&E's default is 90/100; 4-hour 78/70 where it is 95/78).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  Catalogue, SERVICES, guessFigure, layoutFor, levelFor, namesIn, formatText, formatPreciseParts,
  humanise, opelLabel, levelKey,
} from '../../src/BuryUrgentCare.Host/wwwroot/js/figures.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/figures.json', import.meta.url), 'utf8'));
const catalogue = new Catalogue(fixture);

/** What a page shows for a unit's figure: [text, level]. */
function shown(unit, service, name, value) {
  return [formatText(catalogue.describe(service, name, value).kind, value), catalogue.levelOf(unit, name, value, service)];
}

describe('Catalogue.describe', () => {
  test('takes label, kind and unit from the catalogue', () => {
    const occupancy = catalogue.describe('ae', 'occupancyPercent');
    assert.equal(occupancy.label, 'Occupancy');
    assert.equal(occupancy.kind, 'percent');
    assert.equal(occupancy.unit, '%');
    assert.equal(occupancy.guessed, undefined);
    assert.equal(catalogue.describe('ivch', 'queue').label, 'Callers queuing');
    assert.equal(catalogue.describe('greencar', 'outcomesToday').kind, 'map');
  });

  test('names services by their catalogue label', () => {
    assert.deepEqual(['ae', 'utc', 'greencar', 'ivch'].map(s => catalogue.serviceLabel(s)), ['A&E', 'UTC', 'Green Car', 'IVCH']);
    assert.equal(catalogue.serviceLabel('dental'), 'DENTAL');
    assert.equal(catalogue.serviceLabel(undefined), 'Unit');
    assert.equal(catalogue.serviceOf('BURY-IVCH'), 'ivch');
  });

  test('a figure the catalogue lacks is guessed from its name and value', () => {
    assert.deepEqual(
      ['newWaitMinutes', 'redirectRateToday', 'bedsFree', 'byWard'].map(n => {
        const d = catalogue.describe('ae', n, n === 'byWard' ? { a: 1 } : 3);
        return [d.label, d.kind, d.guessed];
      }),
      [['New wait minutes', 'minutes', true], ['Redirect rate today', 'percent', true], ['Beds free', 'count', true], ['By ward', 'map', true]],
    );
    // a known name of another service is not borrowed: the service decides
    assert.equal(catalogue.describe('dental', 'queue').guessed, true);
    assert.equal(catalogue.levelOf('FGH-ED', 'newWaitMinutes', 10_000, 'ae'), 'none');
  });

  test('system figures: the deflection total is the catalogue\'s deflectionToday', () => {
    assert.equal(catalogue.describeSystem('deflectionToday.total').label, 'A&E attendances avoided today');
    assert.equal(catalogue.describeSystem('deflectionToday.ivchEdAvoided').kind, 'count');
    assert.equal(catalogue.systemLevelOf('deflectionToday.total', 12), 'none');
  });

  test('every figure the layout places is in the catalogue for its service', () => {
    for (const [service, layout] of Object.entries(SERVICES)) {
      for (const name of [...namesIn(layout), ...layout.headline]) {
        assert.equal(catalogue.describe(service, name).guessed, undefined, `${service}.${name}`);
      }
    }
  });

  test('rejects a catalogue it cannot use, so the page shows its error state', () => {
    assert.throws(() => new Catalogue(null), TypeError);
    assert.throws(() => new Catalogue({}), /services/);
    assert.throws(() => new Catalogue({ services: [{ service: 'ae' }] }), /figures/);
    assert.throws(() => new Catalogue({ services: [{ service: 'ae', figures: [{ name: 'x' }] }] }), /kind/);
  });
});

describe('formatting by kind', () => {
  test('counts, minutes and percentages as the wall shows them', () => {
    assert.deepEqual(shown('FGH-ED', 'ae', 'inDepartment', 1234), ['1,234', 'none']);
    assert.deepEqual(shown('FGH-ED', 'ae', 'longestWaitMinutes', 185), ['3h 05m', 'amber']);
    assert.deepEqual(shown('FGH-ED', 'ae', 'meanHandoverMinutesToday', 14.5), ['14.5 min', 'ok']);
    assert.deepEqual(shown('FGH-ED', 'ae', 'fourHourPerformanceToday', 94.6), ['95%', 'ok']);
  });

  test('absent is an em dash and level none, never 0', () => {
    for (const value of [null, undefined, NaN, Infinity]) {
      assert.deepEqual(shown('FGH-ED', 'ae', 'occupancyPercent', value), ['—', 'none'], String(value));
    }
  });

  test('precise parts keep one decimal on a percentage near a band edge', () => {
    assert.deepEqual(formatPreciseParts('percent', 4.8), [{ text: '4.8' }, { unit: '%' }]);
    assert.deepEqual(formatPreciseParts('percent', 5), [{ text: '5' }, { unit: '%' }]);
  });

  test('humanise and the OPEL helpers', () => {
    assert.equal(humanise('awaitingAssessment'), 'Awaiting assessment');
    assert.equal(humanise('gp-out-of-hours'), 'Gp out of hours');
    assert.equal(opelLabel(3), 'OPEL 3');
    assert.equal(opelLabel(null), 'OPEL —');
    assert.equal(levelKey(5), 'none');
  });
});

describe('levels: inclusive thresholds', () => {
  test('higherIsWorse: amber from amber, red from red', () => {
    const t = { direction: 'higherIsWorse', amber: 85, red: 100 };
    assert.deepEqual([84.9, 85, 99.9, 100, 130].map(v => levelFor(t, v)), ['ok', 'amber', 'amber', 'red', 'red']);
  });

  test('lowerIsWorse: amber at or below amber, red at or below red', () => {
    const t = { direction: 'lowerIsWorse', amber: 95, red: 78 };
    assert.deepEqual([95.1, 95, 78.1, 78, 0].map(v => levelFor(t, v)), ['ok', 'amber', 'amber', 'red', 'red']);
  });

  test('a missing band is skipped', () => {
    assert.deepEqual([0, 1, 9].map(v => levelFor({ direction: 'higherIsWorse', amber: 1, red: null }, v)), ['ok', 'amber', 'amber']);
    assert.deepEqual([0, 1].map(v => levelFor({ direction: 'higherIsWorse', red: 1 }, v)), ['ok', 'red']);
    assert.deepEqual([5, 4].map(v => levelFor({ direction: 'lowerIsWorse', amber: 4 }, v)), ['ok', 'amber']);
  });

  test('none without thresholds, bands, a known direction or a finite number', () => {
    assert.equal(levelFor(null, 5), 'none');
    assert.equal(levelFor({ direction: 'higherIsWorse', amber: null, red: null }, 5), 'none');
    assert.equal(levelFor({ direction: 'sideways', amber: 1, red: 2 }, 5), 'none');
    for (const value of [null, undefined, NaN, -Infinity, '90']) {
      assert.equal(levelFor({ direction: 'higherIsWorse', amber: 1, red: 2 }, value), 'none', String(value));
    }
  });

  test('the unit\'s resolved thresholds beat the service default', () => {
    // FGH-ED: occupancy 85/100 from the OPEL profile; A&E default 90/100
    assert.equal(catalogue.levelOf('FGH-ED', 'occupancyPercent', 87, 'ae'), 'amber');
    assert.equal(catalogue.levelOf('FGH-ED', 'fourHourPerformanceToday', 80, 'ae'), 'ok');
    assert.equal(catalogue.levelOf('FGH-ED', 'fourHourPerformanceToday', 70, 'ae'), 'red');
  });

  test('a unit the catalogue does not list falls back to its service\'s defaults', () => {
    assert.equal(catalogue.levelOf('FGH-ED-2', 'occupancyPercent', 87, 'ae'), 'ok');
    assert.equal(catalogue.levelOf('FGH-ED-2', 'occupancyPercent', 90, 'ae'), 'amber');
    assert.equal(catalogue.levelOf('FGH-ED-2', 'fourHourPerformanceToday', 80, 'ae'), 'amber');
    assert.equal(catalogue.levelOf('FGH-ED-2', 'occupancyPercent', 90, undefined), 'none');
  });

  test('a listed unit uses only its resolved set: a figure missing from it has no thresholds there', () => {
    const small = new Catalogue({
      services: [{ service: 'ivch', label: 'IVCH', figures: [
        { name: 'abandonedRateToday', label: 'Abandoned', kind: 'percent', thresholds: { direction: 'higherIsWorse', red: 5 } },
      ] }],
      units: [{ unit: 'BURY-IVCH', service: 'ivch', thresholds: {} }],
    });
    assert.equal(small.levelOf('BURY-IVCH', 'abandonedRateToday', 9, 'ivch'), 'none');
    assert.equal(small.levelOf('OTHER-IVCH', 'abandonedRateToday', 9, 'ivch'), 'red');
  });
});

describe('map entries', () => {
  test('catalogue keys first in its order with its labels, then others by name, humanised', () => {
    const entries = catalogue.mapEntries('ae', 'byAcuity', { unknown: 2, 3: 5, 1: 1, zeta: 4, alpha: 0 });
    assert.deepEqual(entries, [
      ['1', '1 Immediate', 1], ['2', '2 Very urgent', 0], ['3', '3 Urgent', 5], ['4', '4 Standard', 0],
      ['5', '5 Non-urgent', 0], ['unknown', 'Not yet triaged', 2], ['alpha', 'Alpha', 0], ['zeta', 'Zeta', 4],
    ]);
  });

  test('an absent map shows every listed key as absent, and nothing else', () => {
    const entries = catalogue.mapEntries('greencar', 'outcomesToday', null);
    assert.deepEqual(entries.map(([k]) => k), ['see-and-treat', 'see-and-refer', 'conveyed-ed', 'conveyed-utc', 'conveyed-other']);
    assert.ok(entries.every(([, , v]) => v === null));
  });

  test('a map the catalogue lacks shows its keys by name', () => {
    assert.deepEqual(catalogue.mapEntries('ae', 'byWard', { b: 1, a: 2 }), [['a', 'A', 2], ['b', 'B', 1]]);
  });
});

describe('layoutFor', () => {
  test('a known service keeps its layout', () => {
    assert.equal(layoutFor(catalogue, 'ae', {}), SERVICES.ae);
  });

  test('an unknown service shows what it has, maps apart', () => {
    const layout = layoutFor(catalogue, 'dental', { chairsFree: 2, byChair: { a: 1 }, waitMinutes: 3 });
    assert.deepEqual(layout.groups[0].figures, ['chairsFree', 'waitMinutes']);
    assert.deepEqual(layout.groups[0].maps, ['byChair']);
    assert.deepEqual(layout.headline, ['chairsFree', 'waitMinutes']);
  });

  test('guessFigure is what describe falls back to', () => {
    assert.deepEqual(guessFigure('queueMinutes', 3), catalogue.describe('nope', 'queueMinutes', 3));
  });
});

describe('SERVICES layout', () => {
  test('places every catalogued figure of every service on its wallboard', () => {
    for (const { service, figures } of fixture.services) {
      const placed = new Set(namesIn(SERVICES[service]));
      const missing = figures.map(f => f.name).filter(name => !placed.has(name));
      assert.deepEqual(missing, [], `${service}: figures the wallboard layout leaves out`);
    }
  });
});
