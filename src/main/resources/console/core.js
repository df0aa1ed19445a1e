// What every view of the console shares: the API call with the user's token, safe DOM building,
// the message line, formatting and navigation. Text from the API reaches the page only as text
// nodes (el, textContent), never as HTML.
'use strict';

const TOKEN_KEY = 'usage-billing.console.token';

let who = null;
let rerender = async () => {};

/** A refused or failed API call: the HTTP status and the API's own error text. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function keepToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

async function call(method, path, body, accept) {
  const headers = { Authorization: 'Bearer ' + token(), Accept: accept };
  const init = { method: method, headers: headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) {
    const text = await response.text();
    let reason = text || response.statusText;
    try {
      reason = JSON.parse(text).error || reason;
    } catch (e) {
      // not JSON: the text itself
    }
    throw new ApiError(response.status, response.status + ': ' + reason);
  }
  return response;
}

/** One call to /api: the parsed JSON answer (text when it is not JSON, as an explanation; null when empty). */
export async function api(method, path, body) {
  const response = await call(method, path, body, 'application/json, text/plain;q=0.5');
  const text = await response.text();
  if (!text) {
    return null;
  }
  return (response.headers.get('Content-Type') || '').includes('json') ? JSON.parse(text) : text;
}

/** A document of the API (PDF, HTML, SVG, CSV) as a Blob, fetched with the token. */
export async function apiBlob(path) {
  return (await call('GET', path, undefined, '*/*')).blob();
}

/** An element with attributes, listeners (on*) and children (strings become text nodes). */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith('on') && typeof value === 'function') {
      e.addEventListener(key.slice(2), value);
    } else if (value === true) {
      e.setAttribute(key, '');
    } else if (value !== undefined && value !== null && value !== false) {
      e.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    e.append(child === null || child === undefined ? '' : child);
  }
  return e;
}

/** The message line every view shares (role=status: screen readers announce it). */
export function say(text, kind) {
  const m = document.getElementById('message');
  m.textContent = text;
  m.className = kind || '';
}

export function setState(state) {
  document.body.dataset.state = state;
}

/** Runs a change, says its outcome (or the API's error), then shows the view again with what it changed. */
export async function act(doing, fn) {
  setState('busy');
  let outcome;
  try {
    outcome = [(await fn()) || doing + ': done.', 'ok'];
  } catch (e) {
    outcome = [doing + ' failed: ' + e.message, 'error'];
  }
  await rerender();
  say(outcome[0], outcome[1]);
}

/** "18.00 USD"; a dash where there is no amount (no price). */
export function money(amount, currency) {
  if (amount === null || amount === undefined) {
    return '—';
  }
  return Number(amount).toFixed(2) + (currency ? ' ' + currency : '');
}

/** "12 devices": a quantity with its unit, never a bare figure. */
export function qty(quantity, unit) {
  if (quantity === null || quantity === undefined) {
    return '—';
  }
  const figure = String(quantity).includes('.') ? String(Number(quantity)) : String(quantity);
  return unit ? figure + ' ' + unit : figure;
}

/** An instant of the API in the reader's own clock ("Dec 4, 2026, 11:40 PM"); a dash where there is none. */
export function when(instant) {
  return instant ? new Date(instant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

export function caller() {
  return who;
}

/** Whether the caller may do what needs {@code grant} (a provider may do everything). */
export function may(grant) {
  return who !== null && (who.role === 'provider' || (grant !== 'provider' && who.grants.includes(grant)));
}

export function setCaller(me) {
  who = me;
}

export function setRerender(fn) {
  rerender = fn;
}

/** 'k=v&...': the parameters as a query string, empty ones left out. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, String(v));
    }
  }
  return q.toString();
}

/** '#view?k=v': a link to a view with its parameters (empty ones left out). */
export function href(view, params) {
  const q = query(params);
  return '#' + view + (q ? '?' + q : '');
}

export function go(view, params) {
  const target = href(view, params);
  if (location.hash === target) {
    rerender();
  } else {
    location.hash = target;
  }
}

/**
 * A captioned table in a wrapper that scrolls sideways on a narrow screen. A cell is a string, a
 * Node, or {value, numeric, className}; a row is an array of cells or {cells, attrs} (attrs on the tr).
 */
export function dataTable({ caption, columns, rows, empty }) {
  const head = el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: c.numeric ? 'number' : null }, c.label)));
  const body = rows.map((row) => {
    const cells = Array.isArray(row) ? row : row.cells;
    return el('tr', Array.isArray(row) ? {} : row.attrs, cells.map((cell, i) => {
      const plain = cell === null || cell === undefined || typeof cell !== 'object' || cell instanceof Node;
      const numeric = plain ? columns[i] && columns[i].numeric : cell.numeric ?? (columns[i] && columns[i].numeric);
      const classes = [numeric ? 'number' : null, plain ? null : cell.className].filter(Boolean).join(' ');
      return el('td', { class: classes || null }, plain ? cell : cell.value);
    }));
  });
  if (!rows.length) {
    body.push(el('tr', {}, el('td', { colspan: columns.length, class: 'empty' }, empty || 'Nothing to show.')));
  }
  return el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    el('table', {}, el('caption', {}, caption), el('thead', {}, head), el('tbody', {}, body)));
}
