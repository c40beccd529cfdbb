// /staff/tickets/<id>: one ticket as staff see it. The thread with internal
// notes set apart, a reply or an internal note (markdown, attachments),
// status, priority and assignment, and the customer with their services
// beside it; new messages and changes arrive through realtime.
import { html, useEffect, useState } from '../lib/html.js';
import { staffPb, staffHb, seesDepartment } from '../lib/staff.js';
import { useLoad, useRealtime, formatTime } from '../lib/client.js';
import { toProblem, fieldError, withoutFields } from '../lib/errors.js';
import { Alert, Button, Field, FormProblem, Loading, ServerHTML } from '../components/ui.js';
import { AttachmentsField } from '../components/attachments_field.js';
import { useFileToken, clip, shownName } from '../lib/attachments.js';
import { LoadProblem, NotFound, StatusBadge, isNotFound } from '../components/client_layout.js';
import { StaffPage } from '../components/staff_layout.js';
import { STATUSES, PRIORITIES } from './staff_tickets.js';

function Message({ m, token }) {
  const from = m.internal ? 'note' : m.author_staff ? 'staff' : 'customer';
  const who = m.author_staff ? (m.expand?.author_staff?.name || 'Staff') : (m.expand?.author_customer?.name || 'Customer');
  return html`<li class=${`msg ${m.author_staff ? 'from-staff' : ''} ${m.internal ? 'is-note' : ''}`} data-testid="message" data-from=${from}>
    <div class="msg-head">
      <strong>${who}</strong>
      ${m.internal && html`<span class="badge badge-warn">Internal note</span>`}
      ${m.source === 'email' && html`<span class="small muted">by email</span>`}
      <span class="muted">${formatTime(m.created)}</span>
    </div>
    <${ServerHTML} html=${m.body_html} />
    ${m.attachments?.length > 0 && html`<ul class="attachments" aria-label="Attachments">
      ${m.attachments.map((name) => html`<li key=${name}><a href=${token ? staffPb.files.getURL(m, name, { token }) : '#'} target="_blank" rel="noopener"
        aria-disabled=${token ? undefined : 'true'}>${clip}${shownName(name)}</a></li>`)}
    </ul>`}
  </li>`;
}

function Compose({ ticket, onSent }) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState([]);
  const [picker, setPicker] = useState(0);
  const [busy, setBusy] = useState('');
  const [problem, setProblem] = useState(null);
  const [sent, setSent] = useState('');
  const send = async (internal) => {
    setBusy(internal ? 'note' : 'reply'); setProblem(null); setSent('');
    const form = new FormData();
    form.set('body', body);
    form.set('internal', internal ? 'true' : 'false');
    for (const f of files) form.append('attachments', f);
    try {
      await staffHb(`/tickets/${encodeURIComponent(ticket.id)}/messages`, { method: 'POST', body: form });
      setBody(''); setFiles([]); setPicker((n) => n + 1);
      setSent(internal ? 'Internal note added.' : 'Reply sent to the customer.');
      onSent();
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy('');
  };
  return html`<form class="form card" onSubmit=${(e) => { e.preventDefault(); send(false); }} novalidate aria-labelledby="compose-h">
    <h2 id="compose-h" class="card-title">Reply or add a note</h2>
    <${Field} label="Message" name="body" type="textarea" rows="6" value=${body} hint="Markdown: **bold**, lists, links, code."
      onInput=${(v) => { setBody(v); setSent(''); setProblem((p) => withoutFields(p, 'body')); }} required error=${fieldError(problem, 'body')} />
    <${AttachmentsField} files=${files} onInput=${(v) => { setFiles(v); setProblem((p) => withoutFields(p, 'attachments')); }} inputKey=${picker} error=${fieldError(problem, 'attachments')} />
    <${FormProblem} problem=${problem} shown=${['body', 'attachments']} />
    ${sent && html`<${Alert} kind="ok">${sent}</${Alert}>`}
    <div class="row">
      <${Button} type="submit" busy=${busy === 'reply'} disabled=${!!busy}>Send reply</${Button}>
      <${Button} variant="secondary" busy=${busy === 'note'} disabled=${!!busy} onClick=${() => send(true)}>Add internal note</${Button}>
    </div>
    <p class="small muted">Customers never see internal notes, nor get an email for them.</p>
  </form>`;
}

