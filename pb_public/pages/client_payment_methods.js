// Saved payment methods: the cards on file, which one renewals charge,
// adding one on Stripe's page and removing one.
import { html, useState } from '../lib/html.js';
import { pb, hb } from '../lib/api.js';
import { useLoad } from '../lib/client.js';
import { toProblem } from '../lib/errors.js';
import { setQuery } from '../lib/router.js';
import { Alert, Button, Empty, Loading } from '../components/ui.js';
import { ClientPage, LoadProblem, problemText } from '../components/client_layout.js';

const pad2 = (n) => String(n).padStart(2, '0');

function Method({ m, onChanged }) {
  const [busy, setBusy] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState(null);
  const act = async (what) => {
    setBusy(what); setProblem(null);
    try {
      if (what === 'remove') await hb(`/payment-methods/${encodeURIComponent(m.id)}`, { method: 'DELETE' });
      else await hb(`/payment-methods/${encodeURIComponent(m.id)}/default`, { method: 'POST' });
      onChanged();
    } catch (err) {
      setProblem(toProblem(err));
      setBusy('');
    }
  };
  const name = m.label || `${m.brand ? m.brand[0].toUpperCase() + m.brand.slice(1) : m.gateway === 'paypal' ? 'PayPal' : 'Card'}${m.last4 ? ` ending ${m.last4}` : ''}`;
  return html`<li class="card stack" data-testid="payment-method">
    <div class="row-between">
      <div><strong>${name}</strong>${m.is_default && html` <span class="badge badge-ok">Default</span>`}
        ${m.exp_month > 0 && html`<br /><span class="small muted">Expires ${pad2(m.exp_month)}/${m.exp_year}</span>`}</div>
      <div class="row">
        ${!m.is_default && html`<${Button} variant="secondary" class="btn-sm" busy=${busy === 'default'} onClick=${() => act('default')}>Make default</${Button}>`}
        ${!confirming && html`<button type="button" class="btn btn-ghost btn-sm" onClick=${() => setConfirming(true)}>Remove</button>`}
      </div>
    </div>
    ${confirming && html`<div class="confirm-box row-between">
      <span>Remove ${name}? Renewals will not charge it again.</span>
      <div class="row"><${Button} variant="danger" class="btn-sm" busy=${busy === 'remove'} onClick=${() => act('remove')}>Yes, remove</${Button}>
        <button type="button" class="btn btn-ghost btn-sm" onClick=${() => setConfirming(false)}>Keep it</button></div>
    </div>`}
    ${problem && html`<${Alert} kind="error">${problemText(problem)}</${Alert}>`}
  </li>`;
}

function Methods({ saved }) {
  const list = useLoad(() => pb.collection('payment_methods').getFullList({ filter: 'removed_at = ""', sort: '-is_default,-created' }), []);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const add = async () => {
    setBusy(true); setProblem(null);
    try {
      const r = await hb('/payment-methods/setup', { method: 'POST' });
      if (/^https?:/.test(r.next?.url || '')) { location.assign(r.next.url); return; }
      setBusy(false);
    } catch (err) {
      setProblem(toProblem(err));
      setBusy(false);
    }
  };
  return html`<div class="stack">
    ${saved && html`<${Alert} kind="ok" title="Card saved.">
      <p>It may take a moment to appear while Stripe confirms it. <button type="button" class="btn-link" onClick=${() => { setQuery({ saved: '' }); list.reload(); }}>Refresh</button></p></${Alert}>`}
    ${list.problem && !list.data ? html`<${LoadProblem} problem=${list.problem} retry=${list.reload} />`
      : !list.data ? html`<${Loading} label="Loading your payment methods…" />`
        : !list.data.length ? html`<${Empty} title="No saved cards"><p>Save a card and renewals are paid on their own.</p></${Empty}>`
          : html`<ul class="plain stack">${list.data.map((m) => html`<${Method} key=${m.id} m=${m} onChanged=${list.reload} />`)}</ul>`}
    <div><${Button} busy=${busy} onClick=${add}>Add a card</${Button}></div>
    <p class="small muted">You enter the card on Stripe’s secure page; we never see its number.</p>
    ${problem && html`<${Alert} kind="error">${problemText(problem)}</${Alert}>`}
  </div>`;
}

export default function PaymentMethodsPage({ query }) {
  return html`<${ClientPage} title="Payment methods" lead="The cards renewals are charged to.">
    <${Methods} saved=${query.get('saved') === '1'} />
  </${ClientPage}>`;
}
