// Storefront price list: reads the public catalog from the PocketBase API and
// renders it. All API text goes through textContent; money stays in integer
// minor units until the final display string.

const STORE_KEY = 'hostbase.currency';
const PAGE = 200;

// Billing cycles in canonical order (pb_migrations/schema.go, hooks/money).
const CYCLES = [
  ['monthly', 1, '1 month', 'monthly', '/mo', 'per month'],
  ['quarterly', 3, '3 months', 'quarterly', '/3 mo', 'per 3 months'],
  ['semiannual', 6, '6 months', 'every 6 months', '/6 mo', 'per 6 months'],
  ['annual', 12, '1 year', 'annually', '/yr', 'per year'],
  ['biennial', 24, '2 years', 'every 2 years', '/2 yr', 'per 2 years'],
  ['triennial', 36, '3 years', 'every 3 years', '/3 yr', 'per 3 years'],
  ['one_time', 0, 'One-time', 'once', 'one-time', ''],
].map(([key, months, label, billed, per, perLong]) => ({ key, months, label, billed, per, perLong }));

const KINDS = { vps: 'VPS', dedicated: 'Dedicated server', hosting: 'Web hosting', game: 'Game server' };

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c == null || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

// ---------- API ----------

class ApiError extends Error {}

async function getJSON(url) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 15000);
  try {
    let res;
    try {
      res = await fetch(url, { headers: { Accept: 'application/json' }, signal: ctrl.signal });
    } catch (e) {
      throw new ApiError(e.name === 'AbortError' ? 'The server took too long to answer.' : 'The server could not be reached.');
    }
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    if (!res.ok) {
      const msg = body && typeof body.message === 'string' && body.message ? body.message : res.statusText || 'Request failed.';
      throw new ApiError(`${msg} (HTTP ${res.status})`);
    }
    if (!body || !Array.isArray(body.items)) throw new ApiError('The server sent an unexpected answer.');
    return body;
  } finally {
    clearTimeout(timer);
  }
}

// listAll pages through a collection (skipTotal: stop on a short page).
async function listAll(collection, query) {
  const out = [];
  for (let page = 1; page <= 25; page++) {
    const q = new URLSearchParams({ ...query, page, perPage: PAGE, skipTotal: 1 });
    const body = await getJSON(`/api/collections/${collection}/records?${q}`);
    out.push(...body.items);
    if (body.items.length < PAGE) break;
  }
  return out;
}

// ---------- Money (integers only; see hooks/money) ----------

const isMinor = (n) => Number.isSafeInteger(n) && n >= 0;

