// The app shell: header (brand, shop navigation, currency, cart, account
// menu) and footer, around whatever page the router shows.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { useStore } from '../lib/store.js';
import { session, signOut } from '../lib/api.js';
import { cart } from '../lib/cart.js';
import { prefs, pickCurrency } from '../lib/prefs.js';
import { loadCatalog } from '../lib/catalog.js';
import { here, navigate } from '../lib/router.js';

function useCatalog() {
  const [catalog, setCatalog] = useState(null);
  useEffect(() => {
    loadCatalog().then(setCatalog, () => setCatalog(null));
  }, []);
  return catalog;
}

function CurrencySelect({ currencies }) {
  const p = useStore(prefs);
  const current = pickCurrency(currencies, p.currency);
  if (currencies.length < 2) return null;
  return html`<label class="currency-select">
    <span class="sr-only">Currency</span>
    <select value=${current?.code} onChange=${(e) => prefs.set({ currency: e.target.value })} aria-label="Currency">
      ${currencies.map((c) => html`<option key=${c.code} value=${c.code}>${c.code}</option>`)}
    </select>
  </label>`;
}

function AccountMenu() {
  const { customer } = useStore(session);
  const [open, setOpen] = useState(false);
  const box = useRef(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (e) => { if (!box.current?.contains(e.target)) setOpen(false); };
    const esc = (e) => { if (e.key === 'Escape') { setOpen(false); box.current?.querySelector('button')?.focus(); } };
    document.addEventListener('click', close);
    document.addEventListener('keydown', esc);
    return () => { document.removeEventListener('click', close); document.removeEventListener('keydown', esc); };
  }, [open]);
  useEffect(() => here.subscribe(() => setOpen(false)), []);

  if (!customer) {
    return html`<div class="account">
      <a class="btn btn-ghost btn-sm" href="/login">Log in</a>
      <a class="btn btn-primary btn-sm hide-xs" href="/signup">Sign up</a>
    </div>`;
  }
  const first = (customer.name || customer.email || '').split(/\s+/)[0];
  return html`<div class="account menu" ref=${box}>
    <button type="button" class="btn btn-ghost btn-sm" aria-expanded=${open} aria-haspopup="true" onClick=${() => setOpen(!open)}>
      <span class="avatar" aria-hidden="true">${first.slice(0, 1).toUpperCase()}</span>
      <span class="hide-xs">${first}</span><span class="sr-only">Account menu</span>
    </button>
    ${open && html`<ul class="menu-list" role="list">
      <li><a href="/client">Client area</a></li>
      <li><a href="/client/services">Services</a></li>
      <li><a href="/client/invoices">Invoices</a></li>
      <li><a href="/client/tickets">Support</a></li>
      <li><a href="/client/profile">Profile</a></li>
      <li><button type="button" onClick=${() => { signOut(); navigate('/'); }}>Log out</button></li>
    </ul>`}
  </div>`;
}

export function Header() {
  const catalog = useCatalog();
  const { items } = useStore(cart);
  const { path } = useStore(here);
  const groups = catalog?.groups || [];
  return html`<header class="site-header">
    <div class="wrap bar">
      <a class="brand" href="/"><img src="/favicon.svg" alt="" width="28" height="28" /><span>${document.body.dataset.site || 'Hostbase'}</span></a>
      <nav class="main-nav" aria-label="Shop">
        <ul>
          ${groups.map((g) => {
            const href = `/shop/${g.slug}`;
            return html`<li key=${g.id}><a href=${href} aria-current=${path === href ? 'page' : undefined}>${g.name}</a></li>`;
          })}
        </ul>
      </nav>
      <div class="tools">
        ${catalog && html`<${CurrencySelect} currencies=${catalog.currencies} />`}
        <a class="cart-link btn btn-ghost btn-sm" href="/cart" aria-current=${path === '/cart' ? 'page' : undefined}>
          <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"><path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6"/><circle cx="10" cy="20" r="1.4"/><circle cx="17" cy="20" r="1.4"/></svg>
          <span class="sr-only">Cart,</span>
          <span class="cart-count" aria-live="polite">${items.length}</span><span class="sr-only"> items</span>
        </a>
        <${AccountMenu} />
      </div>
    </div>
  </header>`;
}

export function Footer() {
  return html`<footer class="site-footer">
    <div class="wrap footer-grid">
      <div>
        <p class="brand-small">${document.body.dataset.site || 'Hostbase'}</p>
        <p class="muted">Cloud servers, dedicated hardware, web and game hosting.</p>
      </div>
      <nav aria-label="Footer">
        <ul class="plain">
          <li><a href="/shop">All products</a></li>
          <li><a href="/kb">Knowledge base</a></li>
          <li><a href="/announcements">News</a></li>
          <li><a href="/client">Client area</a></li>
          <li><a href="/staff/tickets">Staff</a></li>
        </ul>
      </nav>
    </div>
  </footer>`;
}
