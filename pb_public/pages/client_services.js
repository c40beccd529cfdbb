// The customer's services: each with its status (live through realtime),
// hostname, price and next due date.
import { html } from '../lib/html.js';
import { pb } from '../lib/api.js';
import { useLoad, useRealtime, formatDay } from '../lib/client.js';
import { formatMoney } from '../lib/money.js';
import { Empty, Loading } from '../components/ui.js';
import { ClientPage, LoadProblem, StatusBadge } from '../components/client_layout.js';

// ServiceRows lists services as links to their pages.
export function ServiceRows({ services }) {
  return html`<ul class="list-rows" data-testid="services">
    ${services.map((s) => html`<li key=${s.id}>
      <a class="row-link" href=${`/client/services/${s.id}`}>
        <span class="row-main">
          <strong>${s.expand?.product?.name || 'Service'}</strong>
          <span class="small muted">${s.hostname || s.ip || 'Not set up yet'}</span>
        </span>
        <span class="row-side">
          <span class="small">${formatMoney(s.recurring_amount, s.currency)} · due ${formatDay(s.next_due_date)}</span>
          <${StatusBadge} status=${s.status} />
        </span>
      </a>
    </li>`)}
  </ul>`;
}

function Services() {
  const list = useLoad(() => pb.collection('services').getFullList({ sort: '-created', expand: 'product' }), []);
  useRealtime('services', (e) => {
    const known = list.data?.find((s) => s.id === e.record.id);
    if (e.action !== 'update' || !known || known.product !== e.record.product) { list.reload(); return; }
    list.setData((rows) => rows?.map((s) => (s.id === e.record.id ? { ...e.record, expand: s.expand } : s)));
  }, [], pb);
  if (list.problem && !list.data) return html`<${LoadProblem} problem=${list.problem} retry=${list.reload} />`;
  if (!list.data) return html`<${Loading} label="Loading your services…" />`;
  if (!list.data.length) {
    return html`<${Empty} title="No services yet"><p>Servers and hosting you order appear here.</p>
      <a class="btn btn-primary" href="/shop">Browse products</a></${Empty}>`;
  }
  return html`<${ServiceRows} services=${list.data} />`;
}

export default function ServicesPage() {
  return html`<${ClientPage} title="Services" lead="Everything you run with us, and its state right now.">
    <${Services} />
  </${ClientPage}>`;
}
