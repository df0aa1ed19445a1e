// Usage: a company's contract lines over a range of days (default the last 30): the usage's units and
// the PSA's, drawn by the server (GET /api/usage/chart, SVG) and, below, the same figures as tables
// (GET /api/units), the chart's accessible alternative.
import { api, apiBlob, el, qty, go, dataTable } from '../core.js';

const enc = encodeURIComponent;
const DEFAULT_DAYS = 30;

let shownChart = null; // the object URL of the chart on screen, released when the next one is shown

function rangeForm(companies, company, from, to) {
  return el('form', { class: 'usage-range', onsubmit: (e) => {
    e.preventDefault();
    const f = e.target.elements;
    go('usage', { company: f.company.value, from: f.from.value, to: f.to.value });
  } },
  el('label', { for: 'usage-company' }, 'Company'),
  el('select', { id: 'usage-company', name: 'company' }, companies.map((c) =>
    el('option', { value: c.id, selected: String(c.id) === company }, c.name + ' (' + c.id + ')'))),
  el('label', { for: 'usage-from' }, 'From'),
  el('input', { id: 'usage-from', name: 'from', type: 'date', value: from || '' }),
  el('label', { for: 'usage-to' }, 'To'),
  el('input', { id: 'usage-to', name: 'to', type: 'date', value: to || '' }),
  el('button', { type: 'submit' }, 'Show'));
}

/** The chart as an image, resolved once the browser has decoded it. */
async function chart(company, name, units) {
  const blob = await apiBlob('/api/usage/chart?company=' + enc(company) + '&from=' + enc(units.from) + '&to=' + enc(units.to));
  if (shownChart) {
    URL.revokeObjectURL(shownChart);
  }
  shownChart = URL.createObjectURL(blob);
  const img = el('img', { class: 'usage-chart', alt: 'Chart of the usage\'s and the PSA\'s units of ' + name + ' from '
    + units.from + ' to ' + units.to + ', one per contract line; the same figures are in the tables below.' });
  const loaded = new Promise((resolve, reject) => {
    img.onload = resolve;
    img.onerror = () => reject(new Error('the chart could not be shown'));
  });
  img.src = shownChart;
  await loaded;
  return el('figure', { class: 'usage-figure' }, img);
}

function lineTable(line) {
  const unit = [...new Set(line.billingTypes.map((t) => t.unit))].join('/');
  const fedBy = line.billingTypes.map((t) => t.module + ' ' + t.billingType).join(', ');
  return el('section', { class: 'usage-line', 'data-contract': line.contractId, 'data-service': line.serviceId },
    dataTable({
      caption: (line.companyName || 'not mapped') + ': contract ' + line.contractId + ' service ' + line.serviceId
        + (fedBy ? ' (' + fedBy + ')' : ''),
      columns: [{ label: 'Date' }, { label: 'Usage', numeric: true }, { label: 'PSA', numeric: true },
        { label: 'Difference', numeric: true }],
      rows: line.days.map((d) => {
        const drift = d.difference !== undefined && Number(d.difference) !== 0;
        return { attrs: { 'data-date': d.date, class: drift ? 'problem' : null }, cells: [d.date, qty(d.usage, unit),
          qty(d.psa, unit), d.difference === undefined ? '—'
            : (drift ? '⚠ ' + (Number(d.difference) > 0 ? '+' : '') : '') + qty(d.difference, unit)] };
      }),
    }));
}

export default {
  id: 'usage',
  title: 'Usage',
  provider: true,
  async render(root, params) {
    const companies = await api('GET', '/api/companies');
    const company = params.company || (companies.length ? String(companies[0].id) : '');
    const form = rangeForm(companies, company, params.from, params.to);
    root.append(form);
    if (!company) {
      root.append(el('p', { class: 'hint' }, 'No company is known yet: map organizations first.'));
      return;
    }
    const query = '?company=' + enc(company) + (params.from ? '&from=' + enc(params.from) : '&days=' + DEFAULT_DAYS)
      + (params.to ? '&to=' + enc(params.to) : '');
    const units = await api('GET', '/api/units' + query);
    form.elements.from.value = units.from;
    form.elements.to.value = units.to;
    const known = companies.find((c) => String(c.id) === company);
    const name = known ? known.name : 'company ' + company;
    root.append(await chart(company, name, units));
    root.append(el('h3', {}, 'The figures'), ...(units.lines.length ? units.lines.map(lineTable)
      : [el('p', { class: 'hint', id: 'usage-none' }, 'No contract line of ' + name + ' has synced usage from ' + units.from
        + ' to ' + units.to + '.')]));
    if (units.unread.length) {
      root.append(el('div', { class: 'unread', role: 'note' }, el('h3', {}, 'Lines the PSA would not let us read'),
        el('ul', {}, units.unread.map((u) => el('li', { 'data-contract': u.contractId },
          'contract ' + u.contractId + ' service ' + u.serviceId + ': ' + u.reason)))));
    }
  },
};
