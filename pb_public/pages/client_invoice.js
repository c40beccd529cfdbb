// One invoice: its lines, taxes, payments and what is due; paying it by card,
// PayPal, account credit or transfer; the return from a gateway's page
// (?payment=…); and the PDF, fetched with the customer's token.
import { html, useState } from '../lib/html.js';
import { pb, hb } from '../lib/api.js';
import { useLoad, useRealtime, formatDay, formatTime } from '../lib/client.js';
import { toProblem, fieldError } from '../lib/errors.js';
import { formatMoney, formatRate } from '../lib/money.js';
import { setQuery } from '../lib/router.js';
import { Alert, Button, FormProblem, Loading } from '../components/ui.js';
import { ClientPage, LoadProblem, NotFound, StatusBadge, isNotFound } from '../components/client_layout.js';

const GATEWAYS = {
  stripe: { label: 'Card', hint: 'On Stripe’s secure page.' },
  paypal: { label: 'PayPal', hint: 'With your PayPal account.' },
  credit: { label: 'Account credit', hint: '' },
  manual: { label: 'Bank transfer', hint: 'We show our bank details.' },
};

const RETURNS = {
  success: ['ok', 'Thank you: your payment was taken.', 'The invoice turns paid as soon as the payment provider confirms it.'],
  processing: ['info', 'Your payment is being checked.', 'The invoice turns paid once the payment provider confirms it.'],
  cancelled: ['warn', 'The payment was cancelled.', 'Nothing was charged. You can pay another way below.'],
  failed: ['error', 'The payment did not go through.', 'Nothing was charged. Try again or choose another way to pay.'],
  error: ['error', 'We could not confirm the payment.', 'If you were charged, it will show here shortly; otherwise try again.'],
};

