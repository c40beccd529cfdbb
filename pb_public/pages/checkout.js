// Checkout: account (sign up or log in in place), billing address and VAT
// number, payment method and terms; placing the order sends the cart to
// POST /api/hb/checkout and follows where the server says to go next.
import { html, useEffect, useMemo, useState } from '../lib/html.js';
import { useStore } from '../lib/store.js';
import { hb, session, signOut } from '../lib/api.js';
import { useCatalog } from '../lib/use_catalog.js';
import { cart, clearCart, quoteItems } from '../lib/cart.js';
import { prefs } from '../lib/prefs.js';
import { useQuote } from '../lib/quote.js';
import { toProblem, fieldError, withoutFields } from '../lib/errors.js';
import { countryOptions } from '../lib/countries.js';
import { attemptKey, finishAttempt } from '../lib/checkout_attempt.js';
import { navigate } from '../lib/router.js';
import { Alert, Button, Empty, Field, FormProblem, Loading, PageHeader } from '../components/ui.js';
import { LoginForm, SignupForm } from '../components/auth_forms.js';
import { QuoteTotals } from '../components/quote_summary.js';

const GATEWAYS = {
  stripe: { label: 'Card', hint: 'Visa, Mastercard, Amex and more, on Stripe’s secure page.' },
  paypal: { label: 'PayPal', hint: 'Pay with your PayPal account.' },
  credit: { label: 'Account credit', hint: 'Use the credit on your account.' },
  manual: { label: 'Bank transfer', hint: 'We email the invoice with our bank details.' },
};

function AccountStep() {
  const { customer } = useStore(session);
  const [mode, setMode] = useState('signup');
  if (customer) {
    return html`<div class="signed-in">
      <p>Signed in as <strong>${customer.name || customer.email}</strong> <span class="muted">(${customer.email})</span></p>
      <button type="button" class="btn-link" onClick=${signOut}>Not you? Log out</button>
    </div>`;
  }
  return html`<div>
    <div class="auth-switch" role="group" aria-label="Account">
      <button type="button" aria-pressed=${mode === 'signup'} onClick=${() => setMode('signup')}>New customer</button>
      <button type="button" aria-pressed=${mode === 'login'} onClick=${() => setMode('login')}>I have an account</button>
    </div>
    ${mode === 'signup' ? html`<${SignupForm} compact />` : html`<${LoginForm} compact />`}
  </div>`;
}

const ADDRESS = ['name', 'company', 'address_line1', 'address_line2', 'city', 'postcode', 'country', 'state', 'vat_id'];

function addressOf(customer, country) {
  return {
    name: customer?.name || '', company: customer?.company || '', address_line1: customer?.address_line1 || '',
    address_line2: customer?.address_line2 || '', city: customer?.city || '', postcode: customer?.postcode || '',
    country: customer?.country || country || '', state: customer?.state || '', vat_id: customer?.tax_id || '',
  };
}

