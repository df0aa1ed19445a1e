// Invoices: a month's invoices and their lines (#invoices?month=YYYY-MM; by default the last closed
// month with invoices, else the running month's preview), each line's explanation on demand, the
// printable invoice per company (HTML shown here, PDF downloaded), the CSV exports, and the month's
// close and finalization, each after a confirmation. A month not closed shows its preview, a draft.
'use strict';

import { api, apiBlob, el, act, dataTable, go, href, money, qty, say, setState, when } from '../core.js';

const REPORTS = ['invoices', 'invoice-lines', 'site-usage', 'licenses', 'license-history'];

/** A unit price as priced (up to 6 decimals), at least in cents: "3.00", "0.125". */
function price(unitPrice) {
  const [whole, fraction = ''] = String(unitPrice).split('.');
  return whole + '.' + fraction.replace(/0+$/, '').padEnd(2, '0');
}

function number(invoiceId) {
  return 'INV-' + String(invoiceId).padStart(6, '0');
}

/** Shows a document or an explanation without re-rendering; a failure is said, not thrown. */
async function busy(doing, fn) {
  setState('busy');
  try {
    await fn();
  } catch (e) {
    say(doing + ' failed: ' + e.message, 'error');
  }
  setState('ready');
}

/** Fetches an API document with the token and hands it over as a file; the link stays to save it again. */
async function download(path, filename, shelf) {
  const url = URL.createObjectURL(await apiBlob(path));
  const link = el('a', { href: url, download: filename, 'data-download': filename }, filename);
  shelf.replaceChildren('Downloaded: ', link, ' (select it to save it again)');
  link.click();
}

/** A button that asks before it acts: the question, then "Yes, ..." or "Cancel". */
function confirmed(label, question, doing, fn, action) {
  const box = el('div', { class: 'confirm' });
  const ask = () => {
    const yes = el('button', { type: 'button', class: 'danger', 'data-confirm': action, onclick: () => act(doing, fn) }, 'Yes, ' + label.toLowerCase());
    box.replaceChildren(el('p', { role: 'alert' }, question),
      yes, el('button', { type: 'button', onclick: () => {
        box.replaceChildren(start);
        start.focus();
      } }, 'Cancel'));
    yes.focus();
  };
  const start = el('button', { type: 'button', 'data-action': action, onclick: ask }, label + '…');
  box.append(start);
  return box;
}

function monthActions(month, closed, running) {
  if (month >= running || (closed && closed.finalizedAt)) {
    return null;
  }
  // the close re-renders this view: the address keeps the month even when it was the default
  const keep = () => history.replaceState(null, '', href('invoices', { month: month }));
  const close = async () => {
    keep();
    return (await api('POST', '/api/months/' + month + '/close')).summary;
  };
  const finalize = async () => {
    keep();
    return 'Finalized ' + (await api('POST', '/api/months/' + month + '/finalize')).finalized + ' invoice(s) of ' + month + '.';
  };
  return el('div', { class: 'actions' },
    confirmed(closed ? 'Close ' + month + ' again' : 'Close ' + month,
      'Close ' + month + '? Its draft invoices are stored' + (closed ? ' again, rebuilt from the usage as it is now' : '')
        + '; they stay drafts until the month is finalized.', 'Closing ' + month, close, 'close'),
    closed ? confirmed('Finalize ' + month, 'Finalize ' + month + '? Its invoices become final and cannot change; usage that '
      + 'arrives later is billed on an adjustment invoice with the next close.', 'Finalizing ' + month, finalize, 'finalize') : null);
}

function monthPicker(month) {
  const input = el('input', { id: 'inv-month', name: 'month', type: 'month', value: month, required: true });
  return el('form', { 'aria-label': 'Choose the month', onsubmit: (event) => {
    event.preventDefault();
    go('invoices', { month: input.value });
  } }, el('label', { for: 'inv-month' }, 'Usage month'), input, el('button', { type: 'submit' }, 'Show'));
}

function invoiceTable(caption, invoices, documents) {
  return dataTable({
    caption: caption,
    columns: [{ label: 'Invoice' }, { label: 'Company' }, { label: 'Kind' }, { label: 'Status' }, { label: 'Subtotal', numeric: true },
      { label: 'Minimum top-up', numeric: true }, { label: 'Credit used', numeric: true }, { label: 'Total', numeric: true },
      { label: 'Printable' }],
    rows: invoices.map((i) => ({
      attrs: { 'data-invoice': i.invoiceId || null, 'data-company': i.companyId },
      cells: [i.invoiceId ? number(i.invoiceId) : 'draft', i.companyName, i.kind,
        i.status ? i.status : el('strong', {}, 'draft (preview)'), money(i.subtotal, i.currency), money(i.minimumTopUp, i.currency),
        money(i.creditUsed, i.currency), money(i.total, i.currency), i.invoiceId ? documents(i) : 'after the close'],
    })),
    empty: 'No invoice: no mapped usage that month.',
  });
}

function lineTable(caption, lines, explainable) {
  const columns = [{ label: 'Invoice' }, { label: 'Company' }, { label: 'Line' }, { label: 'Contract / service' }, { label: 'Proration' },
    { label: 'Quantity', numeric: true }, { label: 'Unit price', numeric: true }, { label: 'Amount', numeric: true }];
  if (explainable) {
    columns.push({ label: 'How it was computed' });
  }
  return dataTable({
    caption: caption,
    columns: columns,
    rows: lines.map((l) => ({
      attrs: { 'data-line': l.lineId || null },
      cells: [l.invoiceId ? number(l.invoiceId) : 'draft', l.companyName, l.description, l.contractId + ' / ' + l.serviceId, l.proration,
        qty(l.quantity), price(l.unitPrice), money(l.amount, l.currency)].concat(explainable ? [explainButton(l.lineId, columns.length)] : []),
    })),
    empty: 'No line.',
  });
}

