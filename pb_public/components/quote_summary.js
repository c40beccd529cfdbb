// The server's price for a cart: its lines, discount, tax, total and what
// renews. Every amount comes from the quote; nothing is added up here.
import { html } from '../lib/html.js';
import { formatMoney, formatRate } from '../lib/money.js';
import { CYCLES } from '../lib/catalog.js';
import { Skeleton } from './ui.js';

const cycleLabel = (key) => CYCLES.find((c) => c.key === key)?.label.toLowerCase() || key;

export function QuoteLines({ quote, item }) {
  // Tax is shown in the totals, and so is the discount for the whole cart.
  const lines = (quote?.lines || []).filter((l) => l.kind !== 'tax' && (item == null ? l.kind !== 'discount' : l.item === item));
  return html`<ul class="line-list plain">
    ${lines.map((l, i) => html`<li key=${i}><span>${l.description}</span><span class="amt">${formatMoney(l.amount, quote.currency)}</span></li>`)}
  </ul>`;
}

// Renewal amounts are before tax: say which tax comes on top, as it does today.
function renewalTax(quote) {
  const names = [...new Set((quote.taxes || []).filter((t) => t.amount > 0).map((t) => t.name))];
  return names.length ? `, plus ${names.join(' and ')}` : '';
}

export function QuoteTotals({ quote, pending, showLines = true }) {
  if (!quote) {
    return html`<div aria-busy="true"><p class="sr-only" role="status">Pricing…</p><${Skeleton} lines=${4} /></div>`;
  }
  const cur = quote.currency;
  return html`<div class=${pending ? 'quote-pending' : ''} aria-busy=${pending ? 'true' : undefined}>
    ${showLines && html`<${QuoteLines} quote=${quote} />`}
    <dl class="totals" style=${showLines ? 'margin-top: .9rem' : ''}>
      <div><dt>Subtotal</dt><dd>${formatMoney(quote.subtotal, cur)}</dd></div>
      ${quote.discount > 0 && html`<div><dt>Discount${quote.coupon?.code ? ` (${quote.coupon.code})` : ''}</dt><dd>${formatMoney(-quote.discount, cur)}</dd></div>`}
      ${(quote.taxes || []).length
        ? quote.taxes.map((t, i) => html`<div key=${i}><dt>${t.name} ${formatRate(t.rate_bp)}</dt><dd>${formatMoney(t.amount, cur)}</dd></div>`)
        : html`<div><dt>Tax</dt><dd>${formatMoney(quote.tax ?? quote.tax_total ?? 0, cur)}</dd></div>`}
      <div class="grand"><dt>Due today</dt><dd data-testid="quote-total">${formatMoney(quote.total, cur)}</dd></div>
    </dl>
    ${quote.tax_note && html`<p class="small muted" style="margin-top:.5rem">${quote.tax_note}</p>`}
    ${(quote.recurring || []).length > 0 && html`<p class="recurring" style="margin-top:.5rem">
      Then ${quote.recurring.map((r, i) => html`${i ? ', ' : ''}<strong>${formatMoney(r.amount, cur)}</strong> ${cycleLabel(r.cycle)}`)}${renewalTax(quote)}.
    </p>`}
  </div>`;
}
