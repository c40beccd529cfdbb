// Boot: the route table and the app shell. Each page is an ES module loaded
// when first visited (pages/…), so the first load carries only the shell.
import { html, render, useEffect, useRef, useState } from './lib/html.js';
import { useStore } from './lib/store.js';
import { route, match, here, startRouter } from './lib/router.js';
import { Header, Footer } from './components/shell.js';
import { Alert, Loading } from './components/ui.js';
import { refreshSession } from './lib/api.js';

route('/', () => import('./pages/home.js'));
route('/shop', () => import('./pages/catalog.js'));
route('/shop/:group', () => import('./pages/catalog.js'));
route('/product/:slug', () => import('./pages/product.js'));
route('/cart', () => import('./pages/cart.js'));
route('/checkout', () => import('./pages/checkout.js'));
route('/checkout/return', () => import('./pages/payment_return.js'));
route('/login', () => import('./pages/login.js'));
route('/signup', () => import('./pages/signup.js'));
route('/forgot-password', () => import('./pages/forgot_password.js'));
route('/reset-password', () => import('./pages/reset_password.js'));
route('/reset-password/:token', () => import('./pages/reset_password.js'));
route('/verify-email', () => import('./pages/verify_email.js'));
route('/verify-email/:token', () => import('./pages/verify_email.js'));
route('/confirm-email-change/:token', () => import('./pages/confirm_email_change.js'));
route('/client/orders/:id', () => import('./pages/order.js'));
// Client area pages go here, one line each (see README.md).
route('/client', () => import('./pages/client_dashboard.js'));
route('/client/services', () => import('./pages/client_services.js'));
route('/client/services/:id', () => import('./pages/client_service.js'));
route('/client/invoices', () => import('./pages/client_invoices.js'));
route('/client/invoices/:id', () => import('./pages/client_invoice.js'));
route('/client/tickets', () => import('./pages/client_tickets.js'));
route('/client/tickets/new', () => import('./pages/client_ticket_new.js'));
route('/client/tickets/:id', () => import('./pages/client_ticket.js'));
route('/client/credit', () => import('./pages/client_credit.js'));
route('/client/payment-methods', () => import('./pages/client_payment_methods.js'));
route('/client/affiliate', () => import('./pages/client_affiliate.js'));
route('/client/profile', () => import('./pages/client_profile.js'));
route('/kb', () => import('./pages/kb.js'));
route('/kb/:slug', () => import('./pages/kb_article.js'));
route('/announcements', () => import('./pages/announcements.js'));
route('/announcements/:slug', () => import('./pages/announcements.js'));
// Staff pages (support desk, affiliate payouts), with their own sign-in.
route('/staff', () => import('./pages/staff_tickets.js'));
route('/staff/login', () => import('./pages/staff_login.js'));
route('/staff/tickets', () => import('./pages/staff_tickets.js'));
route('/staff/tickets/:id', () => import('./pages/staff_ticket.js'));
route('/staff/payouts', () => import('./pages/staff_payouts.js'));
route('*', () => import('./pages/not_found.js'));

const modules = new Map();

function loadPage(r) {
  if (!modules.has(r)) {
    modules.set(r, r.load().catch((err) => { modules.delete(r); throw err; }));
  }
  return modules.get(r);
}

function Page() {
  const loc = useStore(here);
  const found = match(loc.path);
  const [state, setState] = useState({ route: null, module: null, error: null });
  const main = useRef(null);
  const first = useRef(true);

  useEffect(() => {
    let live = true;
    if (!found) return undefined;
    loadPage(found.route).then(
      (module) => { if (live) setState({ route: found.route, module, error: null }); },
      (error) => { if (live) setState({ route: found.route, module: null, error }); },
    );
    return () => { live = false; };
  }, [found?.route]);

  // After an in-app navigation, move focus to the new page's heading so that
  // keyboard and screen-reader users start at the top of what changed.
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    requestAnimationFrame(() => {
      const target = main.current?.querySelector('h1') || main.current;
      target?.focus({ preventScroll: true });
    });
  }, [loc.path]);

  let body;
  if (state.error && state.route === found?.route) {
    body = html`<${Alert} kind="error" title="This page could not be loaded.">
      <p>Check your connection, then <a href=${loc.path} data-reload>reload the page</a>.</p></${Alert}>`;
  } else if (!state.module || state.route !== found?.route) {
    body = html`<${Loading} label="Loading the page…" class="page-loading" />`;
  } else {
    const Component = state.module.default;
    body = html`<${Component} params=${found.params} query=${loc.query} />`;
  }
  return html`<main id="main" class="wrap main" tabindex="-1" ref=${main}>${body}</main>`;
}

function App() {
  return html`
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
    <${Header} />
    <${Page} />
    <${Footer} />`;
}

function boot() {
  startRouter();
  const root = document.getElementById('app');
  root.replaceChildren();
  render(html`<${App} />`, root);
  // A returning customer's token is renewed and their record re-read (a
  // verification or a change made elsewhere); a dead token signs them out.
  refreshSession();
}

boot();
