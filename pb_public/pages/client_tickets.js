// The customer's support tickets, open ones first, with their state.
import { html } from '../lib/html.js';
import { pb } from '../lib/api.js';
import { useLoad, useRealtime, formatTime } from '../lib/client.js';
import { setQuery } from '../lib/router.js';
import { Empty, Field, Loading } from '../components/ui.js';
import { ClientPage, LoadProblem, StatusBadge } from '../components/client_layout.js';

const SHOW = [{ value: 'open', label: 'Open tickets' }, { value: 'closed', label: 'Closed tickets' }, { value: 'all', label: 'All tickets' }];

// TicketRows lists tickets as links to their threads.
export function TicketRows({ tickets }) {
  return html`<ul class="list-rows" data-testid="tickets">
    ${tickets.map((t) => html`<li key=${t.id}>
      <a class="row-link" href=${`/client/tickets/${t.id}`}>
        <span class="row-main"><strong>${t.subject}</strong>
          <span class="small muted">#${t.ref} · ${t.expand?.department?.name || 'Support'} · updated ${formatTime(t.last_reply_at || t.updated)}</span></span>
        <span class="row-side"><${StatusBadge} status=${t.status} /></span>
      </a>
    </li>`)}
  </ul>`;
}

function Tickets({ show }) {
  const filter = show === 'open' ? 'status != "closed"' : show === 'closed' ? 'status = "closed"' : '';
  const list = useLoad(() => pb.collection('tickets').getList(1, 50, { sort: '-last_reply_at,-created', filter, expand: 'department' }), [show]);
  useRealtime('tickets', () => list.reload(), [show], pb);
  const filters = html`<div class="filters"><${Field} label="Show" name="show" type="select" value=${show} options=${SHOW} onInput=${(v) => setQuery({ show: v === 'open' ? '' : v })} /></div>`;
  if (list.problem && !list.data) return html`${filters}<${LoadProblem} problem=${list.problem} retry=${list.reload} />`;
  if (!list.data) return html`${filters}<${Loading} label="Loading your tickets…" />`;
  if (!list.data.items.length) {
    return html`${filters}<${Empty} title=${show === 'open' ? 'No open tickets' : 'No tickets'}>
      <p>Need a hand? Our team answers around the clock.</p><a class="btn btn-primary" href="/client/tickets/new">Open a ticket</a></${Empty}>`;
  }
  return html`${filters}<${TicketRows} tickets=${list.data.items} />`;
}

export default function TicketsPage({ query }) {
  const show = SHOW.some((s) => s.value === query.get('show')) ? query.get('show') : 'open';
  return html`<${ClientPage} title="Support tickets" lead="Questions and problems, and our answers."
      actions=${html`<a class="btn btn-primary" href="/client/tickets/new">Open a ticket</a>`}>
    <${Tickets} show=${show} />
  </${ClientPage}>`;
}
