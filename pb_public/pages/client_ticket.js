// One ticket: the thread as the server rendered it, staff replies arriving
// live through realtime, a reply with attachments, and closing with a
// satisfaction rating.
import { html, useEffect, useState } from '../lib/html.js';
import { pb, hb } from '../lib/api.js';
import { useLoad, useRealtime, formatTime } from '../lib/client.js';
import { toProblem, fieldError, withoutFields } from '../lib/errors.js';
import { Alert, Button, Field, FormProblem, Loading, ServerHTML } from '../components/ui.js';
import { AttachmentsField } from '../components/attachments_field.js';
import { useFileToken, clip, shownName } from '../lib/attachments.js';
import { ClientPage, LoadProblem, NotFound, StatusBadge, isNotFound } from '../components/client_layout.js';

function Message({ m, token }) {
  const staff = !!m.author_staff;
  return html`<li class=${`msg ${staff ? 'from-staff' : ''}`} data-testid="message" data-from=${staff ? 'staff' : 'customer'}>
    <div class="msg-head"><strong>${staff ? 'Support team' : 'You'}</strong><span class="muted">${formatTime(m.created)}</span></div>
    <${ServerHTML} html=${m.body_html} />
    ${m.attachments?.length > 0 && html`<ul class="attachments" aria-label="Attachments">
      ${m.attachments.map((name) => html`<li key=${name}><a href=${token ? pb.files.getURL(m, name, { token }) : '#'} target="_blank" rel="noopener"
        aria-disabled=${token ? undefined : 'true'}>${clip}${shownName(name)}</a></li>`)}
    </ul>`}
  </li>`;
}

