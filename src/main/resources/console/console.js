// The console's shell: the token form, the navigation a caller's role allows, and the router that
// shows one view at a time (#view?param=value). Each view is a module in views/, loaded when shown.
'use strict';

import { api, el, say, setState, setCaller, setRerender, keepToken, token, may, caller, ApiError } from './core.js';

/** Every view, in the navigation's order, with the grant that shows it ('provider': providers only). */
const VIEWS = [
  { id: 'today', title: 'Today', grant: 'provider' },
  { id: 'reconciliation', title: 'Reconciliation', grant: 'provider' },
  { id: 'mapping', title: 'Mapping', grant: 'provider' },
  { id: 'usage', title: 'Usage', grant: 'provider' },
  { id: 'invoices', title: 'Invoices', grant: 'provider' },
  { id: 'quarantine', title: 'Quarantine', grant: 'provider' },
  { id: 'licenses', title: 'Licenses', grant: ['manage-licenses', 'license-usage-history'] },
];

const byId = (id) => document.getElementById(id);

function allowed(view) {
  return [].concat(view.grant).some((g) => may(g));
}

/** The view and its parameters from the address: '#usage?company=5' -> usage, {company: '5'}. */
function place() {
  const hash = location.hash.replace(/^#/, '');
  const [id, query] = hash.split('?', 2);
  return { id: id, params: Object.fromEntries(new URLSearchParams(query || '')) };
}

function showNav(views) {
  const current = place().id;
  byId('nav').replaceChildren(el('ul', {}, views.map((v) =>
    el('li', {}, el('a', { href: '#' + v.id, 'aria-current': v.id === current ? 'page' : null }, v.title)))));
  const me = caller();
  byId('who').textContent = me.name + ' (' + me.role + (me.role === 'administrator'
    ? ': ' + (me.grants.length ? me.grants.join(', ') : 'no grants') : '') + ')';
}

async function render() {
  if (!caller()) {
    return;
  }
  const views = VIEWS.filter(allowed);
  const main = byId('view');
  showNav(views);
  if (!views.length) {
    setState('ready');
    main.replaceChildren(el('section', { 'aria-labelledby': 'view-title' },
      el('h2', { id: 'view-title', tabindex: -1 }, 'Nothing to show'),
      el('p', {}, 'This token is an administrator\'s without grants: it may not read or change anything here. '
        + 'Ask a provider for a token with the grants you need (bin/usage-billing token --role administrator --grants ...).')));
    document.body.dataset.view = 'none';
    return;
  }
  let { id, params } = place();
  let view = views.find((v) => v.id === id);
  if (!view) {
    view = views[0];
    history.replaceState(null, '', '#' + view.id);
    params = {};
    showNav(views);
  }
  setState('loading');
  document.body.dataset.view = view.id;
  document.title = view.title + ' - usage-billing';
  const root = el('section', { 'aria-labelledby': 'view-title' }, el('h2', { id: 'view-title', tabindex: -1 }, view.title));
  main.replaceChildren(root);
  try {
    const module = await import('./views/' + view.id + '.js');
    await module.default.render(root, params);
  } catch (e) {
    say('Loading ' + view.title + ' failed: ' + e.message, 'error');
    if (e instanceof ApiError && e.status === 401) {
      signOut();
      return;
    }
  }
  setState('ready');
}

async function signIn() {
  setState('loading');
  try {
    setCaller(await api('GET', '/api/me'));
  } catch (e) {
    say(e instanceof ApiError && e.status === 401 ? 'This token is not valid (unknown, expired or revoked).'
      : 'Signing in failed: ' + e.message, 'error');
    signOut();
    return;
  }
  say('', '');
  await render();
}

function signOut() {
  keepToken(null);
  setCaller(null);
  byId('nav').replaceChildren();
  byId('who').textContent = '';
  byId('view').replaceChildren();
  setState('no-token');
  byId('token').focus();
}

byId('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = byId('token').value.trim();
  byId('token').value = '';
  if (value) {
    keepToken(value);
    signIn();
  }
});
byId('forget-token').addEventListener('click', () => {
  signOut();
  say('Token forgotten.', 'ok');
});
window.addEventListener('hashchange', () => {
  say('', '');
  render().then(() => {
    const title = byId('view-title');
    if (title) {
      title.focus();
    }
  });
});
setRerender(render);

if (token()) {
  signIn();
} else {
  signOut();
}
