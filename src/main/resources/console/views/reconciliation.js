// Reconciliation: for one day, per company and contract line, the usage's units beside the PSA's and
// the difference (GET /api/units); send the fixes or plan the day's sync for approval; the plans
// waiting for a person, each with its changes, to approve or reject. #reconciliation?plan=ID shows one.
import { api, el, act, qty, go, when, dataTable } from '../core.js';

const enc = encodeURIComponent;

/** "devices", or "devices/users" for a line that several billing types of other units feed. */
function unitOf(line) {
  return [...new Set(line.billingTypes.map((t) => t.unit))].join('/');
}

function signed(n) {
  return (Number(n) > 0 ? '+' : '') + qty(n);
}

/** The difference with a marker and words, so a drift is not told by colour alone. */
function difference(d, unit) {
  if (d.difference === undefined) {
    return d.usage === undefined ? 'no usage synced' : 'the PSA has no units';
  }
  if (Number(d.difference) === 0) {
    return 'none';
  }
  return el('span', { class: 'drift-mark' }, '⚠ ' + signed(d.difference) + ' ' + unit
    + (Number(d.difference) > 0 ? ': the PSA holds more' : ': the PSA holds less'));
}

function lineRow(line) {
  const unit = unitOf(line);
  const d = line.days[line.days.length - 1];
  const drift = d.difference !== undefined && Number(d.difference) !== 0;
  return {
    attrs: { 'data-contract': line.contractId, 'data-service': line.serviceId, 'data-drift': drift, class: drift ? 'problem' : null },
    cells: [line.companyName || 'not mapped', String(line.contractId), String(line.serviceId),
      line.billingTypes.map((t) => t.module + ' ' + t.billingType).join(', ') || '—',
      qty(d.usage, unit), qty(d.psa, unit), { value: difference(d, unit), numeric: true }],
  };
}

/** The day, and one company or all: each line shown is one read of the PSA, so a company reads less. */
function dayForm(day, companies, company) {
  return el('form', { class: 'reconciliation-day', onsubmit: (e) => {
    e.preventDefault();
    go('reconciliation', { date: e.target.elements.date.value, company: e.target.elements.company.value });
  } },
  el('label', { for: 'reconciliation-date' }, 'Day'),
  el('input', { id: 'reconciliation-date', name: 'date', type: 'date', value: day || '', required: true }),
  el('label', { for: 'reconciliation-company' }, 'Company'),
  el('select', { id: 'reconciliation-company', name: 'company' }, el('option', { value: '' }, 'all companies'),
    companies.map((c) => el('option', { value: c.id, selected: String(c.id) === company }, c.name + ' (' + c.id + ')'))),
  el('button', { type: 'submit' }, 'Show'));
}

function actions(day) {
  return el('div', { class: 'reconciliation-actions' },
    el('button', { type: 'button', class: 'primary', 'data-action': 'fix', onclick: () => act('Sending the fixes for ' + day,
      async () => {
        const done = await api('POST', '/api/reconciliation?from=' + enc(day) + '&to=' + enc(day));
        const held = done.changes.filter((c) => c.status === 'held').length;
        return done.summary + (held ? '; ' + held + ' change(s) held for approval in plan ' + done.run + '.' : '.');
      }) }, 'Send the fixes for ' + day),
    el('button', { type: 'button', 'data-action': 'plan', onclick: () => act('Planning the sync of ' + day, async () => {
      const plan = await api('POST', '/api/plans?date=' + enc(day));
      return 'Plan ' + plan.plan + ': ' + plan.changes.filter((c) => c.status === 'held').length
        + ' change(s) waiting for approval.';
    }) }, 'Plan the sync of ' + day + ' for approval'),
    el('p', { class: 'hint' }, 'Fixes go out under the approval rules: a change they hold waits below. '
      + 'Planning syncs the day again and holds every change for approval.'));
}

function planTitle(plan) {
  return 'Plan ' + plan.plan + ': ' + (plan.kind === 'reconcile'
    ? 'reconciliation of ' + (plan.from === plan.day ? plan.day : plan.from + ' to ' + plan.day)
    : 'sync of ' + plan.day);
}

