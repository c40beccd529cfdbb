// A product as a card in the shop: kind, name, tagline, the headline price in
// the chosen currency, key features and stock.
import { html } from '../lib/html.js';
import { formatMoney } from '../lib/money.js';
import { cyclesOf, soldOut, KINDS } from '../lib/catalog.js';

// headline is the price people compare plans by: monthly when sold monthly,
// otherwise the first cycle the product is sold in.
function headline(cycles) {
  return cycles.find((c) => c.key === 'monthly') || cycles[0];
}

export function ProductCard({ product: p, currency }) {
  const cycles = currency ? cyclesOf(p, currency.code) : [];
  const best = cycles.length ? headline(cycles) : null;
  const out = soldOut(p);
  const features = Array.isArray(p.features) ? p.features.filter((f) => typeof f === 'string').slice(0, 5) : [];
  const titleId = `p-${p.id}`;
  return html`<article class=${`product-card${p.featured ? ' is-featured' : ''}${out ? ' is-out' : ''}`} aria-labelledby=${titleId}>
    <div class="pc-top">
      <span class="kind">${KINDS[p.kind] || 'Service'}</span>
      ${p.featured && !out ? html`<span class="badge">Popular</span>` : null}
      ${out ? html`<span class="badge badge-bad">Out of stock</span>` : null}
      ${!out && p.track_stock && p.stock > 0 && p.stock <= 3 ? html`<span class="badge badge-warn">${p.stock} left</span>` : null}
    </div>
    <h3 id=${titleId}>${p.name}</h3>
    ${p.tagline && html`<p class="tagline">${p.tagline}</p>`}
    <div class="pc-price">
      ${best
        ? html`<p><span class="from">${cycles.length > 1 ? 'from ' : ''}</span><strong>${formatMoney(best.price, currency)}</strong><span class="per">${best.per}</span></p>
          ${best.setup > 0 ? html`<p class="setup">+ ${formatMoney(best.setup, currency)} setup</p>` : html`<p class="setup">No setup fee</p>`}`
        : html`<p class="muted">Not sold in ${currency?.code || 'this currency'}</p>`}
    </div>
    ${features.length ? html`<ul class="features">${features.map((f, i) => html`<li key=${i}>${f}</li>`)}</ul>` : null}
    <div class="pc-cta">
      ${out || !best
        ? html`<span class="btn btn-secondary btn-block" aria-disabled="true">${out ? 'Out of stock' : 'Unavailable'}</span>`
        : html`<a class="btn btn-primary btn-block" href=${`/product/${p.slug}`}>Configure<span class="sr-only"> ${p.name}</span></a>`}
    </div>
  </article>`;
}
