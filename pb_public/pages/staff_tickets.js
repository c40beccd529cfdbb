// /staff/tickets: the support queue. Filters live in the address (a reload
// or a shared link keeps them); the longest-waiting tickets come first; the
// counts per status follow the other filters; realtime keeps it current.
import { html, useRef, useState } from '../lib/html.js';
import { useStore } from '../lib/store.js';
import { setQuery } from '../lib/router.js';
import { staffPb, staffSession, seesDepartment } from '../lib/staff.js';
import { readQueueFilters, queueFilter, withStatus, waitingSince } from '../lib/staff_queue.js';
import { useLoad, useRealtime } from '../lib/client.js';
import { Empty, Field, Loading } from '../components/ui.js';
import { LoadProblem, StatusBadge } from '../components/client_layout.js';
import { StaffPage } from '../components/staff_layout.js';

export const STATUSES = [
  { value: 'open', label: 'Open' },
  { value: 'customer_reply', label: 'Customer replied' },
  { value: 'answered', label: 'Answered' },
  { value: 'on_hold', label: 'On hold' },
  { value: 'closed', label: 'Closed' },
];
export const PRIORITIES = ['urgent', 'high', 'medium', 'low'];

const toFilter = ({ expr, params }) => staffPb.filter(expr, params);

function Counts({ counts, status }) {
  const active = counts ? counts.open + counts.customer_reply + counts.answered + counts.on_hold : null;
  const all = [{ value: 'active', label: 'All not closed', n: active }, ...STATUSES.map((s) => ({ ...s, n: counts?.[s.value] }))];
  return html`<ul class="staff-counts" aria-label="Tickets per status">
    ${all.map((s) => html`<li key=${s.value}>
      <button type="button" class=${`count-chip ${status === s.value ? 'is-current' : ''}`} aria-pressed=${status === s.value ? 'true' : 'false'}
        data-status-count=${s.value} onClick=${() => setQuery({ status: s.value === 'active' ? '' : s.value })}>
        <span>${s.label}</span> <strong>${s.n ?? '…'}</strong>
      </button></li>`)}
  </ul>`;
}

function Queue({ query }) {
  const { staff } = useStore(staffSession);
  const f = readQueueFilters(query);
  const [search, setSearch] = useState(f.q);
  const typing = useRef(0);
  const departments = useLoad(() => staffPb.collection('ticket_departments').getFullList({ sort: 'sort,name' })
    .then((list) => list.filter((d) => seesDepartment(staff, d.id))), [staff.id]);
  const key = JSON.stringify(f);
  const tickets = useLoad(() => staffPb.collection('tickets').getList(1, 100, {
    filter: toFilter(queueFilter(f, staff.id)), sort: 'last_reply_at,created', expand: 'customer,department,assigned_to',
    fields: 'id,ref,subject,status,priority,last_reply_at,last_reply_by,created,expand.customer.name,expand.customer.email,expand.department.name,expand.assigned_to.name',
  }), [key, staff.id]);
  const counts = useLoad(async () => {
    const { expr, params } = queueFilter(f, staff.id, false);
    const answers = await Promise.all(STATUSES.map((s) => staffPb.collection('tickets').getList(1, 1, {
      filter: staffPb.filter(withStatus(expr, s.value), params), fields: 'id',
    })));
    return Object.fromEntries(STATUSES.map((s, i) => [s.value, answers[i].totalItems]));
  }, [JSON.stringify({ ...f, status: '' }), staff.id]);
  // Any change to a ticket this member sees (a new one, a reply moving
  // its status) re-reads the queue and the counts, at most once a second.
  const pending = useRef(0);
  useRealtime('tickets', () => {
    if (pending.current) return;
    pending.current = setTimeout(() => { pending.current = 0; tickets.reload(); counts.reload(); }, 400);
  }, [key, staff.id], staffPb);

  const onSearch = (v) => {
    setSearch(v);
    clearTimeout(typing.current);
    typing.current = setTimeout(() => setQuery({ q: v.trim() }), 300);
  };
  const deptOptions = [{ value: '', label: staff.role === 'admin' ? 'All departments' : 'My departments' },
    ...(departments.data || []).map((d) => ({ value: d.id, label: d.name }))];
  const list = tickets.data?.items;
  return html`<div class="stack">
    <${Counts} counts=${counts.data} status=${f.status} />
    <form class="staff-filters" role="search" aria-label="Filter tickets" onSubmit=${(e) => e.preventDefault()}>
      <${Field} label="Search subject, reference or customer" name="q" type="search" value=${search} onInput=${onSearch} />
      <${Field} label="Department" name="department" type="select" value=${f.dept} options=${deptOptions} onInput=${(v) => setQuery({ department: v })} />
      <${Field} label="Status" name="status" type="select" value=${f.status}
        options=${[{ value: 'active', label: 'All not closed' }, ...STATUSES]} onInput=${(v) => setQuery({ status: v === 'active' ? '' : v })} />
      <${Field} label="Priority" name="priority" type="select" value=${f.priority}
        options=${[{ value: '', label: 'Any priority' }, ...PRIORITIES.map((p) => ({ value: p, label: p }))]} onInput=${(v) => setQuery({ priority: v })} />
      <${Field} label="Assigned" name="who" type="select" value=${f.who}
        options=${[{ value: '', label: 'Anyone' }, { value: 'mine', label: 'Assigned to me' }, { value: 'unassigned', label: 'Unassigned' }]} onInput=${(v) => setQuery({ who: v })} />
    </form>
    ${tickets.problem && !list ? html`<${LoadProblem} problem=${tickets.problem} retry=${tickets.reload} />`
      : !list ? html`<${Loading} label="Loading the queue…" />`
        : list.length === 0 ? html`<${Empty} title="No tickets here"><p>Nothing matches these filters. Change them, or enjoy the quiet.</p></${Empty}>`
          : html`<ol class="queue" aria-label="Tickets, longest waiting first" aria-busy=${tickets.loading ? 'true' : undefined}>
            ${list.map((t) => html`<li key=${t.id} class="queue-item" data-testid="queue-ticket" data-ref=${t.ref}>
              <div class="queue-main">
                <a class="queue-subject" href=${`/staff/tickets/${t.id}`}>${t.subject}</a>
                <span class="small muted">#${t.ref} · ${t.expand?.customer?.name || t.expand?.customer?.email || 'customer'} · ${t.expand?.department?.name || ''}</span>
              </div>
              <div class="queue-meta">
                <${StatusBadge} status=${t.status} />
                <span class=${`prio prio-${t.priority}`}>${t.priority}</span>
                <span class="small">${t.last_reply_by === 'staff' ? `answered ${waitingSince(t.last_reply_at)} ago` : `waiting ${waitingSince(t.last_reply_at || t.created)}`}</span>
                <span class="small muted">${t.expand?.assigned_to?.name ? `→ ${t.expand.assigned_to.name}` : 'unassigned'}</span>
              </div>
            </li>`)}
          </ol>`}
    ${list && tickets.data.totalItems > list.length && html`<p class="small muted">Showing the ${list.length} longest waiting of ${tickets.data.totalItems}; narrow the filters to see others.</p>`}
  </div>`;
}

export default function StaffTickets({ query }) {
  return html`<${StaffPage} title="Support tickets" lead="Longest waiting first. The list follows new tickets and replies as they come.">
    <${Queue} query=${query} />
  </${StaffPage}>`;
}
