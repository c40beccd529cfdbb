// The shop's home: a hero, the featured products, the product ranges and
// the latest featured announcements.
import { html, useEffect, useState } from '../lib/html.js';
import { pb } from '../lib/api.js';
import { useCatalog } from '../lib/use_catalog.js';
import { ProductCard } from '../components/product_card.js';
import { Alert, Button, useTitle } from '../components/ui.js';
import { KINDS } from '../lib/catalog.js';

function Announcements() {
  const [items, setItems] = useState(null);
  useEffect(() => {
    pb.collection('announcements').getList(1, 3, { filter: 'featured = true', sort: '-publish_at,-created', skipTotal: true })
      .then((r) => setItems(r.items), () => setItems([]));
  }, []);
  if (!items?.length) return null;
  return html`<section class="section" aria-labelledby="news-title">
    <div class="row-between section-head"><h2 id="news-title">News</h2><a href="/announcements">All news →</a></div>
    <ul class="news-list plain">
      ${items.map((a) => {
        const when = a.publish_at || a.created;
        const d = when ? new Date(String(when).replace(' ', 'T')) : null;
        return html`<li key=${a.id} class="news-item">
          ${d && !Number.isNaN(d.getTime()) ? html`<time datetime=${d.toISOString()}>${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(d)}</time>` : null}
          <a href=${`/announcements/${a.slug}`}><strong>${a.title}</strong></a>
        </li>`;
      })}
    </ul>
  </section>`;
}

export default function Home() {
  useTitle('Cloud servers, dedicated hardware and hosting');
  const { catalog, currency, problem, retry } = useCatalog();
  const featured = catalog ? catalog.products.filter((p) => p.featured).slice(0, 4) : [];
  const shown = featured.length ? featured : catalog ? catalog.products.slice(0, 4) : [];
  return html`
    <section class="hero">
      <div>
        <p class="eyebrow">Ready in minutes · NVMe everywhere · 24/7 support</p>
        <h1 tabindex="-1">Servers that just run.</h1>
        <p class="hero-lead">Cloud VPS, dedicated hardware, web and game hosting, billed monthly with no surprises.</p>
        <div class="row">
          <a class="btn btn-lg hero-cta" href="/shop">See all plans</a>
          <a class="btn btn-lg btn-ghost hero-ghost" href="/client">Client area</a>
        </div>
      </div>
    </section>
    ${problem && html`<${Alert} kind="error" title="The catalog could not be loaded.">
      <p>${problem.message}</p><${Button} variant="secondary" onClick=${retry}>Try again</${Button}></${Alert}>`}
    <section class="section" aria-labelledby="featured-title">
      <div class="row-between section-head">
        <h2 id="featured-title">Popular plans</h2>
        <a href="/shop">All products →</a>
      </div>
      <div class="grid products" aria-busy=${!catalog && !problem}>
        ${catalog
          ? shown.map((p) => html`<${ProductCard} key=${p.id} product=${p} currency=${currency} />`)
          : [1, 2, 3, 4].map((i) => html`<div key=${i} class="product-card sk-card" aria-hidden="true"><div class="sk-block"></div></div>`)}
      </div>
    </section>
    ${catalog?.groups.length ? html`<section class="section" aria-labelledby="ranges-title">
      <h2 id="ranges-title">Our ranges</h2>
      <div class="grid ranges">
        ${catalog.groups.map((g) => {
          const count = catalog.products.filter((p) => p.group === g.id).length;
          const kind = catalog.products.find((p) => p.group === g.id)?.kind;
          return html`<a key=${g.id} class="range-card" href=${`/shop/${g.slug}`}>
            <span class="kind">${KINDS[kind] || 'Products'}</span>
            <strong>${g.name}</strong>
            ${g.tagline && html`<span class="muted">${g.tagline}</span>`}
            <span class="small">${count} ${count === 1 ? 'plan' : 'plans'} →</span>
          </a>`;
        })}
      </div>
    </section>` : null}
    <${Announcements} />`;
}
