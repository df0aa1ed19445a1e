// The Mapping view: the unmapped report (searched, filtered and paged by the server), a suggestion accepted, turned
// down or replaced by another company, suggestions accepted in bulk from a score, the mapped
// organizations whose company lacks a service line, and the service mappings per company
// (mapping-services.js). Search, filter, page, score and company are the hash's parameters, so a
// link reproduces the view.
import { api, el, say, act, money, href, go, query, dataTable } from '../core.js';
import { companyLabel, renderServices, showServices, unitDays } from './mapping-services.js';

const PAGE_SIZE = 25;
const DEFAULT_SCORE = '0.95';
const seg = encodeURIComponent;

/** Shown once after a bulk accept: what it mapped and what it skipped, with why. */
let lastBulk = null;

export default {
  id: 'mapping',
  title: 'Mapping',
  provider: true,

  async render(root, params) {
    const [report, withoutLine, companies, modules, bulk] = await Promise.all([unmappedPage(params), withoutLinePage(params),
      api('GET', '/api/companies'), api('GET', '/api/modules'),
      bulkPreview(params.minScore || DEFAULT_SCORE, params.module).catch((e) => e)]);
    const units = new Map();
    modules.forEach((m) => m.billingTypes.forEach((t) => units.set(m.id + '/' + t.id, t.unit)));
    const context = { params: params, companies: companies, modules: modules, units: units };
    const services = el('section', { id: 'services', 'aria-labelledby': 'services-title' });
    root.append(
      el('p', {}, count(report.unmapped, 'unmapped organization') + ', ' + count(report.suggestions, 'suggestion') + '; '
        + count(withoutLine.total, 'billing type') + ' of mapped organizations without a service line.'),
      el('p', {}, el('button', { type: 'button', id: 'refresh-companies',
        onclick: () => act('Reading the companies from the PSA', async () => {
          const read = await api('GET', '/api/companies?refresh=true');
          return 'Read ' + read.length + ' companies from the PSA.';
        }) }, 'Read companies from the PSA again')),
      filterForm(context),
      bulkSection(context, bulk),
      unmappedSection(context, report),
      withoutLineSection(context, withoutLine, services),
      services);
    await renderServices(services, context);
  },
};

/** "1 suggestion", "3 suggestions". */
function count(n, thing) {
  return n + ' ' + thing + (n === 1 ? '' : 's');
}

/**
 * The page of the hash's search and module filter, as the server filters and pages them (search: the
 * organization's name or id, or a suggested company's name); past the last page, the last one.
 */
function unmappedPage(params) {
  return lastPageAtMost(params.page, (offset) => api('GET', '/api/unmapped?' + query({ module: params.module, q: params.q,
    limit: PAGE_SIZE, offset: offset })), (report) => report.matching);
}

/** The hash's page of the module's mapped organizations without a service line; past the last, the last one. */
function withoutLinePage(params) {
  return lastPageAtMost(params.linesPage, (offset) => api('GET', '/api/mapped-without-service-line?'
    + query({ module: params.module, limit: PAGE_SIZE, offset: offset })), (answer) => answer.total);
}

async function lastPageAtMost(page, ask, total) {
  const wanted = Math.max(1, parseInt(page, 10) || 1);
  const answer = await ask((wanted - 1) * PAGE_SIZE);
  const last = Math.max(1, Math.ceil(total(answer) / PAGE_SIZE));
  return wanted > last ? { ...(await ask((last - 1) * PAGE_SIZE)), page: last } : { ...answer, page: wanted };
}

/** What a bulk accept at {@code minScore} would do over all the module's organizations, as the server counts it. */
function bulkPreview(minScore, module) {
  return api('GET', '/api/org-mappings/accept-suggestions/preview?' + query({ minScore: minScore, module: module }));
}