/** The line's explanation in a row under it, fetched when asked; asked again, it folds away. */
function explainButton(lineId, width) {
  const button = el('button', { type: 'button', 'aria-expanded': 'false', 'data-explain': lineId, onclick: () => busy('Explaining the line', async () => {
    const row = button.closest('tr');
    if (button.getAttribute('aria-expanded') === 'true') {
      row.nextElementSibling.remove();
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    const text = await api('GET', '/api/invoice-lines/' + lineId + '/explanation');
    row.after(el('tr', { class: 'explanation', 'data-explanation': lineId }, el('td', { colspan: width }, el('pre', {}, text))));
    button.setAttribute('aria-expanded', 'true');
  }) }, 'Explain');
  return button;
}

async function closedMonth(root, month, closed, running) {
  const [invoices, lines] = await Promise.all([api('GET', '/api/invoices?month=' + month), api('GET', '/api/invoice-lines?month=' + month)]);
  const shown = el('div', { class: 'document', 'aria-live': 'polite' });
  const shelf = el('p', { class: 'downloads' });
  const documents = (i) => el('div', { class: 'buttons' },
    el('button', { type: 'button', 'data-document': i.invoiceId, onclick: () => busy('Opening ' + number(i.invoiceId), async () => {
      const url = URL.createObjectURL(await apiBlob('/api/invoices/' + i.invoiceId + '/document'));
      const frame = el('iframe', { src: url, title: 'Invoice ' + number(i.invoiceId) + ' of ' + i.companyName, 'data-invoice-document': i.invoiceId });
      shown.replaceChildren(el('h3', {}, 'Invoice ' + number(i.invoiceId) + ', ' + i.companyName),
        el('p', {}, el('a', { href: url, target: '_blank', rel: 'noopener' }, 'Open it in a new tab'), ' ',
          el('button', { type: 'button', onclick: () => frame.contentWindow.print() }, 'Print')), frame);
      shown.scrollIntoView();
    }) }, 'View'),
    el('button', { type: 'button', 'data-pdf': i.invoiceId, onclick: () => busy('Downloading ' + number(i.invoiceId),
      () => download('/api/invoices/' + i.invoiceId + '/pdf', number(i.invoiceId) + '.pdf', shelf)) }, 'PDF'));
  root.append(
    el('p', { 'data-month-state': closed.finalizedAt ? 'finalized' : 'closed' }, month + ' was closed ' + when(closed.closedAt)
      + (closed.finalizedAt ? ' and finalized ' + when(closed.finalizedAt) + ': its invoices are final.' : '; its invoices are drafts until it is finalized.')),
    monthActions(month, closed, running) || '',
    invoiceTable('The invoices of ' + month + ' (total ' + money(closed.total, invoices.length ? invoices[0].currency : '') + ')', invoices, documents),
    shelf, shown,
    lineTable('Their lines', lines, true));
}

async function preview(root, month, running) {
  const p = await api('GET', '/api/months/' + month + '/preview');
  const currency = p.byCompany.length ? p.byCompany[0].currency : '';
  const lines = p.byCompany.flatMap((i) => i.lines.map((l) => ({ ...l, companyName: i.companyName, currency: i.currency })));
  root.append(
    el('p', { class: 'draft-banner', 'data-draft': 'true' }, el('strong', {}, 'Draft: '),
      'a preview of what closing ' + month + ' would give' + (month === running ? ' (the running month: its usage is still coming in)' : ', not closed yet')
        + '. It is stored nowhere; explanations and printable invoices come with the close.'),
    monthActions(month, null, running) || '',
    invoiceTable('The draft invoices of ' + month + ' (total ' + money(p.total, currency) + ')', p.byCompany, null),
    lineTable('Their lines', lines, false));
}

function exportsOf(month) {
  const shelf = el('p', { class: 'downloads' });
  return el('section', { 'aria-labelledby': 'inv-exports' }, el('h3', { id: 'inv-exports' }, 'CSV exports of ' + month),
    el('div', { class: 'buttons' }, REPORTS.map((r) => el('button', { type: 'button', 'data-export': r, onclick: () => busy('Exporting ' + r,
      () => download('/api/exports/' + r + '?month=' + month, r + '-' + month + '.csv', shelf)) }, r))), shelf);
}

function monthList(months) {
  const rows = [{ attrs: { 'data-month': months.running }, cells: [el('a', { href: href('invoices', { month: months.running }) }, months.running),
    'running: preview only', '—', '—', '—'] }].concat(months.closed.map((m) => ({
    attrs: { 'data-month': m.month },
    cells: [el('a', { href: href('invoices', { month: m.month }) }, m.month), when(m.closedAt),
      m.finalizedAt ? when(m.finalizedAt) : 'no (drafts)', String(m.invoices), money(m.total)],
  })));
  return dataTable({
    caption: 'Months',
    columns: [{ label: 'Month' }, { label: 'Closed' }, { label: 'Finalized' }, { label: 'Invoices', numeric: true }, { label: 'Total', numeric: true }],
    rows: rows,
  });
}

export default {
  id: 'invoices',
  title: 'Invoices',
  provider: true,
  async render(root, params) {
    const months = await api('GET', '/api/months');
    const withInvoices = months.closed.find((m) => m.invoices > 0);
    const month = params.month || (withInvoices ? withInvoices.month : months.running);
    const closed = months.closed.find((m) => m.month === month);
    root.append(monthPicker(month));
    if (closed) {
      await closedMonth(root, month, closed, months.running);
    } else {
      await preview(root, month, months.running);
    }
    root.append(exportsOf(month), monthList(months));
  },
};
