// The client area's overview: credit balance, what is unpaid, services and
// open tickets, each with the way to the full list.
import { html } from '../lib/html.js';
import { pb, hb, session } from '../lib/api.js';
import { useStore } from '../lib/store.js';
import { useLoad, useRealtime } from '../lib/client.js';
import { formatMoney } from '../lib/money.js';
import { Loading } from '../components/ui.js';
import { ClientPage, LoadProblem } from '../components/client_layout.js';
import { ServiceRows } from './client_services.js';
import { InvoiceRows } from './client_invoices.js';
import { TicketRows } from './client_tickets.js';

function Section({ title, href, linkLabel, state, empty, children }) {
  let body;
  if (state.problem && !state.data) body = html`<${LoadProblem} problem=${state.problem} retry=${state.reload} />`;
  else if (!state.data) body = html`<${Loading} lines=${3} />`;
  else if (!(state.data.items || state.data).length) body = html`<p class="muted">${empty}</p>`;
  else body = children(state.data.items || state.data);
  return html`<section class="stack" aria-label=${title}>
    <div class="row-between"><h2>${title}</h2><a href=${href}>${linkLabel}</a></div>
    ${body}
  </section>`;
}

function Overview() {
  const services = useLoad(() => pb.collection('services').getList(1, 5, { sort: '-created', expand: 'product', filter: 'status != "terminated" && status != "cancelled"' }), []);
  const unpaid = useLoad(() => pb.collection('invoices').getList(1, 5, { sort: 'due_at', filter: 'status = "unpaid"' }), []);
  const tickets = useLoad(() => pb.collection('tickets').getList(1, 5, { sort: '-last_reply_at', filter: 'status != "closed"', expand: 'department' }), []);
  const credit = useLoad(() => hb('/credit'), []);
  useRealtime('services', () => services.reload(), [], pb);

  const balances = Object.entries(credit.data?.balances || {}).filter(([, v]) => v !== 0);
  const due = {};
  for (const inv of unpaid.data?.items || []) due[inv.currency] = (due[inv.currency] || 0) + inv.amount_due;
  return html`<div class="stack">
    <div class="stat-grid">
      <div class="card stat"><span class="stat-label">Services</span>
        <span class="stat-value">${services.data ? services.data.totalItems : '–'}</span><a href="/client/services">Manage</a></div>
      <div class="card stat"><span class="stat-label">Unpaid</span>
        <span class="stat-value" data-testid="unpaid-total">${!unpaid.data ? '–' : Object.keys(due).length ? Object.entries(due).map(([c, v]) => formatMoney(v, c)).join(' + ') : 'None'}</span>
        <a href="/client/invoices?status=unpaid">Invoices</a></div>
      <div class="card stat"><span class="stat-label">Open tickets</span>
        <span class="stat-value">${tickets.data ? tickets.data.totalItems : '–'}</span><a href="/client/tickets">Support</a></div>
      <div class="card stat"><span class="stat-label">Account credit</span>
        <span class="stat-value" data-testid="credit-balance">${!credit.data ? '–' : balances.length ? balances.map(([c, v]) => formatMoney(v, c)).join(' + ') : 'None'}</span>
        <a href="/client/credit">Add credit</a></div>
    </div>
    <${Section} title="Services" href="/client/services" linkLabel="All services" state=${services} empty="No services yet: order one from the shop.">
      ${(items) => html`<${ServiceRows} services=${items} />`}</${Section}>
    <${Section} title="Unpaid invoices" href="/client/invoices" linkLabel="All invoices" state=${unpaid} empty="Nothing to pay. Thank you!">
      ${(items) => html`<${InvoiceRows} invoices=${items} />`}</${Section}>
    <${Section} title="Open tickets" href="/client/tickets" linkLabel="All tickets" state=${tickets} empty="No open tickets.">
      ${(items) => html`<${TicketRows} tickets=${items} />`}</${Section}>
  </div>`;
}

export default function Dashboard() {
  const { customer } = useStore(session);
  const first = (customer?.name || '').split(/\s+/)[0];
  return html`<${ClientPage} title=${first ? `Hello, ${first}` : 'Client area'} lead="Your services, invoices and support at a glance.">
    <${Overview} />
  </${ClientPage}>`;
}
