// The customer's invoices, newest first, filtered by status, a page at a
// time.
import { html } from '../lib/html.js';
import { pb } from '../lib/api.js';
import { useLoad, formatDay } from '../lib/client.js';
import { formatMoney } from '../lib/money.js';
import { setQuery } from '../lib/router.js';
import { Empty, Field, Loading } from '../components/ui.js';
import { ClientPage, LoadProblem, StatusBadge } from '../components/client_layout.js';

const PER_PAGE = 20;
const STATUSES = [
  { value: '', label: 'All invoices' }, { value: 'unpaid', label: 'Unpaid' }, { value: 'paid', label: 'Paid' },
  { value: 'cancelled', label: 'Cancelled' }, { value: 'refunded', label: 'Refunded' },
];

// InvoiceRows lists invoices as links to their pages.
export function InvoiceRows({ invoices }) {
  return html`<ul class="list-rows" data-testid="invoices">
    ${invoices.map((inv) => html`<li key=${inv.id}>
      <a class="row-link" href=${`/client/invoices/${inv.id}`}>
        <span class="row-main">
          <strong>${inv.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${inv.number}</strong>
          <span class="small muted">Issued ${formatDay(inv.issued_at)}${inv.status === 'unpaid' ? ` · due ${formatDay(inv.due_at)}` : ''}</span>
        </span>
        <span class="row-side">
          <strong>${formatMoney(inv.status === 'unpaid' ? inv.amount_due : inv.total, inv.currency)}</strong>
          <${StatusBadge} status=${inv.status} />
        </span>
      </a>
    </li>`)}
  </ul>`;
}

function Invoices({ status, page }) {
  const list = useLoad(() => pb.collection('invoices').getList(page, PER_PAGE, {
    sort: '-issued_at,-created', filter: status ? pb.filter('status = {:s}', { s: status }) : '',
  }), [status, page]);
  const filters = html`<div class="filters">
    <${Field} label="Show" name="status" type="select" value=${status} options=${STATUSES}
      onInput=${(v) => setQuery({ status: v, page: '' })} />
  </div>`;
  let body;
  if (list.problem && !list.data) body = html`<${LoadProblem} problem=${list.problem} retry=${list.reload} />`;
  else if (!list.data) body = html`<${Loading} label="Loading your invoices…" />`;
  else if (!list.data.items.length) {
    body = html`<${Empty} title=${status ? `No ${status} invoices` : 'No invoices yet'}><p>Invoices for your orders and renewals appear here.</p></${Empty}>`;
  } else {
    const { totalPages } = list.data;
    body = html`<div aria-busy=${list.loading ? 'true' : undefined}><${InvoiceRows} invoices=${list.data.items} />
      ${totalPages > 1 && html`<nav class="pager" aria-label="Pages">
        <button type="button" class="btn btn-secondary btn-sm" disabled=${page <= 1} onClick=${() => setQuery({ page: page - 1 })}>Newer</button>
        <span class="small">Page ${page} of ${totalPages}</span>
        <button type="button" class="btn btn-secondary btn-sm" disabled=${page >= totalPages} onClick=${() => setQuery({ page: page + 1 })}>Older</button>
      </nav>`}</div>`;
  }
  return html`${filters}${body}`;
}

export default function InvoicesPage({ query }) {
  const status = STATUSES.some((s) => s.value === query.get('status')) ? query.get('status') : '';
  const page = Math.max(1, Number.parseInt(query.get('page') || '1', 10) || 1);
  return html`<${ClientPage} title="Invoices" lead="What you were billed, what is paid and what is still due.">
    <${Invoices} status=${status} page=${page} />
  </${ClientPage}>`;
}
