// Quarantine: the records refused at intake, newest first, filtered by module, reason and usage day
// (kept in the address: #quarantine?module=...&reason=...&from=...&to=...), page by page with
// nextBefore, each with its reason and the payload exactly as received (shown as text only).
'use strict';

import { api, el, dataTable, go, href, when } from '../core.js';

// limit (records a page, 100 unless given) is kept with the filters; before says which page
const FILTERS = ['module', 'reason', 'from', 'to', 'limit'];

function filtersOf(params) {
  return Object.fromEntries(FILTERS.filter((k) => params[k]).map((k) => [k, params[k]]));
}

function field(id, label, control) {
  return el('div', { class: 'field' }, el('label', { for: id }, label), control);
}

function filterForm(modules, filters) {
  const ids = modules.map((m) => m.id);
  if (filters.module && !ids.includes(filters.module)) {
    ids.push(filters.module); // a module no longer in the catalog still has its records
  }
  const module = el('select', { id: 'q-module', name: 'module' }, el('option', { value: '' }, 'any module'),
    ids.map((id) => el('option', { value: id, selected: id === filters.module }, id)));
  const reason = el('input', { id: 'q-reason', name: 'reason', type: 'search', value: filters.reason || '' });
  const from = el('input', { id: 'q-from', name: 'from', type: 'date', value: filters.from || '' });
  const to = el('input', { id: 'q-to', name: 'to', type: 'date', value: filters.to || '' });
  return el('form', { class: 'filters', 'aria-label': 'Filter the quarantined records', onsubmit: (event) => {
    event.preventDefault();
    go('quarantine', { module: module.value, reason: reason.value.trim(), from: from.value, to: to.value, limit: filters.limit });
  } },
  field('q-module', 'Module', module), field('q-reason', 'Reason contains', reason),
  field('q-from', 'Usage day from', from), field('q-to', 'Usage day to', to),
  el('button', { type: 'submit', class: 'primary' }, 'Filter'),
  el('button', { type: 'button', onclick: () => go('quarantine', { limit: filters.limit }) }, 'Clear'));
}

function recordRow(r) {
  return {
    attrs: { 'data-quarantine': r.id },
    cells: [
      when(r.receivedAt), r.module, r.usageDate || '—', r.recordId || '—', r.reason,
      r.syncRunId ? el('a', { href: href('today', { run: r.syncRunId }) }, 'Run ' + r.syncRunId) : 'pushed',
      // focusable: a long payload scrolls inside its box, and a keyboard must be able to scroll it
      el('details', { class: 'payload' }, el('summary', {}, 'Payload'), el('pre', { tabindex: 0 }, r.payload)),
    ],
  };
}

export default {
  id: 'quarantine',
  title: 'Quarantine',
  provider: true,
  async render(root, params) {
    const filters = filtersOf(params);
    const query = new URLSearchParams(filters);
    if (params.before) {
      query.set('before', params.before);
    }
    const [modules, page] = await Promise.all([api('GET', '/api/modules'), api('GET', '/api/quarantine?' + query)]);
    const older = page.nextBefore !== undefined;
    root.append(
      filterForm(modules, filters),
      el('p', { 'data-total': page.total }, page.total + ' record(s) match' + (FILTERS.some((k) => k !== 'limit' && filters[k]) ? ' these filters' : '')
        + '; ' + (params.before ? 'an older page' : 'the newest first') + ', ' + page.records.length + ' shown.'),
      dataTable({
        caption: 'Records refused at intake, with their reason and the payload as received',
        columns: [{ label: 'Received' }, { label: 'Module' }, { label: 'Usage day' }, { label: 'Record' }, { label: 'Reason' },
          { label: 'Run' }, { label: 'Payload' }],
        rows: page.records.map(recordRow),
        empty: 'No quarantined record matches.',
      }),
      el('div', { class: 'actions' },
        params.before ? el('button', { type: 'button', onclick: () => go('quarantine', filters) }, 'Back to the newest') : null,
        older ? el('button', { type: 'button', 'data-action': 'older', onclick: () => go('quarantine', { ...filters, before: page.nextBefore }) }, 'Older') : null));
  },
};
