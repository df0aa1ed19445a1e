// The Mapping view's service mappings: one company's (its hash parameter 'company', else the first),
// each with Delete, and the form to add one, pre-filled from 'add' (module/billingType) when a
// mapped organization without a service line asks for it. Choosing another company shows its
// mappings in place, so the keyboard stays where it was.
import { api, el, act, setState, say, href, dataTable } from '../core.js';

const seg = encodeURIComponent;

export function companyLabel(c) {
  return c.name + ' (#' + c.id + ')' + (c.active === false ? ' inactive' : '');
}

/** "336 GB-days", "9 device-days": unit-days said in the billing type's unit (storage-gb is GB). */
export function unitDays(quantity, unit) {
  const figure = String(Number(quantity));
  if (!unit) {
    return figure + ' unit-days';
  }
  const one = unit === 'storage-gb' ? 'GB' : unit.endsWith('sses') ? unit.slice(0, -2) : unit.replace(/s$/, '');
  return figure + ' ' + one + '-days';
}

/** Shows another company's mappings in place (the view is not rendered again); busy meanwhile. */
export async function showServices(section, context, focusForm) {
  setState('busy');
  try {
    await renderServices(section, context, focusForm);
  } catch (e) {
    say('Loading the service mappings failed: ' + e.message, 'error');
  }
  setState('ready');
}

/** Fills {@code section} with the chosen company's service mappings and the add form; focuses the form when asked. */
export async function renderServices(section, context, focusForm) {
  const params = context.params;
  const company = context.companies.find((c) => String(c.id) === String(params.company)) || context.companies[0];
  const title = el('h3', { id: 'services-title' }, 'Service mappings per company');
  if (!company) {
    section.replaceChildren(title, el('p', {}, 'No companies yet: read them from the PSA.'));
    return;
  }
  const [mappings, contracts] = await Promise.all([
    api('GET', '/api/service-mappings?company=' + seg(company.id)),
    api('GET', '/api/companies/' + seg(company.id) + '/contracts')]);
  const choose = el('select', { id: 'sm-company', onchange: () => {
    context.params = { ...params, company: choose.value, add: '' };
    history.replaceState(null, '', href('mapping', context.params));
    return showServices(section, context, false);
  } }, context.companies.map((c) => el('option', { value: c.id, selected: c.id === company.id }, companyLabel(c))));
  const form = addForm(context, company, contracts);
  section.replaceChildren(title,
    el('form', { class: 'company-choice', onsubmit: (event) => event.preventDefault() },
      el('label', { for: 'sm-company' }, 'Company'), choose),
    dataTable({
      caption: 'Service mappings of ' + companyLabel(company),
      columns: [{ label: 'Module' }, { label: 'Billing type' }, { label: 'Contract', numeric: true },
        { label: 'Service', numeric: true }, { label: 'Proration' }, { label: 'Mapped by' }, { label: '' }],
      rows: mappings.map((m) => ({
        cells: [m.module, m.billingType, String(m.contract), String(m.service), m.proration, m.mappedBy,
          el('button', { type: 'button', class: 'delete danger', 'aria-label': 'Delete the ' + m.module + ' / ' + m.billingType + ' mapping',
            onclick: () => act('Deleting the ' + m.module + ' / ' + m.billingType + ' mapping', async () => {
              await api('DELETE', '/api/service-mappings/' + seg(m.module) + '/' + seg(m.billingType) + '/' + seg(m.company));
              return 'Deleted the ' + m.module + ' / ' + m.billingType + ' mapping.';
            }) }, 'Delete')],
        attrs: { 'data-module': m.module, 'data-billing-type': m.billingType },
      })),
      empty: 'No service mappings for this company.' }),
    form);
  if (focusForm) {
    form.scrollIntoView();
    form.querySelector('#sm-service').focus();
  }
}

function addForm(context, company, contracts) {
  const types = context.modules.flatMap((m) => m.billingTypes.map((t) => ({ module: m.id, name: m.name, billingType: t.id, unit: t.unit })));
  const type = el('select', { id: 'sm-type', required: true }, types.map((t) => el('option',
    { value: t.module + '/' + t.billingType, selected: t.module + '/' + t.billingType === context.params.add },
    t.name + ' (' + t.module + ') / ' + t.billingType + ' [' + t.unit + ']')));
  const contract = el('select', { id: 'sm-contract' }, el('option', { value: '' }, 'its one recurring contract'),
    contracts.map((c) => el('option', { value: c.id }, c.name + ' (#' + c.id + ')' + (c.recurring ? '' : ' not recurring')
      + (c.active ? '' : ' inactive'))));
  const service = el('input', { id: 'sm-service', type: 'number', min: 1, step: 1, required: true });
  const proration = el('select', { id: 'sm-proration' }, el('option', { value: 'daily' }, 'daily'),
    el('option', { value: 'month_end' }, 'month_end'));
  return el('form', { id: 'sm-form', autocomplete: 'off', onsubmit: (event) => {
    event.preventDefault();
    const chosen = types.find((t) => t.module + '/' + t.billingType === type.value);
    const id = service.value.trim();
    const request = { module: chosen.module, billingType: chosen.billingType, company: company.id,
      // a whole number as a JSON number; anything else as typed, so the API names the bad field
      service: /^[0-9]{1,15}$/.test(id) ? Number(id) : id, proration: proration.value };
    if (contract.value) {
      request.contract = Number(contract.value);
    }
    context.params = { ...context.params, company: company.id, add: '' };
    history.replaceState(null, '', href('mapping', context.params));
    return act('Adding the ' + chosen.module + ' / ' + chosen.billingType + ' mapping', async () => {
      await api('POST', '/api/service-mappings', request);
      return 'Mapped ' + chosen.module + ' / ' + chosen.billingType + ' of ' + company.name + ' to service ' + request.service + '.';
    });
  } },
  el('h4', {}, 'Add a service mapping for ' + company.name),
  el('label', { for: 'sm-type' }, 'Module / billing type'), type,
  el('label', { for: 'sm-contract' }, 'Contract'), contract,
  el('label', { for: 'sm-service' }, 'PSA service id'), service,
  el('label', { for: 'sm-proration' }, 'Proration'), proration,
  el('button', { type: 'submit', class: 'primary' }, 'Add'));
}
