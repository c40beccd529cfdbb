// A tiny client-side router over the History API. Routes are declared with
// a path pattern (":name" segments, a trailing "*" for the rest) and a lazy
// module loader; links inside the app are intercepted so that navigating
// does not reload the page.
import { createStore } from './store.js';

const routes = [];
let fallback = null;

// route registers a page: route('/product/:slug', () => import('../pages/product.js')).
// route('*', …) is the page for every path no other route matches.
export function route(pattern, load) {
  if (pattern === '*') {
    fallback = { pattern, keys: [], load };
    return;
  }
  const keys = [];
  const source = pattern
    .replace(/\/+$/, '')
    .split('/')
    .map((seg) => {
      if (seg === '*') { keys.push('rest'); return '(.*)'; }
      if (seg.startsWith(':')) { keys.push(seg.slice(1)); return '([^/]+)'; }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  routes.push({ pattern, keys, load, re: new RegExp(`^${source || ''}/?$`) });
}

// match finds the route of a path: {route, params} or null.
export function match(pathname) {
  for (const r of routes) {
    const m = r.re.exec(pathname);
    if (!m) continue;
    const params = {};
    r.keys.forEach((k, i) => {
      try { params[k] = decodeURIComponent(m[i + 1] || ''); } catch { params[k] = m[i + 1] || ''; }
    });
    return { route: r, params };
  }
  return fallback ? { route: fallback, params: {} } : null;
}

function snapshot() {
  return { path: location.pathname, query: new URLSearchParams(location.search), hash: location.hash };
}

// here is the current location: {path, query (URLSearchParams), hash}.
export const here = createStore(snapshot());

// navigate goes to an in-app URL; replace: true rewrites the current entry.
export function navigate(url, { replace = false } = {}) {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin) {
    location.assign(target.href);
    return;
  }
  const same = target.pathname === location.pathname && target.search === location.search;
  history[replace ? 'replaceState' : 'pushState'](null, '', target.pathname + target.search + target.hash);
  here.set(snapshot());
  if (!same && !target.hash) window.scrollTo(0, 0);
}

// setQuery changes query parameters in place (no new history entry), for
// state a visitor expects a reload or shared link to keep.
export function setQuery(changes) {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v == null || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  history.replaceState(null, '', location.pathname + (s ? `?${s}` : '') + location.hash);
  here.set(snapshot());
}

// isAppPath tells the links the router handles from those it leaves to the
// browser: the API, the staff dashboard and files (a short extension such
// as .pdf; a token with dots is not one) load for real. The server draws the
// same line (storefront in main.go).
export function isAppPath(pathname) {
  if (pathname.startsWith('/api/') || pathname === '/_' || pathname.startsWith('/_/')) return false;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot < 0 || last.length - dot > 6;
}

// startRouter intercepts clicks on in-app links and follows back/forward.
export function startRouter() {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest?.('a[href]');
    if (!a || (a.target && a.target !== '_self') || a.hasAttribute('download') || a.dataset.reload != null) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !isAppPath(url.pathname)) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    e.preventDefault();
    navigate(url.href);
  });
  window.addEventListener('popstate', () => here.set(snapshot()));
}