export default function Checkout() {
  const { catalog, currency } = useCatalog();
  const { items, coupon } = useStore(cart);
  const { customer } = useStore(session);
  const p = useStore(prefs);
  const [billing, setBilling] = useState(() => addressOf(customer, p.country));
  const [gateways, setGateways] = useState(null);
  const [gateway, setGateway] = useState('');
  const [terms, setTerms] = useState(false);
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);

  // Signing in fills the address from the account, keeping what was typed.
  useEffect(() => {
    if (!customer) return;
    setBilling((b) => {
      const from = addressOf(customer, p.country);
      const out = { ...b };
      for (const k of ADDRESS) if (!out[k]) out[k] = from[k];
      return out;
    });
  }, [customer?.id]);

  useEffect(() => {
    hb('/gateways').then((r) => {
      const list = (r.gateways || []).filter((g) => GATEWAYS[g]);
      setGateways(list);
      setGateway((g) => g || list[0] || '');
    }, () => setGateways([]));
  }, []);

  const set = (k) => (v) => {
    setBilling((b) => ({ ...b, [k]: v }));
    setProblem((pr) => withoutFields(pr, `billing.${k}`, `billing_${k}`, k));
  };
  const cartBody = useMemo(() => (currency && items.length ? {
    currency: currency.code, country: billing.country, state: billing.state || undefined, vat_id: billing.vat_id || undefined,
    coupon: coupon || undefined, items: quoteItems(items),
  } : null), [items, coupon, currency?.code, billing.country, billing.state, billing.vat_id]);
  const { quote, problem: quoteProblem, pending } = useQuote(cartBody, 400);

  if (!items.length) {
    return html`<${PageHeader} title="Checkout" /><${Empty} title="Your cart is empty"><p>Add a plan first.</p>
      <a class="btn btn-primary" href="/shop">Browse products</a></${Empty}>`;
  }
  if (!catalog) return html`<${PageHeader} title="Checkout" /><${Loading} />`;

  const bf = (k) => fieldError(problem, `billing.${k}`, k === 'vat_id' ? 'vat_id' : `billing_${k}`);
  const place = async (e) => {
    e.preventDefault();
    if (!customer) {
      setProblem({ status: 0, message: 'Create an account or log in first (step 1).', fields: {} });
      return;
    }
    setBusy(true); setProblem(null);
    const body = {
      ...cartBody, gateway, accept_terms: terms, notes: notes.trim() || undefined,
      billing: Object.fromEntries(ADDRESS.map((k) => [k, billing[k].trim()])),
    };
    // The same cart is the same attempt, whatever else changed since a
    // failed try: an order the server made before the answer was lost is
    // then found again, not made twice.
    body.idempotency_key = attemptKey(JSON.stringify({ items: body.items, coupon: body.coupon, currency: body.currency }));
    let res;
    try {
      res = await hb('/checkout', { method: 'POST', body });
    } catch (err) {
      setProblem(toProblem(err));
      setBusy(false);
      requestAnimationFrame(() => document.querySelector('[aria-invalid="true"], .alert-error')?.scrollIntoView({ block: 'center' }));
      return;
    }
    finishAttempt();
    clearCart();
    try { sessionStorage.setItem('hostbase.lastOrder', JSON.stringify({ order: res.order, invoice: res.invoice, instructions: res.instructions, notice: res.notice })); } catch { /* storage unavailable */ }
    const next = res.next || {};
    const target = next.url || `/client/orders/${res.order}`;
    if ((next.kind || next.type) === 'redirect' && /^https?:/.test(target)) location.assign(target);
    else navigate(target);
  };

  return html`
    <${PageHeader} title="Checkout" />
    <div class="split">
      <div class="steps">
        <section class="step" aria-labelledby="step-account">
          <h2 id="step-account"><span class="step-num">1</span> Your account</h2>
          <${AccountStep} />
        </section>
        <form id="checkout-form" class="steps" onSubmit=${place} novalidate>
        <section class="step" aria-labelledby="step-billing">
          <h2 id="step-billing"><span class="step-num">2</span> Billing address</h2>
          <div class="form">
            <div class="form-row">
              <${Field} label="Full name" name="billing_name" autocomplete="name" value=${billing.name} onInput=${set('name')} error=${bf('name')} required />
              <${Field} label="Company (optional)" name="billing_company" autocomplete="organization" value=${billing.company} onInput=${set('company')} error=${bf('company')} />
            </div>
            <${Field} label="Address" name="billing_address_line1" autocomplete="address-line1" value=${billing.address_line1} onInput=${set('address_line1')} error=${bf('address_line1')} required />
            <${Field} label="Address line 2 (optional)" name="billing_address_line2" autocomplete="address-line2" value=${billing.address_line2} onInput=${set('address_line2')} error=${bf('address_line2')} />
            <div class="form-row">
              <${Field} label="City" name="billing_city" autocomplete="address-level2" value=${billing.city} onInput=${set('city')} error=${bf('city')} required />
              <${Field} label="Postcode" name="billing_postcode" autocomplete="postal-code" value=${billing.postcode} onInput=${set('postcode')} error=${bf('postcode')} />
            </div>
            <div class="form-row">
              <${Field} type="select" label="Country" name="billing_country" autocomplete="country" value=${billing.country} options=${countryOptions()}
                onInput=${(v) => { set('country')(v); prefs.set({ country: v }); }} error=${bf('country') || fieldError(problem, 'country')} required />
              <${Field} label="State or region (optional)" name="billing_state" autocomplete="address-level1" value=${billing.state} onInput=${set('state')} error=${bf('state') || fieldError(problem, 'state')} />
            </div>
            <${Field} label="VAT number (businesses in the EU)" name="billing_vat_id" value=${billing.vat_id} onInput=${set('vat_id')}
              error=${bf('vat_id')} hint="With a valid VAT number from another EU country, no VAT is charged (reverse charge)." />
          </div>
        </section>
        <section class="step" aria-labelledby="step-pay">
          <h2 id="step-pay"><span class="step-num">3</span> Payment</h2>
          ${gateways === null ? html`<${Loading} lines=${2} label="Loading payment methods…" />`
            : gateways.length === 0 ? html`<${Alert} kind="warn">No payment method is available right now. Please contact us to order.</${Alert}>`
            : html`<fieldset class="choice-list" style="border:0;padding:0">
              <legend class="sr-only">Payment method</legend>
              ${gateways.map((g) => html`<label key=${g} class="choice">
                <input type="radio" name="gateway" value=${g} checked=${gateway === g} onChange=${() => { setGateway(g); setProblem((pr) => withoutFields(pr, 'gateway')); }} />
                <span class="choice-main"><strong>${GATEWAYS[g].label}</strong><br /><span class="small muted">${GATEWAYS[g].hint}</span></span>
              </label>`)}
            </fieldset>`}
          ${fieldError(problem, 'gateway') && html`<p class="field-error">${fieldError(problem, 'gateway')}</p>`}
          <div class="form" style="margin-top:1rem">
            <${Field} type="textarea" label="Notes for our team (optional)" name="notes" value=${notes} onInput=${setNotes} rows="3" error=${fieldError(problem, 'notes')} />
            <${Field} type="checkbox" name="accept_terms" value=${terms} onInput=${(v) => { setTerms(v); setProblem((pr) => withoutFields(pr, 'accept_terms')); }} error=${fieldError(problem, 'accept_terms')}
              label="I accept the terms of service and the acceptable use policy." />
          </div>
        </section>
        </form>
      </div>
      <aside class="sticky">
        <div class="card summary-card" aria-live="polite">
          <h2>Order summary</h2>
          <${QuoteTotals} quote=${quote} pending=${pending} />
          ${quoteProblem && html`<${Alert} kind="error">${quoteProblem.message} <a href="/cart">Review your cart</a></${Alert}>`}
          <${FormProblem} problem=${problem} shown=${[...ADDRESS.map((k) => `billing.${k}`), 'gateway', 'accept_terms', 'notes', 'country', 'state']} />
          <${Button} type="submit" form="checkout-form" class="btn-block btn-lg" busy=${busy} disabled=${!quote || !gateway}>Place order</${Button}>
          <p class="small muted">You pay on the next page; nothing is charged before.</p>
        </div>
      </aside>
    </div>`;
}
