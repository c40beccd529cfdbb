// The affiliate programme from the customer's side: opening an account,
// the referral link, clicks, sign-ups and conversions, commissions by stage,
// and asking for a payout of what is approved.
import { html, useState } from '../lib/html.js';
import { hb } from '../lib/api.js';
import { useLoad, formatDay } from '../lib/client.js';
import { toProblem, fieldError } from '../lib/errors.js';
import { formatMoney } from '../lib/money.js';
import { Alert, Button, Empty, Field, FormProblem, Loading } from '../components/ui.js';
import { ClientPage, LoadProblem, StatusBadge } from '../components/client_layout.js';

function Activate({ onDone }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      await hb('/affiliate/activate', { method: 'POST', body: code.trim() ? { code: code.trim() } : {} });
      onDone();
    } catch (err) {
      setProblem(toProblem(err));
      setBusy(false);
    }
  };
  return html`<form class="form card narrow" onSubmit=${submit} novalidate style="margin:0">
    <h2 class="card-title">Earn by recommending us</h2>
    <p>Share your link; when someone you sent becomes a customer, you earn a commission on what they pay.</p>
    <${Field} label="Your code (optional)" name="code" value=${code} onInput=${setCode} error=${fieldError(problem, 'code')}
      hint="Letters and digits; leave empty for a random one." />
    <${FormProblem} problem=${problem} shown=${['code']} />
    <div><${Button} type="submit" busy=${busy}>Open my affiliate account</${Button}></div>
  </form>`;
}

function CopyLink({ link }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try { await navigator.clipboard.writeText(link); setCopied(true); setTimeout(() => setCopied(false), 2000); } catch { setCopied(false); }
  };
  return html`<div class="code-box">
    <label class="sr-only" for="aff-link">Your referral link</label>
    <input id="aff-link" readonly value=${link} onFocus=${(e) => e.target.select()} />
    <button type="button" class="btn btn-secondary" onClick=${copy}>${copied ? 'Copied' : 'Copy link'}</button>
  </div>`;
}

function Payout({ currencies, onDone }) {
  const [method, setMethod] = useState('credit');
  const [currency, setCurrency] = useState(currencies[0] || '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [done, setDone] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      setDone(await hb('/affiliate/payouts', { method: 'POST', body: { method, currency } }));
      onDone();
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  if (!currencies.length && !done) {
    return html`<div class="card stack"><h2 class="card-title">Payouts</h2>
      <p class="muted">Nothing is approved for payout yet: a commission is approved once its hold has passed.</p></div>`;
  }
  return html`<form class="form card" onSubmit=${submit} novalidate aria-labelledby="payout-h">
    <h2 id="payout-h" class="card-title">Request a payout</h2>
    <${Field} label="Paid as" name="method" type="select" value=${method} onInput=${setMethod} error=${fieldError(problem, 'method')}
      options=${[{ value: 'credit', label: 'Account credit (at once)' }, { value: 'manual', label: 'Bank transfer (by our staff)' }]} />
    <${Field} label="Currency" name="currency" type="select" value=${currency} onInput=${setCurrency} error=${fieldError(problem, 'currency')}
      options=${currencies.map((c) => ({ value: c, label: c }))} />
    <${FormProblem} problem=${problem} shown=${['method', 'currency']} />
    ${done && html`<${Alert} kind="ok">Payout of ${formatMoney(done.amount, done.currency)} requested.</${Alert}>`}
    <div><${Button} type="submit" busy=${busy} disabled=${!currencies.length}>Request payout</${Button}></div>
  </form>`;
}

function Affiliate() {
  const dash = useLoad(() => hb('/affiliate'), []);
  if (dash.problem && !dash.data) return html`<${LoadProblem} problem=${dash.problem} retry=${dash.reload} />`;
  if (!dash.data) return html`<${Loading} label="Loading your affiliate account…" />`;
  const d = dash.data;
  if (!d.account) {
    return d.enabled ? html`<${Activate} onDone=${dash.reload} />`
      : html`<${Empty} title="The affiliate programme is closed"><p>No new affiliate accounts are opened at the moment.</p></${Empty}>`;
  }
  const sums = Object.entries(d.commissions || {});
  const approved = sums.filter(([, s]) => s.approved > 0).map(([c]) => c);
  return html`<div class="stack">
    ${d.account.status !== 'active' && html`<${Alert} kind="warn">Your affiliate account is ${d.account.status}: payouts wait until it is active again.</${Alert}>`}
    <section class="card stack" aria-labelledby="link-h">
      <h2 id="link-h" class="card-title">Your link</h2>
      <p>Code <strong class="mono">${d.account.code}</strong></p>
      <${CopyLink} link=${d.account.link} />
    </section>
    <div class="stat-grid">
      <div class="card stat"><span class="stat-label">Clicks</span><span class="stat-value">${d.clicks}</span></div>
      <div class="card stat"><span class="stat-label">Sign-ups</span><span class="stat-value">${d.signups}</span></div>
      <div class="card stat"><span class="stat-label">Customers</span><span class="stat-value">${d.conversions}</span></div>
    </div>
    <div class="split">
      <div class="stack">
        <h2>Commissions</h2>
        ${!sums.length ? html`<p class="muted">No commissions yet.</p>` : html`<div class="table-wrap"><table class="table">
          <thead><tr><th scope="col">Currency</th><th scope="col" class="num">Pending</th><th scope="col" class="num">Approved</th>
            <th scope="col" class="num">Requested</th><th scope="col" class="num">Paid</th></tr></thead>
          <tbody>${sums.map(([c, s]) => html`<tr key=${c}><th scope="row">${c}</th>
            <td class="num">${formatMoney(s.pending, c)}</td><td class="num">${formatMoney(s.approved, c)}</td>
            <td class="num">${formatMoney(s.requested, c)}</td><td class="num">${formatMoney(s.paid, c)}</td></tr>`)}</tbody>
        </table></div>`}
        ${d.recent_commissions.length > 0 && html`<ul class="list-rows">${d.recent_commissions.map((r) => html`<li key=${r.id}><div class="row-link">
          <span class="row-main"><strong>${formatMoney(r.amount, r.currency)}</strong>
            <span class="small muted">${formatDay(r.created)}${r.status === 'pending' && r.hold_until ? ` · held until ${formatDay(r.hold_until)}` : ''}</span></span>
          <span class="row-side"><${StatusBadge} status=${r.in_payout ? 'requested' : r.status} /></span></div></li>`)}</ul>`}
        ${d.payouts.length > 0 && html`<h2>Payouts</h2><ul class="list-rows">${d.payouts.map((p) => html`<li key=${p.id}><div class="row-link">
          <span class="row-main"><strong>${formatMoney(p.amount, p.currency)}</strong>
            <span class="small muted">${p.method === 'credit' ? 'Account credit' : 'Bank transfer'} · ${formatDay(p.paid_at || p.created)}</span></span>
          <span class="row-side"><${StatusBadge} status=${p.status} /></span></div></li>`)}</ul>`}
      </div>
      <aside class="sticky"><${Payout} currencies=${approved} onDone=${dash.reload} /></aside>
    </div>
  </div>`;
}

export default function AffiliatePage() {
  return html`<${ClientPage} title="Affiliate" lead="Recommend us and earn a share of what your referrals pay.">
    <${Affiliate} />
  </${ClientPage}>`;
}