function heldPlan(plan) {
  const id = plan.plan;
  return el('section', { class: 'held-plan', id: 'plan-' + id, 'data-plan': id, tabindex: -1,
    'aria-labelledby': 'plan-' + id + '-title' },
  el('h4', { id: 'plan-' + id + '-title' }, planTitle(plan)),
  el('p', { class: 'hint' }, 'Planned ' + when(plan.planned) + '.'),
  dataTable({
    caption: 'Changes held in plan ' + id,
    columns: [{ label: 'Contract', numeric: true }, { label: 'Service', numeric: true }, { label: 'Effective' },
      { label: 'PSA now', numeric: true }, { label: 'Target', numeric: true }, { label: 'Change', numeric: true }],
    rows: plan.changes.map((c) => ({ attrs: { 'data-contract': c.contractId, 'data-service': c.serviceId },
      cells: [String(c.contractId), String(c.serviceId), c.effectiveDate, qty(c.psaUnitsBefore), qty(c.targetUnits),
        signed(c.unitChange)] })),
  }),
  el('div', { class: 'plan-actions' },
    el('button', { type: 'button', class: 'primary', 'data-plan-action': 'approve', onclick: () => act('Approving plan ' + id,
      async () => {
        const done = await api('POST', '/api/plans/' + id + '/approve');
        return 'Plan ' + id + ' approved: ' + done.changes.filter((c) => c.status === 'confirmed').length + ' of '
          + done.changes.length + ' change(s) confirmed by the PSA.';
      }) }, 'Approve plan ' + id),
    el('button', { type: 'button', class: 'danger', 'data-plan-action': 'reject', onclick: () => act('Rejecting plan ' + id,
      async () => {
        await api('POST', '/api/plans/' + id + '/reject');
        return 'Plan ' + id + ' rejected: its changes will not be sent.';
      }) }, 'Reject plan ' + id)));
}

function heldPlans(plans, wanted) {
  const section = el('section', { class: 'held-plans', 'aria-labelledby': 'held-plans-title' },
    el('h3', { id: 'held-plans-title' }, 'Plans waiting for approval'));
  if (wanted && !plans.some((p) => String(p.plan) === wanted)) {
    section.append(el('p', { class: 'note', id: 'plan-not-held' }, 'Plan ' + wanted + ' has no change waiting for approval.'));
  }
  section.append(...(plans.length ? plans.map(heldPlan) : [el('p', { class: 'hint' }, 'No plan is waiting for approval.')]));
  return section;
}

export default {
  id: 'reconciliation',
  title: 'Reconciliation',
  provider: true,
  async render(root, params) {
    const query = new URLSearchParams();
    if (params.date) {
      query.set('from', params.date);
      query.set('to', params.date);
    }
    if (params.company) {
      query.set('company', params.company);
    }
    const [units, plans, companies] = await Promise.all([api('GET', '/api/units?' + query),
      api('GET', '/api/plans?status=held'), api('GET', '/api/companies')]);
    const form = dayForm(params.date, companies, params.company);
    root.append(form);
    const day = units.to;
    form.elements.date.value = day;
    const drifts = units.lines.filter((l) => {
      const d = l.days[l.days.length - 1];
      return d.difference !== undefined && Number(d.difference) !== 0;
    }).length;
    root.append(
      el('p', { id: 'reconciliation-summary' }, day + ': ' + units.lines.length + ' contract line(s), '
        + (drifts ? drifts + ' where the PSA differs from the usage.' : 'the PSA holds the usage on each.')),
      dataTable({
        caption: 'Usage and the PSA on ' + day,
        columns: [{ label: 'Company' }, { label: 'Contract', numeric: true }, { label: 'Service', numeric: true },
          { label: 'Billed from' }, { label: 'Usage', numeric: true }, { label: 'PSA', numeric: true },
          { label: 'Difference', numeric: true }],
        rows: units.lines.map(lineRow),
        empty: 'No contract line has synced usage on ' + day + '.',
      }));
    if (units.unread.length) {
      root.append(el('div', { class: 'unread', role: 'note' }, el('h3', {}, 'Lines the PSA would not let us read'),
        el('ul', {}, units.unread.map((u) => el('li', { 'data-contract': u.contractId },
          (u.companyName ? u.companyName + ', ' : '') + 'contract ' + u.contractId + ' service ' + u.serviceId + ': ' + u.reason)))));
    }
    root.append(actions(day), heldPlans(plans, params.plan));
    const shown = params.plan && root.querySelector('[data-plan="' + CSS.escape(params.plan) + '"]');
    if (shown) {
      shown.classList.add('wanted');
      // after the shell has focused the view's title
      setTimeout(() => shown.focus(), 0);
    }
  },
};