function filterForm(context) {
  const params = context.params;
  const search = el('input', { id: 'mapping-q', type: 'search', name: 'q', value: params.q || '' });
  const module = el('select', { id: 'mapping-module', name: 'module' }, el('option', { value: '' }, 'all modules'),
    context.modules.map((m) => el('option', { value: m.id, selected: m.id === params.module }, m.name + ' (' + m.id + ')')));
  return el('form', { id: 'mapping-filter', role: 'search', onsubmit: (event) => {
    event.preventDefault();
    go('mapping', { ...context.params, q: search.value.trim(), module: module.value, page: 1, linesPage: 1 });
  } },
  el('label', { for: 'mapping-q' }, 'Organization or company'), search,
  el('label', { for: 'mapping-module' }, 'Module'), module,
  el('button', { type: 'submit' }, 'Show'),
  el('a', { href: href('mapping', { company: params.company }) }, 'Clear'));
}

function bulkSection(context, first) {
  const params = context.params;
  const scope = params.module ? (context.modules.find((m) => m.id === params.module) || { name: params.module }).name : 'all modules';
  const score = el('input', { id: 'bulk-score', type: 'number', min: 0, max: 1, step: 0.01, required: true,
    value: params.minScore || DEFAULT_SCORE });
  const told = el('p', { id: 'bulk-preview', 'aria-live': 'polite' });
  const button = el('button', { type: 'submit', class: 'primary', id: 'bulk-accept' });
  // p: the server's count, an Error when it could not count, null when the score is out of range
  const show = (p) => {
    const valid = p !== null && !(p instanceof Error);
    told.textContent = valid ? 'At ' + score.value + ' or more (' + scope + '): ' + count(p.wouldMap, 'organization')
      + ' would be mapped to their best suggestion' + (p.ties ? '; ' + p.ties
        + ' tied at the top would be skipped (a person must choose).' : '.')
      : p ? 'Counting what it would map failed: ' + p.message : 'The score is from 0 to 1.';
    told.dataset.count = valid ? p.wouldMap : 0;
    told.dataset.score = score.value;
    button.textContent = 'Accept ' + count(valid ? p.wouldMap : 0, 'suggestion');
    button.disabled = !valid || p.wouldMap === 0;
  };
  let asked = 0; // an answer to a score typed over since is dropped
  score.addEventListener('input', async () => {
    const mine = ++asked;
    const min = Number(score.value);
    const p = score.value !== '' && min >= 0 && min <= 1 ? await bulkPreview(score.value, params.module).catch((e) => e) : null;
    if (mine === asked) {
      show(p);
    }
  });
  // the score goes into the address without showing the view again, so a link keeps it
  score.addEventListener('change', () => {
    context.params = { ...context.params, minScore: score.value };
    history.replaceState(null, '', href('mapping', context.params));
  });
  show(first);
  const form = el('form', { id: 'bulk-form', onsubmit: (event) => {
    event.preventDefault();
    const request = { minScore: Number(score.value) };
    if (params.module) {
      request.module = params.module;
    }
    return act('Accepting the suggestions scoring ' + score.value + ' or more', async () => {
      lastBulk = await api('POST', '/api/org-mappings/accept-suggestions', request);
      return 'Mapped ' + count(lastBulk.mapped.length, 'organization') + ' to their best suggestion; skipped '
        + lastBulk.skipped.length + '.';
    });
  } }, el('label', { for: 'bulk-score' }, 'Minimum score'), score, button);
  const section = el('section', { id: 'bulk', 'aria-labelledby': 'bulk-title' },
    el('h3', { id: 'bulk-title' }, 'Accept suggestions in bulk'),
    el('p', { class: 'hint' }, 'Maps each unmapped organization' + (params.module ? ' of this module' : '')
      + ' to its best suggestion when it scores at least this much (1.00: the same name once case, punctuation and legal form are set aside).'),
    form, told);
  if (lastBulk) {
    section.append(bulkOutcome(lastBulk));
    lastBulk = null;
  }
  return section;
}

