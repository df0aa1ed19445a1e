// Licenses: the month's counters and licenses (manage-licenses), release one, and the month's license
// events (license-usage-history). The one view an administrator's grants can open.
import { api, el, act, may, go, dataTable } from '../core.js';

export default {
  id: 'licenses',
  title: 'Licenses',
  async render(root, params) {
    const month = params.month || '';
    root.append(el('form', { class: 'licenses-month', onsubmit: (e) => {
      e.preventDefault();
      go('licenses', { month: e.target.elements.month.value });
    } },
    el('label', { for: 'licenses-month' }, 'Month'),
    el('input', { id: 'licenses-month', name: 'month', type: 'month', value: month }),
    el('button', { type: 'submit' }, 'Show')));
    const query = month ? '?month=' + encodeURIComponent(month) : '';
    if (may('manage-licenses')) {
      const answer = await api('GET', '/api/licenses' + query);
      const c = answer.counters;
      root.append(el('p', { id: 'license-counters' }, answer.month + ' as of ' + answer.asOf + ': ' + c.all + ' licenses, '
        + c.activeTrial + ' in trial, ' + c.paid + ' paid, ' + c.released + ' released, ' + c.used + ' used.'));
      root.append(dataTable({
        caption: 'Licenses',
        columns: [{ label: 'Id', numeric: true }, { label: 'Company', numeric: true }, { label: 'Type' }, { label: 'Asset' },
          { label: 'State' }, { label: 'Allocated' }, { label: 'Valid until' }, { label: 'Auto-renew' }, { label: '' }],
        rows: answer.licenses.map((l) => ({ attrs: { 'data-license': l.licenseId }, cells: [String(l.licenseId),
          String(l.companyId), l.licenseType, l.assetId || '', l.state, l.allocatedOn, l.validUntil || '',
          l.autoRenew ? 'yes' : 'no', l.state === 'released' ? '' : el('button', { type: 'button', class: 'release danger',
            onclick: () => act('Releasing license ' + l.licenseId, async () => {
              await api('POST', '/api/licenses/' + l.licenseId + '/release');
              return 'License ' + l.licenseId + ' released.';
            }) }, 'Release')] })),
        empty: 'No licenses in this month.',
      }));
    }
    if (may('license-usage-history')) {
      const events = await api('GET', '/api/licenses/history' + query);
      root.append(dataTable({
        caption: 'License events',
        columns: [{ label: 'License', numeric: true }, { label: 'Date' }, { label: 'Event' }, { label: 'Detail' }],
        rows: events.map((e) => [String(e.licenseId), e.date, e.action, e.detail || '']),
        empty: 'No license events in this month.',
      }));
    }
  },
};
