// The catalog: every product group, or one (/shop/<group slug>), with the
// products' prices in the chosen currency and their stock.
import { html } from '../lib/html.js';
import { useCatalog } from '../lib/use_catalog.js';
import { ProductCard } from '../components/product_card.js';
import { Alert, Button, PageHeader, Empty } from '../components/ui.js';

function Tabs({ groups, current }) {
  return html`<nav class="tabs" aria-label="Product ranges">
    <a href="/shop" aria-current=${!current ? 'page' : undefined}>All</a>
    ${groups.map((g) => html`<a key=${g.id} href=${`/shop/${g.slug}`} aria-current=${current === g.slug ? 'page' : undefined}>${g.name}</a>`)}
  </nav>`;
}

export default function Catalog({ params }) {
  const { catalog, currency, problem, retry } = useCatalog();
  const slug = params.group || '';
  if (problem) {
    return html`<${PageHeader} title="Products" />
      <${Alert} kind="error" title="The catalog could not be loaded."><p>${problem.message}</p>
      <${Button} variant="secondary" onClick=${retry}>Try again</${Button}></${Alert}>`;
  }
  if (!catalog) {
    return html`<${PageHeader} title="Products" lead="Loading our plans…" />
      <div class="grid products" aria-busy="true">${[1, 2, 3].map((i) => html`<div key=${i} class="product-card sk-card" aria-hidden="true"><div class="sk-block"></div></div>`)}</div>`;
  }
  const group = slug ? catalog.groups.find((g) => g.slug === slug) : null;
  if (slug && !group) {
    return html`<${Empty} title="No such product range"><p>It may have been renamed.</p><a class="btn btn-primary" href="/shop">See all products</a></${Empty}>`;
  }
  const groups = group ? [group] : catalog.groups;
  const blocks = groups.map((g) => ({ g, products: catalog.products.filter((p) => p.group === g.id) })).filter((b) => b.products.length);
  return html`
    <${PageHeader} title=${group ? group.name : 'All products'}
      lead=${group ? group.tagline || group.description : `Prices in ${currency?.name || currency?.code || ''}, excluding tax where it applies.`} />
    <${Tabs} groups=${catalog.groups} current=${slug} />
    ${blocks.length === 0 && html`<${Empty} title="Nothing for sale here yet"><p>Check back soon.</p></${Empty}>`}
    ${blocks.map(({ g, products }) => html`<section key=${g.id} class="group-block" aria-labelledby=${`g-${g.id}`}>
      ${!group && html`<h2 id=${`g-${g.id}`}>${g.name}</h2>`}
      ${!group && g.tagline && html`<p class="muted">${g.tagline}</p>`}
      ${group && html`<h2 id=${`g-${g.id}`} class="sr-only">${g.name}</h2>`}
      <div class="grid products">${products.map((p) => html`<${ProductCard} key=${p.id} product=${p} currency=${currency} />`)}</div>
    </section>`)}`;
}