function bulkOutcome(outcome) {
  return el('div', { id: 'bulk-outcome' },
    dataTable({ caption: 'Mapped by the last bulk accept (score ' + outcome.minScore + ' or more)',
      columns: [{ label: 'Module' }, { label: 'Organization' }, { label: 'Company' }, { label: 'Score', numeric: true }],
      rows: outcome.mapped.map((m) => ({ cells: [m.module, m.name + ' (' + m.org + ')', m.companyName + ' (#' + m.company + ')',
        Number(m.score).toFixed(2)], attrs: { 'data-org': m.org } })),
      empty: 'None.' }),
    dataTable({ caption: 'Skipped by the last bulk accept, and why',
      columns: [{ label: 'Module' }, { label: 'Organization' }, { label: 'Score', numeric: true }, { label: 'Why' }],
      rows: outcome.skipped.map((s) => ({ cells: [s.module, s.name + ' (' + s.org + ')', Number(s.score).toFixed(2), s.reason],
        attrs: { 'data-org': s.org } })),
      empty: 'None.' }));
}

function unmappedSection(context, report) {
  const params = context.params;
  const pages = Math.max(1, Math.ceil(report.matching / PAGE_SIZE));
  const shown = report.organizations;
  const range = shown.length ? (report.offset + 1) + '–' + (report.offset + shown.length) + ' of ' : '';
  return el('section', { id: 'unmapped', 'aria-labelledby': 'unmapped-title' },
    el('h3', { id: 'unmapped-title' }, 'Unmapped organizations'),
    el('p', { class: 'hint' }, 'Largest unbilled usage first. Accept a suggestion, reject it (it is not offered again),'
      + ' or map to another company. Their usage is kept and billed once they are mapped.'),
    dataTable({
      caption: 'Unmapped organizations: ' + range + report.matching + (params.q || params.module ? ' matching' : ''),
      columns: [{ label: 'Organization (module)' }, { label: 'Unbilled', numeric: true }, { label: 'Usage' },
        { label: 'Seen' }, { label: 'Suggestions' }, { label: 'Another company' }],
      rows: shown.map((o) => unmappedRow(context, o)),
      empty: params.q || params.module ? 'No unmapped organization matches.' : 'Every organization is mapped.' }),
    pager(context, 'page', report.page, pages, 'Pages of unmapped organizations'));
}

function unmappedRow(context, o) {
  const u = o.unbilled || { byBillingType: [] };
  const unpriced = u.byBillingType.some((t) => t.amount == null);
  const total = u.amount == null ? 'unpriced' : money(u.amount, u.currency) + (unpriced ? ' + unpriced usage' : '');
  const usage = el('ul', { class: 'plain' }, u.byBillingType.map((t) => el('li', {}, t.billingType + ': '
    + unitDays(t.unitDays, context.units.get(o.module + '/' + t.billingType)) + ' ('
    + (t.amount == null ? 'no price' : money(t.amount, u.currency)) + ')')));
  const suggestions = o.suggestions.length ? el('ul', { class: 'plain' }, o.suggestions.map((s) =>
    el('li', { class: 'suggestion', 'data-company': s.companyId },
      el('span', { class: s.exact ? 'exact' : null }, s.companyName + ' (#' + s.companyId + ')'),
      ' ', el('span', { class: 'score' }, Number(s.score).toFixed(2)), ' ',
      el('button', { type: 'button', class: 'accept', 'data-company': s.companyId,
        'aria-label': 'Accept ' + s.companyName + ' for ' + o.name, onclick: () => mapOrg(o, s.companyId, s.companyName) }, 'Accept'),
      ' ',
      el('button', { type: 'button', class: 'reject', 'data-company': s.companyId,
        'aria-label': 'Reject ' + s.companyName + ' for ' + o.name, onclick: () => reject(o, s) }, 'Reject'))))
    : 'none';
  const other = el('select', { class: 'other-company', 'aria-label': 'Another company for ' + o.name },
    el('option', { value: '' }, 'choose a company…'),
    context.companies.map((c) => el('option', { value: c.id }, companyLabel(c))));
  const mapOther = el('button', { type: 'button', class: 'map-other', 'aria-label': 'Map ' + o.name + ' to the chosen company',
    onclick: () => {
      if (!other.value) {
        say('Choose a company for ' + o.name + ' first.', 'error');
        return null;
      }
      const c = context.companies.find((x) => String(x.id) === other.value);
      return mapOrg(o, Number(other.value), c ? c.name : other.value);
    } }, 'Map');
  return {
    cells: [el('span', {}, o.name, el('br'), el('code', {}, o.org), el('br'), el('span', { class: 'module' }, o.module)),
      total, usage,
      el('span', {}, o.firstSeen === o.lastSeen ? o.firstSeen : [el('span', { class: 'nowrap' }, o.firstSeen + ' –'), ' ', o.lastSeen],
        el('br'), count(o.days, 'day') + ' of usage'),
      suggestions, el('span', { class: 'map-other-cell' }, other, mapOther)],
    attrs: { 'data-module': o.module, 'data-org': o.org },
  };
}

