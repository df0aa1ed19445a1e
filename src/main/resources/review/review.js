// The review page: unmapped organizations with their suggestions, and service mappings per company.
// All data comes from /api with the token the user pasted (kept in sessionStorage, sent only as an
// Authorization header, never in a URL). Every text from the API goes into the DOM through
// textContent or text nodes, never as HTML.
'use strict';

(function () {
  const TOKEN_KEY = 'usage-billing.review.token';
  const byId = (id) => document.getElementById(id);
  let companies = [];
  let billingTypes = []; // [{module, moduleName, billingType, unit}], the index is the select's value

  /** An element with attributes, listeners (on*) and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key.startsWith('on')) {
        e.addEventListener(key.slice(2), value);
      } else if (value !== undefined && value !== null) {
        e.setAttribute(key, String(value));
      }
    }
    for (const child of children) {
      e.append(child === null || child === undefined ? '' : child);
    }
    return e;
  }

  function option(value, label) {
    const o = el('option', { value: value });
    o.textContent = label;
    return o;
  }

  function say(text, kind) {
    const m = byId('message');
    m.textContent = text;
    m.className = kind;
  }

  /** The body's data-state tells people (and the browser test) whether a call is under way. */
  function setState(state) {
    document.body.dataset.state = state;
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /** One call to /api; a failure throws ApiError with the API's own error message. */
  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY), Accept: 'application/json' };
    const init = { method: method, headers: headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      const reason = data && data.error ? data.error : text || response.statusText;
      throw new ApiError(response.status, response.status + ': ' + reason);
    }
    return data;
  }

  const seg = encodeURIComponent;

  /** Runs a change, then reloads what it touched; shows the outcome or the API's error. */
  async function act(doing, call, done) {
    setState('busy');
    try {
      await call();
      say(done, 'ok');
    } catch (e) {
      say(doing + ' failed: ' + e.message, 'error');
    }
    await reloadAll(false);
  }

  async function reloadAll(announce) {
    setState('loading');
    try {
      await loadUnmapped();
      await loadServiceMappings();
      if (announce) {
        say('Loaded.', 'ok');
      }
      setState('ready');
    } catch (e) {
      say('Loading failed: ' + e.message, 'error');
      setState(e.status === 401 ? 'no-token' : 'ready');
    }
  }

  function companyLabel(c) {
    return c.name + ' (#' + c.id + ')' + (c.active === false ? ' inactive' : '');
  }

  async function loadDirectory(refresh) {
    companies = await api('GET', '/api/companies' + (refresh ? '?refresh=true' : ''));
    const modules = await api('GET', '/api/modules');
    billingTypes = [];
    for (const m of modules) {
      for (const t of m.billingTypes) {
        billingTypes.push({ module: m.id, moduleName: m.name, billingType: t.id, unit: t.unit });
      }
    }
    const select = byId('sm-company');
    const chosen = select.value;
    select.replaceChildren(...companies.map((c) => option(c.id, companyLabel(c))));
    if (companies.some((c) => String(c.id) === chosen)) {
      select.value = chosen;
    }
    byId('sm-type').replaceChildren(...billingTypes.map((t, i) =>
      option(i, t.moduleName + ' (' + t.module + ') / ' + t.billingType + ' [' + t.unit + ']')));
  }

  async function loadUnmapped() {
    const report = await api('GET', '/api/unmapped');
    byId('unmapped-count').textContent = '(' + report.unmapped + ', ' + report.suggestions + ' with suggestions)';
    const rows = report.organizations.map(unmappedRow);
    if (rows.length === 0) {
      rows.push(el('tr', {}, el('td', { colspan: 6 }, 'Every organization is mapped.')));
    }
    byId('unmapped').tBodies[0].replaceChildren(...rows);
  }

  function unmappedRow(o) {
    const suggestions = el('td', { class: 'suggestions' });
    for (const s of o.suggestions) {
      suggestions.append(el('div', { class: 'suggestion', 'data-company': s.companyId },
        el('span', { class: s.exact ? 'exact' : '' }, s.companyName + ' (#' + s.companyId + ')'),
        el('span', { class: 'score' }, Number(s.score).toFixed(2)),
        el('button', { type: 'button', class: 'accept', 'data-company': s.companyId,
          onclick: () => mapOrg(o, s.companyId, s.companyName) }, 'Accept'),
        el('button', { type: 'button', class: 'reject', 'data-company': s.companyId,
          onclick: () => reject(o, s.companyId, s.companyName) }, 'Reject')));
    }
    if (o.suggestions.length === 0) {
      suggestions.append('none');
    }
    const other = el('select', { class: 'other-company', 'aria-label': 'Another company for ' + o.name },
      option('', 'choose a company...'), ...companies.map((c) => option(c.id, companyLabel(c))));
    const mapOther = el('button', { type: 'button', class: 'map-other', onclick: () => {
      if (!other.value) {
        say('Choose a company for ' + o.name + ' first.', 'error');
        return;
      }
      const c = companies.find((x) => String(x.id) === other.value);
      mapOrg(o, Number(other.value), c ? c.name : other.value);
    } }, 'Map');
    return el('tr', { 'data-module': o.module, 'data-org': o.org },
      el('td', {}, o.module), el('td', {}, o.name), el('td', {}, el('code', {}, o.org)),
      el('td', { class: 'number' }, unbilledText(o.unbilled)), suggestions, el('td', {}, other, mapOther));
  }

  // "0.90 USD (devices: 9 unit-days)": the amount at the module's price, and each billing type's unit
  function unbilledText(unbilled) {
    const u = unbilled || { byBillingType: [] };
    const types = u.byBillingType.map((t) => t.billingType + ': ' + t.unitDays + ' unit-days').join(', ');
    return (u.amount == null ? 'unpriced' : u.amount + ' ' + u.currency) + (types ? ' (' + types + ')' : '');
  }

  function mapOrg(o, companyId, companyName) {
    return act('Mapping ' + o.name, () => api('POST', '/api/org-mappings', { module: o.module, org: o.org, company: companyId }),
      'Mapped ' + o.module + ' ' + o.name + ' to ' + companyName + '.');
  }

  function reject(o, companyId, companyName) {
    return act('Rejecting ' + companyName + ' for ' + o.name,
      () => api('POST', '/api/organizations/' + seg(o.module) + '/' + seg(o.org) + '/rejections', { company: companyId }),
      companyName + ' is no longer suggested for ' + o.name + '.');
  }

  async function loadServiceMappings() {
    const company = byId('sm-company').value;
    const body = byId('service-mappings').tBodies[0];
    if (!company) {
      body.replaceChildren();
      byId('sm-contract').replaceChildren();
      return;
    }
    const mappings = await api('GET', '/api/service-mappings?company=' + seg(company));
    const contracts = await api('GET', '/api/companies/' + seg(company) + '/contracts');
    const rows = mappings.map((m) => el('tr', { 'data-module': m.module, 'data-billing-type': m.billingType },
      el('td', {}, m.module), el('td', {}, m.billingType), el('td', {}, String(m.contract)), el('td', {}, String(m.service)),
      el('td', {}, m.proration), el('td', {}, m.mappedBy),
      el('td', {}, el('button', { type: 'button', class: 'delete', onclick: () => act('Deleting ' + m.module + '/' + m.billingType,
        () => api('DELETE', '/api/service-mappings/' + seg(m.module) + '/' + seg(m.billingType) + '/' + seg(m.company)),
        'Deleted the ' + m.module + ' / ' + m.billingType + ' mapping.') }, 'Delete'))));
    if (rows.length === 0) {
      rows.push(el('tr', {}, el('td', { colspan: 7 }, 'No service mappings for this company.')));
    }
    body.replaceChildren(...rows);
    byId('sm-contract').replaceChildren(option('', 'its one recurring contract'),
      ...contracts.map((c) => option(c.id, c.name + ' (#' + c.id + ')' + (c.recurring ? '' : ' not recurring')
        + (c.active ? '' : ' inactive'))));
  }

  function addServiceMapping(event) {
    event.preventDefault();
    const type = billingTypes[Number(byId('sm-type').value)];
    const contract = byId('sm-contract').value;
    const service = byId('sm-service').value.trim();
    const request = {
      module: type.module,
      billingType: type.billingType,
      company: Number(byId('sm-company').value),
      // a whole number as a JSON number; anything else as typed, so the API names the bad field
      service: /^[0-9]{1,15}$/.test(service) ? Number(service) : service,
      proration: byId('sm-proration').value,
    };
    if (contract) {
      request.contract = Number(contract);
    }
    return act('Adding the ' + type.module + ' / ' + type.billingType + ' mapping',
      () => api('POST', '/api/service-mappings', request),
      'Mapped ' + type.module + ' / ' + type.billingType + ' to service ' + request.service + '.');
  }

  async function start(refreshCompanies) {
    setState('loading');
    try {
      await loadDirectory(refreshCompanies);
    } catch (e) {
      say('Loading failed: ' + e.message, 'error');
      setState(e.status === 401 ? 'no-token' : 'ready');
      return;
    }
    await reloadAll(true);
  }

  document.addEventListener('DOMContentLoaded', () => {
    byId('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = byId('token').value.trim();
      byId('token').value = '';
      if (!token) {
        say('Paste an API token first.', 'error');
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, token);
      start(false);
    });
    byId('forget-token').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      setState('no-token');
      say('Token forgotten.', 'ok');
    });
    byId('reload').addEventListener('click', () => reloadAll(true));
    byId('refresh-companies').addEventListener('click', () => start(true));
    byId('sm-company').addEventListener('change', () => reloadAll(false));
    byId('sm-form').addEventListener('submit', addServiceMapping);
    if (sessionStorage.getItem(TOKEN_KEY)) {
      start(false);
    }
  });
}());
