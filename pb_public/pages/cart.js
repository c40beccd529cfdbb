// The cart: what the visitor chose, priced by the server for their currency
// and country, with the coupon field and the way to checkout.
import { html, useEffect, useMemo, useState } from '../lib/html.js';
import { useStore } from '../lib/store.js';
import { useCatalog } from '../lib/use_catalog.js';
import { prefs } from '../lib/prefs.js';
import { cart, removeItem, setCoupon, quoteItems } from '../lib/cart.js';
import { useQuote } from '../lib/quote.js';
import { fieldError } from '../lib/errors.js';
import { countryOptions } from '../lib/countries.js';
import { CYCLES } from '../lib/catalog.js';
import { Alert, Button, Empty, Field, FormProblem, Loading, PageHeader } from '../components/ui.js';
import { QuoteLines, QuoteTotals } from '../components/quote_summary.js';

function CouponBox({ coupon, quote, problem }) {
  const [code, setCode] = useState(coupon);
  useEffect(() => setCode(coupon), [coupon]);
  const refused = coupon ? quote?.coupon_error?.message || fieldError(problem, 'coupon') : '';
  const accepted = coupon && quote?.coupon && !refused;
  const apply = (e) => { e.preventDefault(); setCoupon(code); };
  return html`<form class="coupon" onSubmit=${apply} novalidate>
    <${Field} label="Coupon code" name="coupon" value=${code} onInput=${(v) => setCode(v.toUpperCase())} autocomplete="off"
      spellcheck="false" error=${refused}>
    </${Field}>
    <div class="row">
      <${Button} type="submit" variant="secondary" disabled=${!code.trim() || (accepted && code === coupon)}>Apply</${Button}>
      ${coupon && html`<button type="button" class="btn-link small" onClick=${() => setCoupon('')}>Remove coupon</button>`}
    </div>
    ${accepted && html`<p class="coupon-ok" role="status">✓ ${quote.coupon.code} applied${quote.coupon.recurring ? ', also on renewals' : ''}.</p>`}
  </form>`;
}

// summaryProblem is what the summary card says about a failed quote: an
// item's or the coupon's message already stands beside it, anything else
// (the server unreachable, another field) is said here.
function summaryProblem(problem) {
  if (!problem) return null;
  const keys = Object.keys(problem.fields);
  return keys.length && keys.every((k) => k.startsWith('items.') || k === 'coupon') ? null : problem;
}

export default function Cart() {
  const { catalog, currency, problem: catalogProblem } = useCatalog();
  const { items, coupon } = useStore(cart);
  const p = useStore(prefs);
  const body = useMemo(() => (currency && items.length
    ? { currency: currency.code, country: p.country, coupon: coupon || undefined, items: quoteItems(items) } : null), [items, coupon, currency?.code, p.country]);
  const { quote, problem, pending } = useQuote(body, 0);

  if (catalogProblem) return html`<${PageHeader} title="Your cart" /><${Alert} kind="error">${catalogProblem.message}</${Alert}>`;
  if (!items.length) {
    return html`<${PageHeader} title="Your cart" />
      <${Empty} title="Your cart is empty"><p>Pick a plan to get started; it is ready minutes after you pay.</p>
      <a class="btn btn-primary" href="/shop">Browse products</a></${Empty}>`;
  }
  if (!catalog) return html`<${PageHeader} title="Your cart" /><${Loading} />`;

  const itemError = (i) => Object.entries(problem?.fields || {}).filter(([k]) => k.startsWith(`items.${i}.`)).map(([, m]) => m);
  return html`
    <${PageHeader} title="Your cart" lead=${`${items.length} ${items.length === 1 ? 'item' : 'items'}, priced in ${currency.code}.`} />
    <div class="split">
      <div class="stack">
        <ul class="cart-items plain">
          ${items.map((it, i) => {
            const product = catalog.byId.get(it.product);
            const cycle = CYCLES.find((c) => c.key === it.cycle);
            const errors = itemError(i);
            return html`<li key=${it.key} class="cart-item" data-testid="cart-item">
              <div>
                <h3>${product?.name || 'A product no longer for sale'}</h3>
                <p class="meta">${cycle?.label || it.cycle}${it.hostname ? ` · ${it.hostname}` : ''}</p>
              </div>
              <div style="grid-column: 1 / -1">${quote && html`<${QuoteLines} quote=${quote} item=${i} />`}</div>
              ${errors.length > 0 && html`<div style="grid-column: 1 / -1"><${Alert} kind="error">${errors.map((m) => html`<p>${m}</p>`)}</${Alert}></div>`}
              <div class="actions small">
                ${product && html`<a href=${`/product/${product.slug}?edit=${encodeURIComponent(it.key)}`}>Change<span class="sr-only"> ${product.name}</span></a>`}
                <button type="button" class="btn-link" onClick=${() => removeItem(it.key)}>Remove<span class="sr-only"> ${product?.name || 'item'}</span></button>
              </div>
            </li>`;
          })}
        </ul>
        <div class="panel form">
          <${Field} type="select" label="Country (for tax)" name="country" value=${p.country} options=${countryOptions()}
            onInput=${(v) => prefs.set({ country: v })} hint="Taxes are final at checkout, from your billing address." />
          <${CouponBox} coupon=${coupon} quote=${quote} problem=${problem} />
        </div>
      </div>
      <aside class="sticky">
        <div class="card summary-card" aria-live="polite">
          <h2>Order summary</h2>
          <${QuoteTotals} quote=${quote} pending=${pending} showLines=${false} />
          <${FormProblem} problem=${summaryProblem(problem)} shown=${['items', 'coupon']} />
          <a class=${`btn btn-primary btn-lg btn-block${!quote || problem ? ' is-disabled' : ''}`} href="/checkout"
            aria-disabled=${!quote || problem ? 'true' : undefined} onClick=${(e) => { if (!quote || problem) e.preventDefault(); }}>Checkout</a>
          <a class="btn btn-ghost btn-block" href="/shop">Continue shopping</a>
        </div>
      </aside>
    </div>`;
}
