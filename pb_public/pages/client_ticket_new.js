// Opening a ticket: department, priority, the service it is about, the
// message and attachments, sent as one multipart request.
import { html, useState } from '../lib/html.js';
import { pb, hb } from '../lib/api.js';
import { useLoad } from '../lib/client.js';
import { toProblem, fieldError, withoutFields } from '../lib/errors.js';
import { navigate } from '../lib/router.js';
import { Button, Field, FormProblem, Loading } from '../components/ui.js';
import { AttachmentsField } from '../components/attachments_field.js';
import { ClientPage, LoadProblem } from '../components/client_layout.js';

const PRIORITIES = [
  { value: 'low', label: 'Low: a question' }, { value: 'medium', label: 'Medium: something is not right' },
  { value: 'high', label: 'High: a service is impaired' }, { value: 'urgent', label: 'Urgent: a service is down' },
];

function NewTicket({ service: preselected }) {
  const choices = useLoad(() => Promise.all([
    pb.collection('ticket_departments').getFullList({ sort: 'sort,name' }),
    pb.collection('services').getFullList({ sort: '-created', expand: 'product', filter: 'status != "terminated" && status != "cancelled"' }),
  ]), []);
  const [form, setForm] = useState({ department: '', priority: 'medium', service: preselected || '', subject: '', body: '' });
  const [files, setFiles] = useState([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const set = (k) => (v) => { setForm((f) => ({ ...f, [k]: v })); setProblem((p) => withoutFields(p, k)); };
  if (choices.problem) return html`<${LoadProblem} problem=${choices.problem} retry=${choices.reload} />`;
  if (!choices.data) return html`<${Loading} label="Loading the form…" />`;
  const [departments, services] = choices.data;
  const department = form.department || departments[0]?.id || '';

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    const body = new FormData();
    body.set('department', department);
    body.set('priority', form.priority);
    body.set('subject', form.subject.trim());
    body.set('body', form.body);
    if (form.service) body.set('service', form.service);
    for (const f of files) body.append('attachments', f);
    try {
      const r = await hb('/tickets', { method: 'POST', body });
      navigate(`/client/tickets/${r.id}`);
    } catch (err) {
      setProblem(toProblem(err));
      setBusy(false);
    }
  };
  return html`<form class="form card" onSubmit=${submit} novalidate>
    <div class="form-row">
      <${Field} label="Department" name="department" type="select" value=${department} onInput=${set('department')} required
        options=${departments.map((d) => ({ value: d.id, label: d.name }))} error=${fieldError(problem, 'department')}
        hint=${departments.find((d) => d.id === department)?.description} />
      <${Field} label="Priority" name="priority" type="select" value=${form.priority} onInput=${set('priority')}
        options=${PRIORITIES} error=${fieldError(problem, 'priority')} />
    </div>
    <${Field} label="Related service" name="service" type="select" value=${form.service} onInput=${set('service')}
      options=${[{ value: '', label: 'None' }, ...services.map((s) => ({ value: s.id, label: `${s.expand?.product?.name || 'Service'}${s.hostname ? ` (${s.hostname})` : ''}` }))]}
      error=${fieldError(problem, 'service')} />
    <${Field} label="Subject" name="subject" value=${form.subject} onInput=${set('subject')} required maxlength="255" error=${fieldError(problem, 'subject')} />
    <${Field} label="Message" name="body" type="textarea" rows="8" value=${form.body} onInput=${set('body')} required
      error=${fieldError(problem, 'body')} hint="Markdown works: **bold**, lists, links." />
    <${AttachmentsField} files=${files} onInput=${(v) => { setFiles(v); setProblem((p) => withoutFields(p, 'attachments')); }} error=${fieldError(problem, 'attachments')} />
    <${FormProblem} problem=${problem} shown=${['department', 'priority', 'service', 'subject', 'body', 'attachments']} />
    <div><${Button} type="submit" busy=${busy}>Open ticket</${Button}></div>
  </form>`;
}

export default function NewTicketPage({ query }) {
  return html`<${ClientPage} title="Open a ticket" lead="Tell us what you need; we usually answer within the hour.">
    <${NewTicket} service=${query.get('service') || ''} />
  </${ClientPage}>`;
}
