// Escalation alerts on both pages: which are active now, and how their times read. Pure (the clock
// is a parameter); drawing them is dom.js's renderAlertList.
//
// News of an alert arrives by three paths that race one another: GET /api/alerts, the system
// snapshot's activeAlerts (overview only; ReceiveSystem) and ReceiveAlert pushes — and the server
// sends pushes and system snapshots from separate loops, so neither is ordered against the other.
// The book therefore keeps, per alert id, the newest change by its own `at` (a cleared alert stays
// as a tombstone so an older "raised" arriving late cannot revive it), and a server view that is
// complete as of a time also ends every active alert it no longer lists that is not newer than it.
import { serverClock, asOfMs } from './live.js';

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 };
/** How each severity is worded (never colour alone). */
export const SEVERITY_TEXT = { critical: 'Critical', warning: 'Warning', info: 'Info' };

export class AlertBook {
  /** `accept(alert)` limits the book to some alerts, e.g. one unit's. */
  constructor(accept = () => true) {
    this.accept = accept;
    this.byId = new Map();       // id → { alert, at (ms), active }
    this.announcement = null;    // the newest OPEL level announcement (kind 'opel')
  }

  /** Applies one change; returns true when the set of active alerts (or an alert) changed. */
  apply(alert) {
    if (!alert || typeof alert.id !== 'string' || !this.accept(alert)) return false;
    const at = asOfMs(alert.at);
    if (alert.kind === 'opel') {
      if (!this.announcement || at >= asOfMs(this.announcement.at)) this.announcement = alert;
      return false;
    }
    const previous = this.byId.get(alert.id);
    if (previous && previous.at > at) return false; // an older change arriving late
    const active = alert.state === 'raised';
    // The same raise seen again without its acknowledgement is an older view of it (a system
    // snapshot sent before the acknowledgement): the acknowledgement stays.
    const sameRaise = previous?.active && active && previous.at === at;
    const kept = sameRaise && previous.alert.acknowledged && !alert.acknowledged
      ? { ...alert, acknowledged: previous.alert.acknowledged }
      : alert;
    this.byId.set(alert.id, { alert: kept, at, active });
    return active || previous?.active === true;
  }

  /**
   * Applies a server view: its changes (raised and cleared, any order), then ends the active alerts
   * it does not mention unless they are newer than `asOf` (pushed after the view was taken).
   */
  reconcile(changes, asOf) {
    const list = (Array.isArray(changes) ? changes : []).filter(a => a && this.accept(a));
    list.sort((a, b) => asOfMs(a.at) - asOfMs(b.at));
    let changed = false;
    for (const alert of list) changed = this.apply(alert) || changed;
    const mentioned = new Set(list.map(a => a.id));
    const asOfTime = asOfMs(asOf);
    if (Number.isNaN(asOfTime)) return changed;
    for (const [id, entry] of this.byId) {
      if (entry.active && !mentioned.has(id) && entry.at <= asOfTime) {
        this.byId.set(id, { alert: { ...entry.alert, state: 'cleared' }, at: asOfTime, active: false });
        changed = true;
      }
    }
    return changed;
  }

  /** Applies GET /api/alerts: `recent` and `active`, complete up to the newest change they hold. */
  reconcileResponse(response) {
    const changes = [...(response?.recent ?? []), ...(response?.active ?? [])];
    const newest = changes.reduce((max, a) => Math.max(max, asOfMs(a?.at) || -Infinity), -Infinity);
    return this.reconcile(changes, Number.isFinite(newest) ? new Date(newest).toISOString() : undefined);
  }

  /** Active alerts, most severe first, then newest first. */
  active() {
    return [...this.byId.values()]
      .filter(e => e.active)
      .sort((a, b) => (SEVERITY_RANK[a.alert.severity] ?? 3) - (SEVERITY_RANK[b.alert.severity] ?? 3) || b.at - a.at)
      .map(e => e.alert);
  }
}

const LONDON_HM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false,
});
const LONDON_DAY_HM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** '19:22' (with the day when over 12 hours ago). */
export function formatHourMinute(at, clock = serverClock) {
  const ms = asOfMs(at);
  if (Number.isNaN(ms)) return '—';
  return (Math.abs(clock.now() - ms) < 12 * 3600 * 1000 ? LONDON_HM : LONDON_DAY_HM).format(new Date(ms));
}

/** 'Acknowledged by Sam Site at 14:05 — bed requested' (an alert's `acknowledged`). */
export function acknowledgementText(acknowledged, clock = serverClock) {
  const note = acknowledged.note ? ` — ${acknowledged.note}` : '';
  return `Acknowledged by ${acknowledged.by} at ${formatHourMinute(acknowledged.at, clock)}${note}`;
}

/** How long since `at`: '< 1 min', '12 min', '2 h 05 min'. */
export function formatDuration(at, clock = serverClock) {
  const ms = asOfMs(at);
  if (Number.isNaN(ms)) return '';
  const minutes = Math.floor(Math.max(0, clock.now() - ms) / 60000);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
