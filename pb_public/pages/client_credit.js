// Account credit: the balance per currency, its history, and buying more
// (a top-up is an invoice, paid like any other, that adds the credit).
import { html, useState } from '../lib/html.js';
import { pb, hb } from '../lib/api.js';
import { useLoad, formatTime, toMinorUnits } from '../lib/client.js';
import { toProblem, fieldError, withoutFields } from '../lib/errors.js';
import { formatMoney, minorToDecimal } from '../lib/money.js';
import { useCatalog } from '../lib/use_catalog.js';
import { navigate } from '../lib/router.js';
import { Button, Empty, Field, FormProblem, Loading } from '../components/ui.js';
import { ClientPage, LoadProblem } from '../components/client_layout.js';

const KINDS = {
  overpayment: 'Overpayment', refund: 'Refund to credit', adjustment: 'Adjustment', topup: 'Top-up',
  applied: 'Paid an invoice', commission: 'Affiliate commission', reversal: 'Reversal',
};

function TopUp() {
  const { catalog, currency: preferred } = useCatalog();
  const [code, setCode] = useState('');
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  if (!catalog) return html`<${Loading} lines=${2} />`;
  const currency = catalog.currencies.find((c) => c.code === (code || preferred?.code)) || catalog.currencies[0];
  const submit = async (e) => {
    e.preventDefault();
    setProblem(null);
    const minor = toMinorUnits(amount, currency.decimals);
    if (minor === null || minor <= 0) {
      setProblem({ status: 400, message: '', fields: { amount: `Type an amount such as ${minorToDecimal(2500, currency.decimals)}.` } });
      return;
    }
    setBusy(true);
    try {
      const r = await hb('/credit/topup', { method: 'POST', body: { amount: minor, currency: currency.code } });
      navigate(`/client/invoices/${r.invoice}`);
    } catch (err) {
      setProblem(toProblem(err));
      setBusy(false);
    }
  };
  return html`<form class="form card" onSubmit=${submit} novalidate aria-labelledby="topup-h">
    <h2 id="topup-h" class="card-title">Add credit</h2>
    <div class="form-row">
      <${Field} label="Amount" name="amount" inputmode="decimal" value=${amount} onInput=${(v) => { setAmount(v); setProblem((p) => withoutFields(p, 'amount')); }} required
        hint=${`For example ${minorToDecimal(2500, currency.decimals)}`} error=${fieldError(problem, 'amount')} />
      <${Field} label="Currency" name="currency" type="select" value=${currency.code} onInput=${setCode}
        options=${catalog.currencies.map((c) => ({ value: c.code, label: c.code }))} error=${fieldError(problem, 'currency')} />
    </div>
    <${FormProblem} problem=${problem} shown=${['amount', 'currency']} />
    <div><${Button} type="submit" busy=${busy}>Continue to payment</${Button}></div>
    <p class="small muted">You get an invoice for the amount; the credit is added once it is paid.</p>
  </form>`;
}

function Credit() {
  const balance = useLoad(() => hb('/credit'), []);
  const history = useLoad(() => pb.collection('credit_ledger').getList(1, 50, { sort: '-created' }), []);
  const balances = Object.entries(balance.data?.balances || {});
  return html`<div class="split">
    <div class="stack">
      <div class="stat-grid">
        ${balance.problem ? html`<${LoadProblem} problem=${balance.problem} retry=${balance.reload} />`
          : !balance.data ? html`<div class="card"><${Loading} lines=${2} /></div>`
            : (balances.length ? balances : [['', 0]]).map(([c, v]) => html`<div class="card stat" key=${c}>
              <span class="stat-label">Balance${c ? ` (${c})` : ''}</span>
              <span class="stat-value" data-testid="credit-balance">${c ? formatMoney(v, c) : 'None yet'}</span></div>`)}
      </div>
      <h2>History</h2>
      ${history.problem && !history.data ? html`<${LoadProblem} problem=${history.problem} retry=${history.reload} />`
        : !history.data ? html`<${Loading} />`
          : !history.data.items.length ? html`<${Empty} title="No credit movements yet"><p>Top-ups, refunds to credit and credit used appear here.</p></${Empty}>`
            : html`<div class="table-wrap"><table class="table">
              <thead><tr><th scope="col">Date</th><th scope="col">What</th><th scope="col" class="num">Amount</th></tr></thead>
              <tbody>${history.data.items.map((r) => html`<tr key=${r.id}>
                <td>${formatTime(r.created)}</td>
                <td>${KINDS[r.kind] || r.kind}${r.note && html`<br /><span class="small muted">${r.note}</span>`}
                  ${r.invoice && html`<br /><a class="small" href=${`/client/invoices/${r.invoice}`}>The invoice</a>`}</td>
                <td class="num">${r.amount > 0 ? '+' : ''}${formatMoney(r.amount, r.currency)}</td>
              </tr>`)}</tbody>
            </table></div>`}
    </div>
    <aside class="sticky"><${TopUp} /></aside>
  </div>`;
}

export default function CreditPage() {
  return html`<${ClientPage} title="Account credit" lead="Credit pays your invoices before any card is charged.">
    <${Credit} />
  </${ClientPage}>`;
}
