// The breach-risk page, /breach-risk/{unit}: the whole list (breachrisk.js), refreshed by itself.
import { startBreachRiskList } from './breachrisk.js';

const unit = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? new URLSearchParams(location.search).get('unit') ?? '');
document.getElementById('unit-name').textContent = unit;
document.getElementById('wallboard-link').href = `/wallboard/${encodeURIComponent(unit)}`;
document.title = `Breach risk ${unit} — Bury Urgent Care`;
startBreachRiskList(document.getElementById('breach-risk'), unit);
