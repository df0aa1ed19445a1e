// Today: the last syncs and reconciliations with what needs a person (missing data, failed modules,
// undelivered and held changes, quarantined records), and one run in detail (#today?run=ID).
'use strict';

import { api, el, act, dataTable, href, qty, when } from '../core.js';

/** A figure that needs a person: marked by a sign and bold, not by colour alone; 'attention' when it only waits. */
function flagged(content, kind) {
  return { value: el('strong', {}, '⚠ ', content), className: kind || 'problem' };
}

function day(run) {
  return run.kind === 'reconcile' ? run.rangeFrom + ' to ' + run.usageDate : run.usageDate;
}

/** Names one a line, each kept whole. */
function names(list) {
  return el('ul', { class: 'plain names' }, list.map((n) => el('li', {}, n)));
}

/** The status in words; a colour only repeats them. */
function statusBadge(status) {
  return el('span', { class: 'badge ' + ({ succeeded: 'good', failed: 'bad' }[status] || '') }, status);
}

function quarantineLink(run) {
  return href('quarantine', { from: run.rangeFrom || run.usageDate, to: run.usageDate });
}

/** What of a run needs a person, in words; empty when nothing does. */
function problems(run) {
  const s = run.summary || {};
  const found = [];
  if (run.missing.length) {
    found.push(run.missing.length + ' module(s) missing data');
  }
  if ((s.failedModules || []).length) {
    found.push(s.failedModules.length + ' module(s) failed');
  }
  if (s.undelivered > 0) {
    found.push(s.undelivered + ' change(s) undelivered');
  }
  if (run.held > 0) {
    found.push(run.held + ' change(s) held for approval');
  }
  if (run.quarantined > 0) {
    found.push(run.quarantined + ' record(s) quarantined');
  }
  if (run.error) {
    found.push('error: ' + run.error);
  }
  return found;
}

function glance(runs) {
  const last = runs.find((r) => r.kind === 'sync');
  if (!last) {
    return el('p', { class: 'glance' }, 'No sync has run yet: the nightly sync runs at 00:15 tenant time, or sync yesterday now.');
  }
  const found = problems(last);
  if (last.status === 'running') {
    found.unshift('it is still running');
  }
  return el('p', { class: 'glance' + (found.length ? ' problem' : ''), 'data-glance': found.length ? 'problems' : 'clear' },
    el('strong', {}, found.length ? '⚠ Needs attention: ' : 'All clear: '),
    'the last sync (', el('a', { href: href('today', { run: last.id }) }, 'run ' + last.id), ', ' + last.usageDate + ') '
      + (found.length ? found.join('; ') + '.' : last.status + ', every change delivered.'));
}

function runRow(run) {
  const s = run.summary || {};
  const failed = s.failedModules || [];
  return {
    attrs: { 'data-run': run.id, 'data-problems': problems(run).length ? 'true' : 'false' },
    cells: [
      el('a', { href: href('today', { run: run.id }) }, 'Run ' + run.id),
      run.kind === 'reconcile' ? el('span', {}, run.rangeFrom + ' to', el('br'), run.usageDate) : run.usageDate,
      run.kind,
      statusBadge(run.status),
      run.missing.length ? flagged(names(run.missing)) : 'none',
      failed.length ? flagged(el('ul', { class: 'plain' }, failed.map((f) => el('li', {}, f)))) : (run.summary ? 'none' : '—'),
      s.undelivered === undefined ? '—' : s.undelivered > 0 ? flagged(String(s.undelivered)) : '0',
      run.held > 0 ? flagged(el('a', { href: href('reconciliation', { plan: run.id }) }, run.held + ' held'), 'attention') : '0',
      run.quarantined > 0 ? flagged(el('a', { href: quarantineLink(run) }, String(run.quarantined)), 'attention') : '0',
      s.budgetLeft === undefined ? '—' : qty(s.budgetLeft, 'requests'),
    ],
  };
}