// Manage changes status, priority and assignee in one save; the server
// checks that the assignee sees the ticket's department.
function Manage({ ticket: t, onSaved }) {
  const [status, setStatus] = useState(t.status);
  const [priority, setPriority] = useState(t.priority);
  const [assignee, setAssignee] = useState(t.assigned_to || '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [saved, setSaved] = useState(false);
  // A change made elsewhere (a reply moving the status, another member)
  // replaces what the form shows.
  useEffect(() => {
    if (t.status === status && t.priority === priority && (t.assigned_to || '') === assignee) return;
    setStatus(t.status); setPriority(t.priority); setAssignee(t.assigned_to || ''); setSaved(false);
  }, [t.status, t.priority, t.assigned_to]);
  const staff = useLoad(() => staffPb.collection('staff').getFullList({ filter: 'active = true', sort: 'name', fields: 'id,name,email,role,departments' })
    .then((list) => list.filter((s) => seesDepartment(s, t.department))), [t.department]);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null); setSaved(false);
    try {
      const updated = await staffPb.collection('tickets').update(t.id, { status, priority, assigned_to: assignee });
      setSaved(true);
      onSaved(updated);
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  const people = [{ value: '', label: 'Nobody' }, ...(staff.data || []).map((s) => ({ value: s.id, label: `${s.name || s.email} (${s.role})` }))];
  if (assignee && !people.some((p) => p.value === assignee)) people.push({ value: assignee, label: t.expand?.assigned_to?.name || 'Current assignee' });
  return html`<form class="form card" onSubmit=${submit} novalidate aria-labelledby="manage-h">
    <h2 id="manage-h" class="card-title">Ticket</h2>
    <${Field} label="Status" name="status" type="select" value=${status} options=${STATUSES}
      onInput=${(v) => { setStatus(v); setSaved(false); }} error=${fieldError(problem, 'status')} />
    <${Field} label="Priority" name="priority" type="select" value=${priority} options=${PRIORITIES.map((p) => ({ value: p, label: p }))}
      onInput=${(v) => { setPriority(v); setSaved(false); }} error=${fieldError(problem, 'priority')} />
    <${Field} label="Assigned to" name="assigned_to" type="select" value=${assignee} options=${people}
      onInput=${(v) => { setAssignee(v); setSaved(false); setProblem((p) => withoutFields(p, 'assigned_to')); }} error=${fieldError(problem, 'assigned_to')} />
    <${FormProblem} problem=${problem} shown=${['status', 'priority', 'assigned_to']} />
    ${saved && html`<p class="small ok-text" role="status">Saved.</p>`}
    <div><${Button} type="submit" variant="secondary" busy=${busy}>Save changes</${Button}></div>
  </form>`;
}

// Customer shows who wrote in and what they run, for context while replying.
function Customer({ ticket: t }) {
  const c = t.expand?.customer;
  const services = useLoad(() => staffPb.collection('services').getList(1, 20, {
    filter: staffPb.filter('customer = {:c}', { c: t.customer }), sort: '-created', expand: 'product', fields: 'id,hostname,status,expand.product.name',
  }), [t.customer]);
  return html`<section class="card" aria-labelledby="customer-h">
    <h2 id="customer-h" class="card-title">Customer</h2>
    ${c ? html`<dl class="staff-facts">
      <dt>Name</dt><dd>${c.name}${c.company ? ` · ${c.company}` : ''}</dd>
      <dt>Email</dt><dd><a href=${`mailto:${c.email}`}>${c.email}</a></dd>
      ${c.country && html`<dt>Country</dt><dd>${c.country}</dd>`}
      <dt>Status</dt><dd><${StatusBadge} status=${c.status} /></dd>
    </dl>` : html`<p class="muted">Unknown customer.</p>`}
    <h3 class="small staff-sub">Services</h3>
    ${services.problem && !services.data ? html`<${LoadProblem} problem=${services.problem} retry=${services.reload} />`
      : !services.data ? html`<${Loading} lines=${2} label="Loading the services…" />`
        : services.data.items.length === 0 ? html`<p class="small muted">No services.</p>`
          : html`<ul class="plain staff-services">${services.data.items.map((s) => html`<li key=${s.id} class=${s.id === t.service ? 'is-related' : ''}>
            <span>${s.expand?.product?.name || 'Service'}${s.hostname ? html` <span class="muted">· ${s.hostname}</span>` : null}</span>
            <${StatusBadge} status=${s.status} />${s.id === t.service ? html`<span class="sr-only"> (this ticket is about it)</span>` : null}</li>`)}</ul>`}
  </section>`;
}

function Thread({ ticket: t }) {
  const id = t.id;
  const messages = useLoad(() => staffPb.collection('ticket_messages').getFullList({
    filter: staffPb.filter('ticket = {:id}', { id }), sort: 'created', expand: 'author_staff,author_customer',
  }), [id]);
  // Realtime records carry no expand: the author's name comes from a
  // re-read, done only when the message is not already shown.
  useRealtime('ticket_messages', (e) => {
    if (e.record?.ticket !== id || e.action === 'delete') return;
    messages.setData((list) => {
      const known = (list || []).find((m) => m.id === e.record.id);
      const rest = (list || []).filter((m) => m.id !== e.record.id);
      return [...rest, { ...e.record, expand: known?.expand }].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
    });
    staffPb.collection('ticket_messages').getOne(e.record.id, { expand: 'author_staff,author_customer' })
      .then((m) => messages.setData((list) => (list || []).map((x) => (x.id === m.id ? m : x))), () => {});
  }, [id], staffPb);
  const token = useFileToken(staffPb, !!messages.data?.some((m) => m.attachments?.length));
  return html`<div class="stack">
    ${messages.problem && !messages.data ? html`<${LoadProblem} problem=${messages.problem} retry=${messages.reload} />`
      : !messages.data ? html`<${Loading} label="Loading the messages…" />`
        : html`<ol class="thread" aria-live="polite" aria-label="Messages">${messages.data.map((m) => html`<${Message} key=${m.id} m=${m} token=${token} />`)}</ol>`}
    <${Compose} ticket=${t} onSent=${messages.reload} />
  </div>`;
}

function Ticket({ id, onTitle }) {
  const expand = 'customer,department,service,assigned_to';
  const ticket = useLoad(() => staffPb.collection('tickets').getOne(id, { expand }).then((t) => { onTitle(t.subject); return t; }), [id]);
  useRealtime('tickets', (e) => {
    if (e.record?.id !== id) return;
    staffPb.collection('tickets').getOne(id, { expand }).then((t) => ticket.setData(t), () => {});
  }, [id], staffPb);
  if (isNotFound(ticket.problem)) return html`<${NotFound} what="Ticket" back="/staff/tickets" backLabel="Back to the queue" />`;
  if (ticket.problem && !ticket.data) return html`<${LoadProblem} problem=${ticket.problem} retry=${ticket.reload} />`;
  if (!ticket.data) return html`<${Loading} label="Loading the ticket…" />`;
  const t = ticket.data;
  return html`<div class="stack" data-testid="staff-ticket">
    <div class="row"><${StatusBadge} status=${t.status} />
      <span class="small muted">#${t.ref} · ${t.expand?.department?.name || ''} · <span class=${`prio prio-${t.priority}`}>${t.priority}</span> priority
        · opened ${formatTime(t.created)}${t.expand?.service ? ` · about ${t.expand.service.hostname || 'a service'}` : ''}</span></div>
    <div class="split">
      <${Thread} ticket=${t} />
      <aside class="stack sticky">
        <${Manage} ticket=${t} onSaved=${(u) => ticket.setData((old) => ({ ...u, expand: old?.expand }))} />
        <${Customer} ticket=${t} />
      </aside>
    </div>
  </div>`;
}

export default function StaffTicketPage({ params }) {
  const [title, setTitle] = useState('Ticket');
  return html`<${StaffPage} title=${title} actions=${html`<a class="btn btn-ghost btn-sm" href="/staff/tickets">← Queue</a>`}>
    <${Ticket} id=${params.id} onTitle=${setTitle} />
  </${StaffPage}>`;
}
