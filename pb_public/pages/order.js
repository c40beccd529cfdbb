// The order confirmation: the invoice's state and each service's way from
// pending to active, updated live from the customer's services (realtime)
// and re-read from GET /api/hb/orders/{id}/progress on every change.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { pb, hb } from '../lib/api.js';
import { toProblem } from '../lib/errors.js';
import { formatMoney } from '../lib/money.js';
import { Alert, Button, Empty, Loading, PageHeader } from '../components/ui.js';
import { RequireCustomer } from '../components/auth_forms.js';

const STAGES = ['pending', 'provisioning', 'active'];
const WORDS = {
  pending: 'Waiting for payment', provisioning: 'Setting up', active: 'Active', suspended: 'Suspended',
  terminated: 'Terminated', cancelled: 'Cancelled', failed: 'Setup needs our attention',
};
const DONE = new Set(['active', 'suspended', 'terminated', 'cancelled', 'failed']);

// placedHere is what the checkout in this tab said about the order (bank
// details, a notice), which the progress route does not repeat.
function placedHere(id) {
  try {
    const last = JSON.parse(sessionStorage.getItem('hostbase.lastOrder') || 'null');
    return last?.order === id ? last : null;
  } catch {
    return null;
  }
}

function Tracker({ status }) {
  const at = STAGES.indexOf(status);
  return html`<div class="tracker" aria-hidden="true">
    ${STAGES.map((s, i) => html`<span key=${s} class=${at > i || status === 'active' ? 'done' : at === i ? 'now' : ''}></span>`)}
  </div>`;
}

function Service({ s }) {
  const tone = s.status === 'active' ? 'ok' : s.status === 'failed' ? 'bad' : 'busy';
  return html`<li class="svc" data-testid="service" data-status=${s.status}>
    <div class="svc-head">
      <strong>${s.name}</strong>
      <span><span class=${`status-dot ${tone}`} aria-hidden="true"></span>${WORDS[s.status] || s.status}</span>
    </div>
    <${Tracker} status=${s.status} />
    ${s.message && s.message.replace(/\.$/, '') !== WORDS[s.status] && html`<p class="small muted">${s.message}</p>`}
    ${(s.hostname || s.ip) && html`<dl>
      ${s.hostname && html`<dt>Hostname</dt><dd>${s.hostname}</dd>`}
      ${s.ip && html`<dt>IP address</dt><dd>${s.ip}</dd>`}
    </dl>`}
    ${s.status === 'active' && html`<p><a href=${`/client/services/${s.id}`}>Manage this service →</a></p>`}
  </li>`;
}

function PayButton({ invoice }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const pay = async () => {
    setBusy(true); setProblem(null);
    try {
      const r = await hb(`/invoices/${encodeURIComponent(invoice.id)}/pay`, { method: 'POST', body: { gateway: 'stripe' } });
      if (r.next?.url) location.assign(r.next.url);
      else setBusy(false);
    } catch (err) {
      setProblem(toProblem(err));
      setBusy(false);
    }
  };
  return html`<div class="stack">
    <${Button} busy=${busy} onClick=${pay} class="btn-block">Pay ${formatMoney(invoice.amount_due, invoice.currency)} by card</${Button}>
    ${problem && html`<${Alert} kind="error">${problem.message}</${Alert}>`}
  </div>`;
}

function Progress({ id }) {
  const [data, setData] = useState(null);
  const [problem, setProblem] = useState(null);
  const seq = useRef(0);

  const load = () => {
    const mine = ++seq.current;
    hb(`/orders/${encodeURIComponent(id)}/progress`).then(
      (d) => { if (mine === seq.current) { setData(d); setProblem(null); } },
      (err) => { if (mine === seq.current) setProblem(toProblem(err)); },
    );
  };

  useEffect(() => {
    load();
    let unsubscribe = null;
    let live = true;
    // The services collection's rules send each customer only their own.
    pb.collection('services').subscribe('*', (e) => { if (e.record?.order === id) load(); })
      .then((u) => { if (live) unsubscribe = u; else u(); }, () => {});
    return () => { live = false; unsubscribe?.(); };
  }, [id]);

  // A slow re-read while something is still moving, in case a realtime
  // message is missed (a sleeping laptop, a proxy that buffers).
  const settled = data && data.services?.length && data.services.every((s) => DONE.has(s.status));
  useEffect(() => {
    if (!data || settled) return undefined;
    const t = setInterval(load, 8000);
    return () => clearInterval(t);
  }, [!!data, settled]);

  if (problem && !data) {
    return problem.status === 404 || problem.status === 403
      ? html`<${Empty} title="No such order"><p>It may belong to another account.</p><a class="btn btn-primary" href="/client">Go to your client area</a></${Empty}>`
      : html`<${Alert} kind="error" title="The order could not be loaded.">${problem.message}</${Alert}>`;
  }
  if (!data) return html`<${PageHeader} title="Your order" /><${Loading} />`;
  const inv = data.invoice || {};
  const placed = placedHere(id);
  const paid = inv.status === 'paid';
  const allActive = data.services?.length && data.services.every((s) => s.status === 'active');
  return html`
    <div class="page-head">
      ${allActive && html`<div class="big-check" aria-hidden="true">✓</div>`}
      <${PageHeader} title=${allActive ? 'Your service is ready' : paid ? 'Thank you, payment received' : 'Order placed'}
        lead=${`Order ${data.order_number || data.number || ''}`.trim()} />
    </div>
    <div class="split">
      <div class="stack">
        ${placed?.notice && html`<${Alert} kind="warn">${placed.notice}</${Alert}>`}
        ${placed?.instructions && inv.status !== 'paid' && html`<${Alert} kind="info" title="How to pay"><p style="white-space:pre-line">${placed.instructions}</p></${Alert}>`}
        <h2>Services</h2>
        ${(data.services || []).length === 0
          ? html`<p class="muted">This order has no services.</p>`
          : html`<ul class="progress-list plain" aria-live="polite">${data.services.map((s) => html`<${Service} key=${s.id} s=${s} />`)}</ul>`}
      </div>
      <aside class="sticky">
        <div class="card summary-card">
          <h2>Invoice ${inv.number || ''}</h2>
          <dl class="totals">
            <div><dt>Status</dt><dd><span class=${`badge ${paid ? 'badge-ok' : 'badge-warn'}`}>${inv.status || '—'}</span></dd></div>
            ${Number.isSafeInteger(inv.amount_due) && html`<div class="grand"><dt>Amount due</dt><dd>${formatMoney(inv.amount_due, inv.currency)}</dd></div>`}
          </dl>
          ${!paid && inv.status === 'unpaid' && inv.id && html`<${PayButton} invoice=${inv} />`}
          ${inv.id && html`<a class="btn btn-secondary btn-block" href=${`/client/invoices/${inv.id}`}>View invoice</a>`}
        </div>
      </aside>
    </div>`;
}

export default function Order({ params }) {
  return html`<${RequireCustomer} title="Log in to see your order"><${Progress} id=${params.id} /></${RequireCustomer}>`;
}