async function list(root) {
  const runs = await api('GET', '/api/syncs?limit=20');
  root.append(
    glance(runs),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'primary', 'data-action': 'sync-yesterday', onclick: () => act('Syncing yesterday', async () => {
        const done = await api('POST', '/api/syncs');
        return 'Run ' + done.run + (done.complete ? ' is complete: ' : ' left work for later: ') + done.summary;
      }) }, 'Sync yesterday now'),
      el('p', { class: 'hint' }, 'Runs yesterday\'s sync at once (the nightly sync does it at 00:15 tenant time); it may take a while.')),
    dataTable({
      caption: 'The last syncs and reconciliations, newest first',
      columns: [{ label: 'Run' }, { label: 'Day' }, { label: 'Kind' }, { label: 'Status' }, { label: 'Missing data' },
        { label: 'Failed modules' }, { label: 'Undelivered', numeric: true }, { label: 'Held', numeric: true },
        { label: 'Quarantined', numeric: true }, { label: 'PSA budget left', numeric: true }],
      rows: runs.map(runRow),
      empty: 'No run yet.',
    }));
}

function words(key) {
  return key.replace(/([A-Z])/g, ' $1').toLowerCase();
}

function shown(value) {
  if (value === null || value === undefined) {
    return '—';
  }
  if (Array.isArray(value)) {
    return value.length ? value.map(shown).join('; ') : 'none';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function facts(caption, entries) {
  return el('dl', { class: 'facts', 'aria-label': caption },
    entries.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

async function detail(root, id) {
  const { run, unsettled } = await api('GET', '/api/syncs/' + encodeURIComponent(id));
  const found = problems(run);
  const s = run.summary;
  root.append(
    el('p', {}, el('a', { href: '#today' }, '← All runs')),
    el('h3', { 'data-run-detail': run.id }, 'Run ' + run.id + ': ' + run.kind + ' of ' + day(run) + ', ', statusBadge(run.status)),
    found.length ? el('ul', { class: 'problems' }, found.map((p) => el('li', {}, el('strong', {}, '⚠ '), p))) : el('p', {}, 'Nothing needs attention.'),
    el('ul', { class: 'plain' },
      run.held > 0 ? el('li', {}, el('a', { href: href('reconciliation', { plan: run.id }) }, 'Review and approve the ' + run.held + ' held change(s)')) : null,
      run.quarantined > 0 ? el('li', {}, el('a', { href: quarantineLink(run) }, 'See the quarantined records of ' + day(run))) : null),
    el('h3', {}, 'The run'),
    facts('The run', [['started', when(run.startedAt)], ['seconds', String(run.seconds)], ['work units done', run.units],
      ['records stored', String(run.records)], ['quarantined', String(run.quarantined)], ['writes sent', shown(run.adjustments)],
      ['held now', String(run.held)], ['instance', run.owner || '—'], ['modules missing data', shown(run.missing)],
      ['error', run.error || 'none']]),
    el('h3', {}, 'Its summary, as stored'),
    // by name: PostgreSQL's jsonb keeps its keys in an order of its own
    s ? facts('Its summary, as stored', Object.entries(s).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [words(k), shown(v)]))
      : el('p', {}, 'No summary yet: the run has not finished.'),
    dataTable({
      caption: 'Its changes the PSA does not hold yet',
      columns: [{ label: 'Contract' }, { label: 'Service' }, { label: 'Effective' }, { label: 'PSA units before', numeric: true },
        { label: 'Target units', numeric: true }, { label: 'Change', numeric: true }, { label: 'Status' }],
      rows: unsettled.map((c) => ({
        attrs: { 'data-change-status': c.status },
        cells: [String(c.contractId), String(c.serviceId), c.effectiveDate, shown(c.psaUnitsBefore), String(c.targetUnits),
          c.unitChange === undefined ? '—' : (c.unitChange > 0 ? '+' : '') + c.unitChange,
          flagged(c.status, c.status === 'held' ? 'attention' : 'problem')],
      })),
      empty: 'Every change of this run is confirmed at the PSA.',
    }));
}

export default {
  id: 'today',
  title: 'Today',
  provider: true,
  async render(root, params) {
    if (params.run) {
      await detail(root, params.run);
    } else {
      await list(root);
    }
  },
};