// minorToDecimal renders minor units as an exact decimal string: (1299, 2) → "12.99".
function minorToDecimal(minor, decimals) {
  const digits = String(minor);
  if (decimals <= 0) return digits;
  const padded = digits.padStart(decimals + 1, '0');
  return `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
}

const formatters = new Map();
function money(minor, cur) {
  const key = `${cur.code}/${cur.decimals}`;
  let f = formatters.get(key);
  if (f === undefined) {
    try {
      f = new Intl.NumberFormat(undefined, {
        style: 'currency', currency: cur.code,
        minimumFractionDigits: cur.decimals, maximumFractionDigits: cur.decimals,
      });
    } catch { f = null; }
    formatters.set(key, f);
  }
  const dec = minorToDecimal(minor, cur.decimals);
  // Intl formats a decimal string exactly; older engines convert it to a
  // Number, which only ever happens here, for display.
  if (f) return f.format(dec);
  const sym = cur.symbol || cur.code;
  return cur.symbolAfter ? `${dec} ${sym}` : `${sym}${dec}`;
}

// cyclesFor returns the valid cycles a product prices in code, canonical order.
function cyclesFor(product, code) {
  const byCycle = product.pricing && typeof product.pricing === 'object' ? product.pricing[code] : null;
  if (!byCycle || typeof byCycle !== 'object') return [];
  const out = [];
  for (const c of CYCLES) {
    const p = byCycle[c.key];
    if (!p || !isMinor(p.price)) continue;
    out.push({ cycle: c, price: p.price, setup: isMinor(p.setup) ? p.setup : 0 });
  }
  return out;
}

const big = (n) => BigInt(n);

// cheapest mirrors money.Pricing.Cheapest: the recurring cycle with the lowest
// monthly equivalent, compared as a.price × b.months vs b.price × a.months;
// ties go to the shorter cycle, setup fees are ignored, and one_time is only
// returned when it is the only cycle.
function cheapest(entries) {
  let best = null;
  for (const e of entries) {
    if (!best) best = e;
    else if (!best.cycle.months) best = e;
    else if (e.cycle.months && big(e.price) * big(best.cycle.months) < big(best.price) * big(e.cycle.months)) best = e;
  }
  return best;
}

// savingPercent: how much cheaper entry is than paying monthly for as long,
// floored to a whole percent, in integers.
function savingPercent(entry, monthly) {
  if (!monthly || entry.cycle.months <= 1) return 0;
  const full = big(monthly.price) * big(entry.cycle.months);
  if (full <= 0n || big(entry.price) >= full) return 0;
  return Number(((full - big(entry.price)) * 100n) / full);
}

// ---------- State ----------

const state = { currencies: [], current: null, groups: [], products: [] };

function loadSaved() { try { return localStorage.getItem(STORE_KEY); } catch { return null; } }
function save(code) { try { localStorage.setItem(STORE_KEY, code); } catch { /* private mode */ } }

function isoDecimals(code) {
  try { return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits; } catch { return 2; }
}

function normaliseCurrencies(records, products) {
  let list = records
    .filter((c) => c.active !== false && /^[A-Z]{3}$/.test(c.code || ''))
    .map((c) => ({
      code: c.code, name: c.name || '', symbol: c.symbol || '', symbolAfter: !!c.symbol_after,
      decimals: Number.isInteger(c.decimals) && c.decimals >= 0 && c.decimals <= 4 ? c.decimals : isoDecimals(c.code),
      isDefault: !!c.is_default,
    }));
  if (!list.length) {
    // No currency table visible: offer the currencies the products are priced in.
    const codes = new Set();
    for (const p of products) for (const k of Object.keys(p.pricing || {})) if (/^[A-Z]{3}$/.test(k)) codes.add(k);
    list = [...codes].sort().map((code, i) => ({ code, name: '', symbol: '', symbolAfter: false, decimals: isoDecimals(code), isDefault: i === 0 }));
  }
  return list;
}

// ---------- Rendering ----------

function renderCurrencySelect() {
  const sel = $('#currency');
  sel.replaceChildren(...state.currencies.map((c) =>
    el('option', { value: c.code, selected: c === state.current }, c.symbol && c.symbol !== c.code ? `${c.code} (${c.symbol})` : c.code)));
  sel.disabled = state.currencies.length < 2;
  if (state.current) sel.value = state.current.code;
}

function formatDate(value) {
  if (!value) return null;
  const d = new Date(String(value).replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) return null;
  return el('time', { datetime: d.toISOString() }, new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(d));
}

function renderNews(items) {
  const list = items.filter((a) => a.published !== false && a.title);
  if (!list.length) return;
  $('#news-list').replaceChildren(...list.map((a) => {
    const date = formatDate(a.publish_at || a.created);
    return el('li', { class: a.featured ? 'featured' : null }, date, el('span', { class: 'news-title' }, a.title));
  }));
  $('#news').hidden = false;
}

// headline is the price a visitor compares plans by: the monthly price when
// the product has one (as hosting shops quote it), else the cheapest cycle.
function headline(entries) {
  return entries.find((e) => e.cycle.months === 1) || cheapest(entries);
}

function priceBlock(entries, cur) {
  const best = headline(entries);
  const c = best.cycle;
  const wrap = el('div', { class: 'price' });
  if (entries.length > 1) wrap.append(el('span', { class: 'from' }, 'From'));
  const line = el('p', { class: 'amount' }, el('strong', null, money(best.price, cur)));
  if (c.months) line.append(' ', el('span', { class: 'per', 'aria-hidden': 'true' }, c.per), el('span', { class: 'sr-only' }, c.perLong));
  else line.append(' ', el('span', { class: 'per' }, c.per));
  wrap.append(line);
  if (best.setup > 0) wrap.append(el('p', { class: 'setup' }, `+ ${money(best.setup, cur)} setup`));
  else if (c.months > 1) wrap.append(el('p', { class: 'setup' }, `billed ${c.billed}`));
  return wrap;
}

function cycleTable(entries, cur) {
  const monthly = entries.find((e) => e.cycle.key === 'monthly');
  const rows = entries.map((e) => {
    const pct = savingPercent(e, monthly);
    return el('tr', null,
      el('th', { scope: 'row' }, e.cycle.label, pct >= 1 ? el('span', { class: 'save' }, `save ${pct}%`) : null),
      el('td', null,
        money(e.price, cur),
        e.setup > 0 ? el('span', { class: 'muted' }, `+ ${money(e.setup, cur)} setup`) : null));
  });
  return el('table', { class: 'cycles' },
    el('caption', { class: 'sr-only' }, 'Price per billing cycle'),
    el('tbody', null, ...rows));
}

function productCard(p, cur) {
  const slug = p.slug || p.id;
  const entries = cyclesFor(p, cur.code);
  const soldOut = p.track_stock === true && p.stock === 0;
  const titleId = `t-${slug}`;
  const badges = el('div', { class: 'badges' },
    p.featured ? el('span', { class: 'badge feat' }, 'Featured') : null,
    soldOut ? el('span', { class: 'badge out' }, 'Out of stock') : null);
  const features = Array.isArray(p.features)
    ? p.features.filter((f) => typeof f === 'string' || typeof f === 'number').map((f) => el('li', null, String(f)))
    : [];
  return el('article', { class: `card${p.featured ? ' is-featured' : ''}${soldOut ? ' is-out' : ''}`, id: `product-${slug}`, 'aria-labelledby': titleId },
    el('div', { class: 'card-top' },
      KINDS[p.kind] ? el('p', { class: 'kind' }, KINDS[p.kind]) : el('span'),
      badges.childElementCount ? badges : null),
    el('h3', { id: titleId }, el('a', { href: `#product-${slug}` }, p.name)),
    p.tagline ? el('p', { class: 'tagline' }, p.tagline) : null,
    entries.length ? priceBlock(entries, cur) : el('div', { class: 'price' }, el('p', { class: 'na' }, `Not available in ${cur.code}`)),
    features.length ? el('ul', { class: 'features', 'aria-label': 'Features' }, ...features) : null,
    entries.length > 1 ? cycleTable(entries, cur) : null);
}

