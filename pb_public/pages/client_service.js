// One service: its state (live through realtime), address, login details
// revealed on request, usage, the panel's actions, single sign-on, a plan
// change priced by the server before it is made, and cancellation.
import { html, useState } from '../lib/html.js';
import { pb, hb } from '../lib/api.js';
import { useLoad, useRealtime, formatDay, formatBytes } from '../lib/client.js';
import { toProblem, fieldError } from '../lib/errors.js';
import { formatMoney } from '../lib/money.js';
import { loadCatalog, CYCLES } from '../lib/catalog.js';
import { navigate } from '../lib/router.js';
import { Alert, Button, Field, FormProblem, Loading } from '../components/ui.js';
import { ClientPage, LoadProblem, NotFound, StatusBadge, isNotFound, problemText } from '../components/client_layout.js';

const path = (id, rest) => `/services/${encodeURIComponent(id)}${rest}`;
const cycleLabel = (key) => CYCLES.find((c) => c.key === key)?.label || key;

function Credentials({ service }) {
  const [shown, setShown] = useState(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const reveal = async () => {
    setBusy(true); setProblem(null);
    try { setShown(await hb(path(service.id, '/credentials'))); } catch (err) { setProblem(toProblem(err)); }
    setBusy(false);
  };
  const entries = shown ? Object.entries(shown.credentials || {}) : [];
  return html`<section class="card stack" aria-labelledby="creds-h">
    <h2 id="creds-h" class="card-title">Login details</h2>
    ${shown
      ? html`<dl class="kv" data-testid="credentials">
          ${shown.username && html`<dt>Username</dt><dd><span class="secret">${shown.username}</span></dd>`}
          ${entries.map(([k, v]) => html`<dt key=${k}>${k.replace(/_/g, ' ')}</dt><dd><span class="secret">${String(v)}</span></dd>`)}
        </dl>
        <div><button type="button" class="btn btn-secondary btn-sm" onClick=${() => setShown(null)}>Hide</button></div>`
      : html`<p class="muted small">Shown only when you ask, and never stored in this browser.</p>
        <div><${Button} variant="secondary" busy=${busy} onClick=${reveal}>Show login details</${Button}></div>`}
    ${problem && html`<${Alert} kind="error">${problemText(problem)}</${Alert}>`}
  </section>`;
}

// UsageChart draws used against limit for each quantity the panel reports,
// as horizontal bars in an inline SVG.
export function UsageChart({ usage }) {
  const rows = [
    ['Disk', usage.disk_used_bytes, usage.disk_limit_bytes],
    ['Memory', usage.memory_used_bytes, usage.memory_limit_bytes],
    ['Bandwidth', usage.bandwidth_used_bytes, usage.bandwidth_limit_bytes],
  ].filter(([, used]) => Number.isSafeInteger(used));
  if (Number.isSafeInteger(usage.cpu_permille)) rows.push(['CPU', usage.cpu_permille, 1000, true]);
  if (!rows.length) return html`<p class="muted">The panel reports no usage for this service.</p>`;
  const rowH = 46;
  const text = (used, limit, permille) => {
    if (permille) return `${Math.round(used / 10)}%`;
    return Number.isSafeInteger(limit) && limit > 0 ? `${formatBytes(used)} of ${formatBytes(limit)}` : formatBytes(used);
  };
  // Widths in percent and no viewBox: the bars stretch with the card while
  // the labels keep the page's text size at every width.
  return html`<svg class="usage-chart" width="100%" height=${rows.length * rowH} role="img"
      aria-label=${rows.map(([label, used, limit, pm]) => `${label}: ${text(used, limit, pm)}`).join('; ')}>
    ${rows.map(([label, used, limit, pm], i) => {
      const share = Number.isSafeInteger(limit) && limit > 0 ? Math.min(1, used / limit) : 0;
      const y = i * rowH;
      return html`<g key=${label}>
        <text x="0" y=${y + 14}>${label}</text>
        <text class="dim" x="100%" y=${y + 14} text-anchor="end">${text(used, limit, pm)}</text>
        <rect class="track" x="0" y=${y + 22} width="100%" height="12" rx="6" />
        <rect class=${`bar ${share > 0.85 ? 'high' : ''}`} x="0" y=${y + 22} width=${`${(share * 100).toFixed(2)}%`} height="12" rx="6" />
      </g>`;
    })}
  </svg>`;
}

function Usage({ service }) {
  const usage = useLoad(() => hb(path(service.id, '/usage')), [service.id]);
  return html`<section class="card stack" aria-labelledby="usage-h">
    <div class="row-between"><h2 id="usage-h" class="card-title">Usage</h2>
      <button type="button" class="btn btn-ghost btn-sm" onClick=${usage.reload} disabled=${usage.loading}>Refresh</button></div>
    ${usage.problem ? html`<p class="muted">${problemText(usage.problem)}</p>`
      : !usage.data ? html`<${Loading} lines=${3} label="Loading usage…" />`
        : html`<${UsageChart} usage=${usage.data} />`}
  </section>`;
}

function ActionParams({ action, values, onInput, problem }) {
  return (action.params || []).map((p) => html`<${Field} key=${p.key} label=${p.label} name=${p.key}
    type=${p.type === 'select' ? 'select' : 'text'} required=${p.required} hint=${p.help}
    options=${[{ value: '', label: 'Choose…' }, ...(p.options || [])]}
    value=${values[p.key] ?? p.default ?? ''} onInput=${(v) => onInput({ ...values, [p.key]: v })}
    error=${fieldError(problem, `params.${p.key}`)} />`);
}

function Actions({ service }) {
  const list = useLoad(() => hb(path(service.id, '/actions')), [service.id]);
  const [chosen, setChosen] = useState(null);
  const [params, setParams] = useState({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [done, setDone] = useState('');
  const [sso, setSso] = useState({ busy: false, problem: null, url: '' });

  const run = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      const r = await hb(path(service.id, `/actions/${encodeURIComponent(chosen.key)}`), { method: 'POST', body: { params } });
      setDone(r.message || `${chosen.label}: done${r.pending ? ', the panel is still working on it' : ''}.`);
      setChosen(null);
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  // The window opens on the click itself (browsers block pop-ups opened
  // later), and is sent to the panel once its one-time link arrives.
  const openPanel = async () => {
    const win = window.open('', '_blank');
    setSso({ busy: true, problem: null, url: '' });
    try {
      const r = await hb(path(service.id, '/sso'));
      if (win) { win.opener = null; win.location.href = r.url; }
      setSso({ busy: false, problem: null, url: win ? '' : r.url });
    } catch (err) {
      win?.close();
      setSso({ busy: false, problem: toProblem(err), url: '' });
    }
  };

  const actions = list.data?.actions || [];
  return html`<section class="card stack" aria-labelledby="actions-h">
    <h2 id="actions-h" class="card-title">Manage</h2>
    <div class="actions-list">
      <${Button} variant="secondary" busy=${sso.busy} onClick=${openPanel}>Open control panel</${Button}>
      ${actions.map((a) => html`<button key=${a.key} type="button" class=${`btn ${a.dangerous ? 'btn-danger' : 'btn-secondary'}`}
        aria-expanded=${chosen?.key === a.key} onClick=${() => { setChosen(a); setParams({}); setProblem(null); setDone(''); }}>${a.label}</button>`)}
    </div>
    ${list.loading && !list.data && html`<p class="small muted" role="status">Asking the panel what it offers…</p>`}
    ${list.problem && html`<p class="small muted">${problemText(list.problem)}</p>`}
    ${sso.problem && html`<${Alert} kind="error">${problemText(sso.problem)}</${Alert}>`}
    ${sso.url && html`<${Alert} kind="info">Your browser blocked the new window: <a href=${sso.url} target="_blank" rel="noopener">open the control panel</a>.</${Alert}>`}
    ${chosen && html`<form class="confirm-box form" onSubmit=${run} novalidate aria-label=${`Confirm ${chosen.label}`}>
      <p><strong>${chosen.confirm || `${chosen.label} this service?`}</strong></p>
      <${ActionParams} action=${chosen} values=${params} onInput=${setParams} problem=${problem} />
      <${FormProblem} problem=${problem} shown=${(chosen.params || []).map((p) => `params.${p.key}`)} />
      <div class="row">
        <${Button} type="submit" variant=${chosen.dangerous ? 'danger' : 'primary'} busy=${busy}>Yes, ${chosen.label.toLowerCase()}</${Button}>
        <button type="button" class="btn btn-ghost" onClick=${() => setChosen(null)}>Cancel</button>
      </div>
    </form>`}
    ${done && html`<${Alert} kind="ok">${done}</${Alert}>`}
  </section>`;
}

function ChangePlan({ service }) {
  const [target, setTarget] = useState('');
  const [preview, setPreview] = useState(null);
  const [busy, setBusy] = useState('');
  const [problem, setProblem] = useState(null);
  const [applied, setApplied] = useState('');
  const catalog = useLoad(() => loadCatalog(), []);
  const current = catalog.data?.byId.get(service.product);
  const group = current?.group || service.expand?.product?.group;
  const choices = (catalog.data?.products || []).filter((p) => p.group === group && p.id !== service.product);

  const ask = async (product) => {
    setTarget(product); setPreview(null); setProblem(null); setApplied('');
    if (!product) return;
    setBusy('preview');
    try {
      setPreview(await hb(path(service.id, '/change/preview'), { method: 'POST', body: { product } }));
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy('');
  };
  const confirm = async () => {
    setBusy('change'); setProblem(null);
    try {
      const r = await hb(path(service.id, '/change'), { method: 'POST', body: { product: target } });
      if (r.invoice) { navigate(`/client/invoices/${r.invoice}`); return; }
      // A downgrade applies at once; the page's realtime subscription
      // brings the service's new plan.
      const name = choices.find((c) => c.id === target)?.name || 'the new plan';
      const credited = preview?.credit_now > 0 ? ` ${formatMoney(preview.credit_now, preview.currency)} was added to your account credit.` : '';
      setApplied(`Your service now runs ${name}.${credited}`);
      setPreview(null); setTarget(''); setBusy('');
    } catch (err) {
      setProblem(toProblem(err));
      setBusy('');
    }
  };
  if (!catalog.data || !choices.length) return null;
  const p = preview;
  return html`<section class="card stack" aria-labelledby="change-h">
    <h2 id="change-h" class="card-title">Change plan</h2>
    <${Field} label="New plan" name="product" type="select" value=${target} onInput=${ask}
      options=${[{ value: '', label: 'Choose a plan…' }, ...choices.map((c) => ({ value: c.id, label: c.name }))]}
      error=${fieldError(problem, 'product')} hint="You pay or are credited only for the days left in this period." />
    ${busy === 'preview' && html`<${Loading} lines=${2} label="Pricing the change…" />`}
    ${p && html`<div data-testid="proration">
      <p><strong>${p.kind === 'upgrade' ? 'Upgrade' : p.kind === 'downgrade' ? 'Downgrade' : 'Change'}</strong>${' · '}${p.remaining_days} of ${p.total_days} days left in this period (${formatDay(p.period_start)} – ${formatDay(p.period_end)})</p>
      <dl class="totals">
        <div><dt>New price</dt><dd>${formatMoney(p.new_price, p.currency)} ${cycleLabel(service.cycle).toLowerCase()}</dd></div>
        <div><dt>Unused part of the current plan</dt><dd>−${formatMoney(p.credit, p.currency)}</dd></div>
        <div><dt>New plan for the rest of the period</dt><dd>${formatMoney(p.charge, p.currency)}</dd></div>
        ${p.kind === 'upgrade'
          ? html`<div class="grand"><dt>Due now (tax included)</dt><dd data-testid="due-now">${formatMoney(p.due_now, p.currency)}</dd></div>`
          : html`<div class="grand"><dt>Credited to your account</dt><dd>${formatMoney(p.credit_now || p.credit_next_renewal, p.currency)}</dd></div>`}
      </dl>
    </div>`}
    <${FormProblem} problem=${problem} shown=${['product']} />
    ${applied && html`<${Alert} kind="ok">${applied}</${Alert}>`}
    ${p && html`<div><${Button} busy=${busy === 'change'} onClick=${confirm}>
      ${p.kind === 'upgrade' ? `Upgrade and pay ${formatMoney(p.due_now, p.currency)}` : 'Confirm the change'}</${Button}></div>`}
  </section>`;
}

function Cancel({ service, onDone }) {
  const [open, setOpen] = useState(false);
  const [type, setType] = useState('end_of_period');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  if (service.cancel_requested_at) {
    return html`<${Alert} kind="warn" title="Cancellation requested">
      <p>${service.cancel_type === 'immediate' ? 'The service is being cancelled now.' : `The service ends on ${formatDay(service.cancel_at)}.`}</p></${Alert}>`;
  }
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      await hb(path(service.id, '/cancel'), { method: 'POST', body: { type, reason: reason.trim() } });
      setOpen(false);
      onDone();
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  return html`<section class="card stack" aria-labelledby="cancel-h">
    <h2 id="cancel-h" class="card-title">Cancel this service</h2>
    ${!open ? html`<div><button type="button" class="btn btn-secondary" onClick=${() => setOpen(true)}>Request cancellation</button></div>`
      : html`<form class="form" onSubmit=${submit} novalidate>
        <fieldset class="choice-list">
          <legend class="sr-only">When</legend>
          <label class="choice"><input type="radio" name="cancel_type" value="end_of_period" checked=${type === 'end_of_period'} onChange=${() => setType('end_of_period')} />
            <span class="choice-main"><strong>At the end of the period</strong><br /><span class="small muted">Keep it until ${formatDay(service.next_due_date)}, already paid for.</span></span></label>
          <label class="choice"><input type="radio" name="cancel_type" value="immediate" checked=${type === 'immediate'} onChange=${() => setType('immediate')} />
            <span class="choice-main"><strong>Now</strong><br /><span class="small muted">The service and its data are removed at once.</span></span></label>
        </fieldset>
        ${fieldError(problem, 'type') && html`<p class="field-error">${fieldError(problem, 'type')}</p>`}
        <${Field} label="Why are you leaving? (optional)" name="reason" type="textarea" value=${reason} onInput=${setReason} error=${fieldError(problem, 'reason')} />
        <${FormProblem} problem=${problem} shown=${['type', 'reason']} />
        <div class="row"><${Button} type="submit" variant="danger" busy=${busy}>Request cancellation</${Button}>
          <button type="button" class="btn btn-ghost" onClick=${() => setOpen(false)}>Keep the service</button></div>
      </form>`}
  </section>`;
}

function Service({ id, onTitle }) {
  const svc = useLoad(() => pb.collection('services').getOne(id, { expand: 'product' }).then((r) => {
    onTitle(r.expand?.product?.name || 'Service');
    return r;
  }), [id]);
  useRealtime('services', (e) => {
    if (e.record?.id !== id) return;
    // A plan change moves the service to another product: read it again
    // with the new product's name; any other change is the record itself.
    if (e.record.product !== svc.data?.product) svc.reload();
    else svc.setData((s) => ({ ...e.record, expand: s?.expand }));
  }, [id], pb);
  if (isNotFound(svc.problem)) return html`<${NotFound} what="Service" back="/client/services" backLabel="Your services" />`;
  if (svc.problem && !svc.data) return html`<${LoadProblem} problem=${svc.problem} retry=${svc.reload} />`;
  if (!svc.data) return html`<${Loading} label="Loading the service…" />`;
  const s = svc.data;
  const live = s.status === 'active';
  return html`<div class="stack" data-testid="service-page">
    <div class="row"><${StatusBadge} status=${s.status} /><span class="muted" aria-live="polite">${s.status === 'provisioning' ? 'Being set up…' : ''}</span></div>
    ${s.status === 'pending' && s.order && html`<${Alert} kind="info">This service is set up once its order is paid.
      <a href=${`/client/orders/${s.order}`}>See the order and pay</a>.</${Alert}>`}
    ${s.status === 'failed' && html`<${Alert} kind="warn">Setting this service up needs our attention; our team has been told and will be in touch.</${Alert}>`}
    <div class="split">
      <div class="stack">
        <section class="card" aria-labelledby="svc-h">
          <h2 id="svc-h" class="card-title">Details</h2>
          <dl class="kv">
            <dt>Hostname</dt><dd>${s.hostname || '—'}</dd>
            <dt>IP address</dt><dd>${s.ip || '—'}</dd>
            <dt>Billing</dt><dd>${formatMoney(s.recurring_amount, s.currency)} · ${cycleLabel(s.cycle)}</dd>
            <dt>Next due</dt><dd>${formatDay(s.next_due_date)}</dd>
            ${s.suspend_reason && html`<dt>Suspended</dt><dd>${s.suspend_reason}</dd>`}
          </dl>
        </section>
        ${live && html`<${Usage} service=${s} />`}
        ${live && html`<${ChangePlan} service=${s} />`}
      </div>
      <aside class="stack">
        ${live && html`<${Actions} service=${s} />`}
        ${(live || s.status === 'suspended') && html`<${Credentials} service=${s} />`}
        ${['active', 'suspended', 'pending'].includes(s.status) && html`<${Cancel} service=${s} onDone=${svc.reload} />`}
        <a class="btn btn-ghost" href=${`/client/tickets/new?service=${s.id}`}>Ask support about this service</a>
      </aside>
    </div>
  </div>`;
}

export default function ServicePage({ params }) {
  const [title, setTitle] = useState('Service');
  return html`<${ClientPage} title=${title}>
    <${Service} id=${params.id} onTitle=${setTitle} />
  </${ClientPage}>`;
}