/** Links to the previous and next page: {@code key} is the hash's parameter holding this list's page. */
function pager(context, key, page, pages, label) {
  // the link's address is the page's; a click keeps what was chosen in place since (company, score)
  const link = (to, text) => (to < 1 || to > pages ? el('span', { class: 'off', 'aria-disabled': 'true' }, text)
    : el('a', { href: href('mapping', { ...context.params, [key]: to }), class: 'page-' + (to < page ? 'previous' : 'next'),
      onclick: (event) => {
        event.preventDefault();
        go('mapping', { ...context.params, [key]: to });
      } }, text));
  return el('nav', { class: 'pager', 'aria-label': label },
    link(page - 1, 'Previous page'), el('span', { class: 'page-of' }, 'Page ' + page + ' of ' + pages), link(page + 1, 'Next page'));
}

function withoutLineSection(context, answer, services) {
  const lines = answer.lines;
  const range = lines.length ? (answer.offset + 1) + '–' + (answer.offset + lines.length) + ' of ' : '';
  return el('section', { id: 'without-line', 'aria-labelledby': 'without-line-title' },
    el('h3', { id: 'without-line-title' }, 'Mapped, no service line'),
    el('p', { class: 'hint' }, 'These organizations are mapped, but their company has no service line for the billing type:'
      + ' that usage is billed nowhere until a service mapping is added.'),
    dataTable({
      caption: 'Mapped organizations without a service line: ' + range + answer.total,
      columns: [{ label: 'Company' }, { label: 'Module' }, { label: 'Organization' }, { label: 'Billing type' },
        { label: 'Usage', numeric: true }, { label: '' }],
      rows: lines.map((m) => ({
        cells: [companyLabel(context.companies.find((c) => c.id === m.companyId) || { id: m.companyId, name: 'company' }),
          m.module, m.name + ' (' + m.orgId + ')', m.billingType,
          unitDays(m.unitDays, context.units.get(m.module + '/' + m.billingType)) + ' over ' + count(m.days, 'day'),
          el('button', { type: 'button', class: 'add-line', onclick: () => {
            context.params = { ...context.params, company: m.companyId, add: m.module + '/' + m.billingType };
            history.replaceState(null, '', href('mapping', context.params));
            return showServices(services, context, true);
          } }, 'Add its service mapping')],
        attrs: { 'data-module': m.module, 'data-org': m.orgId, 'data-billing-type': m.billingType },
      })),
      empty: 'Every mapped organization\'s usage has a service line.' }),
    pager(context, 'linesPage', answer.page, Math.max(1, Math.ceil(answer.total / PAGE_SIZE)),
      'Pages of mapped organizations without a service line'));
}

function mapOrg(o, companyId, companyName) {
  return act('Mapping ' + o.name, async () => {
    await api('POST', '/api/org-mappings', { module: o.module, org: o.org, company: companyId });
    return 'Mapped ' + o.module + ' ' + o.name + ' to ' + companyName + '.';
  });
}

function reject(o, s) {
  return act('Rejecting ' + s.companyName + ' for ' + o.name, async () => {
    await api('POST', '/api/organizations/' + seg(o.module) + '/' + seg(o.org) + '/rejections', { company: s.companyId });
    return s.companyName + ' is no longer suggested for ' + o.name + '.';
  });
}