function renderCatalog() {
  const cur = state.current;
  const catalog = $('#catalog');
  const byGroup = new Map(state.groups.map((g) => [g.id, []]));
  for (const p of state.products) byGroup.get(p.group)?.push(p);
  const shown = state.groups.filter((g) => byGroup.get(g.id).length);

  const nav = $('#group-nav');
  nav.hidden = shown.length < 2;
  nav.firstElementChild.replaceChildren(...shown.map((g) => el('li', null, el('a', { href: `#group-${g.slug || g.id}` }, g.name))));

  if (!shown.length) {
    catalog.replaceChildren(el('div', { class: 'state', role: 'status' },
      el('h2', null, 'No products yet'),
      el('p', null, 'Run ', el('code', null, 'hostbase demo'), ' or add products in the ', el('a', { href: '/_/' }, 'dashboard'), '.')));
    return;
  }
  if (!cur) {
    catalog.replaceChildren(el('div', { class: 'state', role: 'status' }, el('h2', null, 'No currency is set up'),
      el('p', null, 'Activate a currency in the ', el('a', { href: '/_/' }, 'dashboard'), ' to show prices.')));
    return;
  }
  catalog.replaceChildren(...shown.map((g) => {
    const slug = g.slug || g.id;
    return el('section', { class: 'group', id: `group-${slug}`, 'aria-labelledby': `g-${slug}` },
      el('div', { class: 'group-head' },
        el('h2', { id: `g-${slug}` }, g.name),
        g.tagline ? el('p', null, g.tagline) : null),
      el('div', { class: 'grid' }, ...byGroup.get(g.id).map((p) => productCard(p, cur))));
  }));
  const label = cur.name ? `${cur.name} (${cur.code})` : cur.code;
  $('#intro-note').textContent = `Every plan and billing cycle we offer. Prices in ${label}.`;
}

function renderError(err) {
  const catalog = $('#catalog');
  const retry = el('button', { type: 'button' }, 'Try again');
  retry.addEventListener('click', () => { catalog.setAttribute('aria-busy', 'true'); retry.disabled = true; load(); });
  catalog.replaceChildren(el('div', { class: 'state error', role: 'alert' },
    el('h2', null, 'The catalog could not be loaded'),
    el('p', null, err instanceof ApiError ? err.message : 'Something went wrong while showing the catalog.'),
    retry));
  catalog.removeAttribute('aria-busy');
}

// ---------- Boot ----------

async function load() {
  const [currencies, groups, products, news] = await Promise.allSettled([
    listAll('currencies', { sort: 'sort,code' }),
    listAll('product_groups', { sort: 'sort,name' }),
    listAll('products', { sort: 'sort,name' }),
    getJSON('/api/collections/announcements/records?sort=-publish_at&perPage=3&skipTotal=1'),
  ]);
  for (const r of [groups, products]) {
    if (r.status === 'rejected') { console.error(r.reason); renderError(r.reason); return; }
  }
  try {
    state.groups = groups.value.filter((g) => g.hidden !== true);
    state.products = products.value.filter((p) => p.hidden !== true && p.retired !== true);
    if (currencies.status === 'rejected') console.warn('currencies:', currencies.reason.message);
    state.currencies = normaliseCurrencies(currencies.status === 'fulfilled' ? currencies.value : [], state.products);
    const saved = loadSaved();
    state.current = state.currencies.find((c) => c.code === saved)
      || state.currencies.find((c) => c.isDefault) || state.currencies[0] || null;
    renderCurrencySelect();
    if (news.status === 'fulfilled') renderNews(news.value.items.slice(0, 3));
    renderCatalog();
    $('#catalog').removeAttribute('aria-busy');
  } catch (err) {
    console.error(err);
    renderError(err);
    return;
  }
  // The list arrived after the browser looked for the #fragment: look again.
  let target = null;
  try { target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch { /* bad escape */ }
  if (target) target.scrollIntoView();
}

$('#currency').addEventListener('change', (e) => {
  const next = state.currencies.find((c) => c.code === e.target.value);
  if (!next) return;
  state.current = next;
  save(next.code);
  renderCatalog();
});

load();
