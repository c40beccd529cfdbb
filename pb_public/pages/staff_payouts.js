// /staff/payouts: affiliates' manual payout requests for billing staff and
// admins. Each is paid by hand outside Hostbase, then marked paid here with
// the transfer's reference, or rejected with a note (its commissions go
// back to the affiliate's approved balance). Below, the settled history.
import { html, useState } from '../lib/html.js';
import { staffPb, staffHb, isBillingStaff } from '../lib/staff.js';
import { useLoad, formatTime } from '../lib/client.js';
import { formatMoney } from '../lib/money.js';
import { toProblem, fieldError, withoutFields } from '../lib/errors.js';
import { Alert, Button, Empty, Field, FormProblem, Loading, Price } from '../components/ui.js';
import { LoadProblem, StatusBadge } from '../components/client_layout.js';
import { StaffPage } from '../components/staff_layout.js';

const EXPAND = 'affiliate,affiliate.customer,staff';

function Affiliate({ p }) {
  const a = p.expand?.affiliate;
  const c = a?.expand?.customer;
  return html`<span>${c?.name || 'Affiliate'} <span class="muted small">· ${c?.email || ''} · code ${a?.code || '—'}</span></span>`;
}

function Settle({ payout: p, onDone }) {
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState('');
  const [problem, setProblem] = useState(null);
  const settle = async (paid) => {
    setBusy(paid ? 'paid' : 'reject'); setProblem(null);
    try {
      await staffHb(`/affiliate/payouts/${encodeURIComponent(p.id)}/${paid ? 'paid' : 'reject'}`, {
        method: 'POST', body: paid ? { reference: reference.trim(), note: note.trim() } : { note: note.trim() },
      });
      onDone(paid ? `Marked paid: ${formatMoney(p.amount, p.currency)} to ${p.expand?.affiliate?.code || 'the affiliate'}, reference ${reference.trim()}.`
        : `Rejected: ${formatMoney(p.amount, p.currency)} of ${p.expand?.affiliate?.code || 'the affiliate'}.`);
    } catch (err) {
      setProblem(toProblem(err));
      setBusy('');
    }
  };
  const details = p.expand?.affiliate?.payout_details;
  return html`<li class="card payout" data-testid="payout" data-payout=${p.id}>
    <div class="row-between">
      <strong class="payout-amount"><${Price} amount=${p.amount} currency=${p.currency} /></strong>
      <span class="small muted">requested ${formatTime(p.created)}</span>
    </div>
    <p><${Affiliate} p=${p} /></p>
    <div class="payout-details">
      <p class="small muted">Pay to</p>
      ${details ? html`<p class="pre">${details}</p>` : html`<p class="small">The affiliate gave no payout details: ask them before paying.</p>`}
    </div>
    <form class="form" onSubmit=${(e) => { e.preventDefault(); settle(true); }} novalidate aria-label=${`Settle the payout of ${p.expand?.affiliate?.code || p.id}`}>
      <div class="form-row">
        <${Field} label="Transfer reference" name="reference" value=${reference} hint="Needed to mark it paid."
          onInput=${(v) => { setReference(v); setProblem((x) => withoutFields(x, 'reference')); }} error=${fieldError(problem, 'reference')} />
        <${Field} label="Note (optional)" name="note" value=${note} hint="Say why, when rejecting."
          onInput=${(v) => { setNote(v); setProblem((x) => withoutFields(x, 'note')); }} error=${fieldError(problem, 'note')} />
      </div>
      <${FormProblem} problem=${problem} shown=${['reference', 'note']} />
      <div class="row">
        <${Button} type="submit" busy=${busy === 'paid'} disabled=${!!busy}>Mark paid</${Button}>
        <${Button} variant="secondary" busy=${busy === 'reject'} disabled=${!!busy} onClick=${() => settle(false)}>Reject</${Button}>
      </div>
    </form>
  </li>`;
}

function Payouts() {
  const requested = useLoad(() => staffPb.collection('affiliate_payouts').getFullList({ filter: 'status = "requested"', sort: 'created', expand: EXPAND }), []);
  const history = useLoad(() => staffPb.collection('affiliate_payouts').getList(1, 50, { filter: 'status != "requested"', sort: '-updated', expand: EXPAND }), []);
  const [done, setDone] = useState('');
  const reload = (what) => { setDone(what); requested.reload(); history.reload(); };
  return html`<div class="stack">
    <section class="stack" aria-labelledby="requested-h">
      <h2 id="requested-h">Requested</h2>
      ${done && html`<${Alert} kind="ok">${done}</${Alert}>`}
      ${requested.problem && !requested.data ? html`<${LoadProblem} problem=${requested.problem} retry=${requested.reload} />`
        : !requested.data ? html`<${Loading} label="Loading the payout requests…" />`
          : requested.data.length === 0 ? html`<${Empty} title="No payout requests"><p>When an affiliate asks to be paid by hand, the request waits here.</p></${Empty}>`
            : html`<ul class="plain payouts">${requested.data.map((p) => html`<${Settle} key=${p.id} payout=${p} onDone=${(what) => reload(what)} />`)}</ul>`}
    </section>
    <section class="stack" aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      ${history.problem && !history.data ? html`<${LoadProblem} problem=${history.problem} retry=${history.reload} />`
        : !history.data ? html`<${Loading} lines=${3} label="Loading the history…" />`
          : history.data.items.length === 0 ? html`<p class="muted">No settled payouts yet.</p>`
            : html`<ul class="plain payout-history" aria-label="Settled payouts">${history.data.items.map((p) => html`<li key=${p.id} data-testid="payout-history">
                <div class="row-between">
                  <strong><${Price} amount=${p.amount} currency=${p.currency} /></strong>
                  <${StatusBadge} status=${p.status} />
                </div>
                <div><${Affiliate} p=${p} /></div>
                <div class="small">${p.method === 'credit' ? 'To account credit' : 'By hand'} · ${formatTime(p.paid_at || p.updated)}
                  ${p.expand?.staff?.name ? ` · by ${p.expand.staff.name}` : ''}</div>
                ${(p.reference || p.note) && html`<div class="small">${p.reference ? html`Reference <strong>${p.reference}</strong>` : null}${p.reference && p.note ? ' · ' : null}${p.note ? html`<span class="muted">${p.note}</span>` : null}</div>`}
              </li>`)}</ul>`}
    </section>
  </div>`;
}

export default function StaffPayoutsPage() {
  return html`<${StaffPage} title="Affiliate payouts" lead="Pay each request by hand, then mark it paid with the transfer's reference." allow=${isBillingStaff}>
    <${Payouts} />
  </${StaffPage}>`;
}