function PdfButton({ invoice }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  // The route wants the customer's token, which a plain link cannot carry:
  // fetch the file and hand it to the browser as a download.
  const download = async () => {
    setBusy(true); setProblem('');
    try {
      const res = await fetch(`/api/hb/invoices/${encodeURIComponent(invoice.id)}/pdf`, { headers: { Authorization: pb.authStore.token } });
      if (!res.ok) throw new Error((await res.json().catch(() => ({}))).message || `The server answered ${res.status}.`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${invoice.number || invoice.id}.pdf`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setProblem(err.message || 'The PDF could not be downloaded.');
    }
    setBusy(false);
  };
  return html`<div class="stack">
    <${Button} variant="secondary" busy=${busy} onClick=${download}>Download PDF</${Button}>
    ${problem && html`<p class="field-error" role="alert">${problem}</p>`}
  </div>`;
}

function Pay({ invoice, topup, onPaid }) {
  const gateways = useLoad(() => hb('/gateways'), []);
  const credit = useLoad(() => hb('/credit'), []);
  const [gateway, setGateway] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [note, setNote] = useState('');
  const balance = credit.data?.balances?.[invoice.currency] || 0;
  // Credit cannot buy credit, and an empty balance pays nothing.
  const available = (gateways.data?.gateways || []).filter((g) => GATEWAYS[g] && (g !== 'credit' || (!topup && balance > 0)));
  const chosen = available.includes(gateway) ? gateway : (available.includes('credit') && balance >= invoice.amount_due ? 'credit' : available.find((g) => g !== 'credit') || available[0] || '');

  const pay = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null); setNote('');
    try {
      const r = await hb(`/invoices/${encodeURIComponent(invoice.id)}/pay`, { method: 'POST', body: { gateway: chosen } });
      const next = r.next || {};
      if (next.type === 'redirect' && /^https?:/.test(next.url || '')) { location.assign(next.url); return; }
      if (next.text) setNote(next.text);
      onPaid();
      credit.reload();
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  if (gateways.problem) return html`<${LoadProblem} problem=${gateways.problem} retry=${gateways.reload} />`;
  if (!gateways.data) return html`<${Loading} lines=${2} label="Loading ways to pay…" />`;
  return html`<form class="form" onSubmit=${pay} novalidate aria-labelledby="pay-h">
    <h2 id="pay-h" class="card-title">Pay ${formatMoney(invoice.amount_due, invoice.currency)}</h2>
    <fieldset class="choice-list">
      <legend class="sr-only">How to pay</legend>
      ${available.map((g) => html`<label class="choice" key=${g}>
        <input type="radio" name="gateway" value=${g} checked=${chosen === g} onChange=${() => setGateway(g)} />
        <span class="choice-main"><strong>${GATEWAYS[g].label}</strong><br />
          <span class="small muted">${g === 'credit' ? `Balance ${formatMoney(balance, invoice.currency)}` : GATEWAYS[g].hint}</span></span>
      </label>`)}
    </fieldset>
    ${fieldError(problem, 'gateway') && html`<p class="field-error">${fieldError(problem, 'gateway')}</p>`}
    <${FormProblem} problem=${problem} shown=${['gateway']} />
    ${note && html`<${Alert} kind="info"><p style="white-space:pre-line">${note}</p></${Alert}>`}
    <${Button} type="submit" busy=${busy} disabled=${!chosen} class="btn-block">Pay now</${Button}>
  </form>`;
}

function Lines({ items, invoice }) {
  const taxes = Array.isArray(invoice.tax_lines) ? invoice.tax_lines : [];
  const cur = invoice.currency;
  if (items.problem) return html`<${LoadProblem} problem=${items.problem} retry=${items.reload} />`;
  if (!items.data) return html`<${Loading} label="Loading the lines…" />`;
  return html`<div class="table-wrap"><table class="table" data-testid="invoice-lines">
    <thead><tr><th scope="col">Description</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Amount</th></tr></thead>
    <tbody>
      ${items.data.map((it) => html`<tr key=${it.id}>
        <td>${it.description}${it.period_start && html`<br /><span class="small muted">${formatDay(it.period_start)} – ${formatDay(it.period_end)}</span>`}</td>
        <td class="num">${it.quantity}</td><td class="num">${formatMoney(it.amount, cur)}</td>
      </tr>`)}
    </tbody>
  </table></div>
  <dl class="totals card">
    <div><dt>Subtotal</dt><dd>${formatMoney(invoice.subtotal, cur)}</dd></div>
    ${invoice.discount_total > 0 && html`<div><dt>Discount</dt><dd>−${formatMoney(invoice.discount_total, cur)}</dd></div>`}
    ${taxes.map((t, i) => html`<div key=${i}><dt>${t.name} ${formatRate(t.rate_bp)}</dt><dd>${formatMoney(t.amount, cur)}</dd></div>`)}
    ${invoice.reverse_charge && html`<div><dt>VAT</dt><dd>Reverse charge</dd></div>`}
    <div><dt>Total</dt><dd>${formatMoney(invoice.total, cur)}</dd></div>
    ${invoice.credit_applied > 0 && html`<div><dt>Account credit applied</dt><dd>−${formatMoney(invoice.credit_applied, cur)}</dd></div>`}
    ${invoice.amount_paid > 0 && html`<div><dt>Paid</dt><dd>−${formatMoney(invoice.amount_paid, cur)}</dd></div>`}
    ${invoice.amount_refunded > 0 && html`<div><dt>Refunded</dt><dd>${formatMoney(invoice.amount_refunded, cur)}</dd></div>`}
    <div class="grand"><dt>Amount due</dt><dd data-testid="amount-due">${formatMoney(invoice.amount_due, cur)}</dd></div>
  </dl>`;
}

function Payments({ id }) {
  const list = useLoad(() => pb.collection('transactions').getFullList({ filter: pb.filter('invoice = {:id}', { id }), sort: 'created' }), [id]);
  if (!list.data?.length) return null;
  return html`<section class="stack" aria-labelledby="payments-h">
    <h2 id="payments-h">Payments</h2>
    <ul class="list-rows">${list.data.map((t) => html`<li key=${t.id}><div class="row-link">
      <span class="row-main"><strong>${t.kind === 'payment' ? 'Payment' : t.kind === 'refund' ? 'Refund' : 'Chargeback'} · ${GATEWAYS[t.gateway]?.label || t.gateway}</strong>
        <span class="small muted">${formatTime(t.processed_at || t.created)}</span></span>
      <span class="row-side">${formatMoney(t.amount, t.currency)} <${StatusBadge} status=${t.status} /></span>
    </div></li>`)}</ul>
  </section>`;
}

function Invoice({ id, payment, onTitle }) {
  const inv = useLoad(() => pb.collection('invoices').getOne(id).then((r) => {
    onTitle(`${r.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${r.number}`);
    return r;
  }), [id]);
  useRealtime('invoices', (e) => { if (e.record?.id === id) inv.setData(e.record); }, [id], pb);
  const [paidHere, setPaidHere] = useState(false);
  // The lines are asked for only once the invoice is known to be the
  // customer's.
  const items = useLoad(() => (inv.data ? pb.collection('invoice_items').getFullList({ filter: pb.filter('invoice = {:id}', { id }), sort: 'sort,created' }) : null), [id, !!inv.data]);
  if (isNotFound(inv.problem)) return html`<${NotFound} what="Invoice" back="/client/invoices" backLabel="Your invoices" />`;
  if (inv.problem && !inv.data) return html`<${LoadProblem} problem=${inv.problem} retry=${inv.reload} />`;
  if (!inv.data) return html`<${Loading} label="Loading the invoice…" />`;
  const r = inv.data;
  const back = RETURNS[payment];
  return html`<div class="stack" data-testid="invoice-page" data-status=${r.status}>
    ${back && !(payment !== 'success' && r.status === 'paid') && html`<${Alert} kind=${back[0]} title=${back[1]}>
      <p>${r.status === 'paid' && payment === 'success' ? 'The invoice is paid.' : back[2]}</p>
      <p><button type="button" class="btn-link" onClick=${() => setQuery({ payment: '' })}>Dismiss</button></p></${Alert}>`}
    ${paidHere && r.status === 'paid' && html`<${Alert} kind="ok" title="Paid. Thank you!" />`}
    <div class="row"><${StatusBadge} status=${r.status} />
      <span class="muted small">Issued ${formatDay(r.issued_at)}${r.status === 'unpaid' ? ` · due ${formatDay(r.due_at)}` : ''}${r.paid_at ? ` · paid ${formatDay(r.paid_at)}` : ''}</span></div>
    <div class="split">
      <div class="stack">
        <${Lines} items=${items} invoice=${r} />
        <${Payments} id=${id} key=${r.amount_paid + r.credit_applied} />
        ${r.notes && html`<p class="muted small" style="white-space:pre-line">${r.notes}</p>`}
      </div>
      <aside class="stack sticky">
        ${r.status === 'unpaid' && r.amount_due > 0 && html`<div class="card"><${Pay} invoice=${r} topup=${!!items.data?.some((it) => it.kind === 'topup')} onPaid=${() => { setPaidHere(true); inv.reload(); }} /></div>`}
        <${PdfButton} invoice=${r} />
      </aside>
    </div>
  </div>`;
}

export default function InvoicePage({ params, query }) {
  const [title, setTitle] = useState('Invoice');
  return html`<${ClientPage} title=${title}>
    <${Invoice} id=${params.id} payment=${query.get('payment') || ''} onTitle=${setTitle} />
  </${ClientPage}>`;
}