function Reply({ ticket, onSent }) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState([]);
  const [picker, setPicker] = useState(0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    const form = new FormData();
    form.set('body', body);
    for (const f of files) form.append('attachments', f);
    try {
      await hb(`/tickets/${encodeURIComponent(ticket.id)}/messages`, { method: 'POST', body: form });
      setBody(''); setFiles([]); setPicker((n) => n + 1);
      onSent();
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  return html`<form class="form card" onSubmit=${submit} novalidate aria-labelledby="reply-h">
    <h2 id="reply-h" class="card-title">${ticket.status === 'closed' ? 'Reply and reopen' : 'Reply'}</h2>
    <${Field} label="Your message" name="body" type="textarea" rows="6" value=${body} onInput=${(v) => { setBody(v); setProblem((p) => withoutFields(p, 'body')); }} required error=${fieldError(problem, 'body')} />
    <${AttachmentsField} files=${files} onInput=${(v) => { setFiles(v); setProblem((p) => withoutFields(p, 'attachments')); }} inputKey=${picker} error=${fieldError(problem, 'attachments')} />
    <${FormProblem} problem=${problem} shown=${['body', 'attachments']} />
    <div><${Button} type="submit" busy=${busy}>Send reply</${Button}></div>
  </form>`;
}

function Close({ ticket, onDone }) {
  const closed = ticket.status === 'closed';
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  if (closed && ticket.rating > 0) {
    return html`<div class="card"><p>You rated this ticket <strong>${ticket.rating} of 5</strong>. Thank you.</p></div>`;
  }
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    const body = rating ? { rating, comment: comment.trim() } : {};
    try {
      await hb(`/tickets/${encodeURIComponent(ticket.id)}/${closed ? 'rating' : 'close'}`, { method: 'POST', body });
      onDone();
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  return html`<form class="form card" onSubmit=${submit} novalidate aria-labelledby="close-h">
    <h2 id="close-h" class="card-title">${closed ? 'How did we do?' : 'Solved?'}</h2>
    <fieldset class="stack rating-set">
      <legend class="small">${closed ? 'Rate our help from 1 (poor) to 5 (great).' : 'Close the ticket, and rate our help if you like.'}</legend>
      <div class="rating">
        ${[1, 2, 3, 4, 5].map((n) => html`<label key=${n}><input type="radio" name="rating" value=${n} checked=${rating === n} onChange=${() => setRating(n)} />${n}<span class="sr-only"> of 5</span></label>`)}
      </div>
    </fieldset>
    ${fieldError(problem, 'rating') && html`<p class="field-error">${fieldError(problem, 'rating')}</p>`}
    ${rating > 0 && html`<${Field} label="Comment (optional)" name="rating_comment" type="textarea" rows="3" value=${comment} onInput=${setComment}
      error=${fieldError(problem, 'rating_comment')} />`}
    <${FormProblem} problem=${problem} shown=${['rating', 'rating_comment']} />
    <div><${Button} type="submit" variant=${closed ? 'primary' : 'secondary'} busy=${busy} disabled=${closed && !rating}>
      ${closed ? 'Send rating' : 'Close ticket'}</${Button}></div>
  </form>`;
}

// Thread loads the messages once the ticket is known to be the customer's,
// so that a stranger's address asks for nothing more than the ticket.
function Thread({ ticket: t, onChanged }) {
  const id = t.id;
  const messages = useLoad(() => pb.collection('ticket_messages').getFullList({ filter: pb.filter('ticket = {:id}', { id }), sort: 'created' }), [id]);
  // New messages (a staff reply, this customer's own from another tab)
  // arrive through realtime; the rules send only this customer's tickets'
  // public messages.
  useRealtime('ticket_messages', (e) => {
    if (e.record?.ticket !== id || e.action === 'delete') return;
    messages.setData((list) => {
      const rest = (list || []).filter((m) => m.id !== e.record.id);
      return [...rest, e.record].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
    });
  }, [id], pb);
  const token = useFileToken(pb, !!messages.data?.some((m) => m.attachments?.length));
  return html`<div class="stack">
    ${messages.problem && !messages.data ? html`<${LoadProblem} problem=${messages.problem} retry=${messages.reload} />`
      : !messages.data ? html`<${Loading} label="Loading the messages…" />`
        : html`<ol class="thread" aria-live="polite" aria-label="Messages">${messages.data.map((m) => html`<${Message} key=${m.id} m=${m} token=${token} />`)}</ol>`}
    ${t.status === 'closed' && html`<${Alert} kind="info">This ticket is closed. A reply in the first days after closing reopens it;
      after that, <a href="/client/tickets/new">open a new ticket</a>.</${Alert}>`}
    <${Reply} ticket=${t} onSent=${() => { messages.reload(); onChanged(); }} />
  </div>`;
}

function Ticket({ id, onTitle }) {
  const ticket = useLoad(() => pb.collection('tickets').getOne(id, { expand: 'department,service' }).then((t) => {
    onTitle(t.subject);
    return t;
  }), [id]);
  useRealtime('tickets', (e) => {
    if (e.record?.id === id) ticket.setData((t) => ({ ...e.record, expand: t?.expand }));
  }, [id], pb);

  if (isNotFound(ticket.problem)) return html`<${NotFound} what="Ticket" back="/client/tickets" backLabel="Your tickets" />`;
  if (ticket.problem && !ticket.data) return html`<${LoadProblem} problem=${ticket.problem} retry=${ticket.reload} />`;
  if (!ticket.data) return html`<${Loading} label="Loading the ticket…" />`;
  const t = ticket.data;
  return html`<div class="stack" data-testid="ticket-page">
    <div class="row"><${StatusBadge} status=${t.status} />
      <span class="small muted">#${t.ref} · ${t.expand?.department?.name || ''} · ${t.priority} priority
        ${t.expand?.service && html` · <a href=${`/client/services/${t.service}`}>${t.expand.service.hostname || 'the service'}</a>`}</span></div>
    <div class="split">
      <${Thread} ticket=${t} onChanged=${ticket.reload} />
      <aside class="stack sticky"><${Close} ticket=${t} onDone=${ticket.reload} /></aside>
    </div>
  </div>`;
}

export default function TicketPage({ params }) {
  const [title, setTitle] = useState('Ticket');
  return html`<${ClientPage} title=${title}>
    <${Ticket} id=${params.id} onTitle=${setTitle} />
  </${ClientPage}>`;
}
