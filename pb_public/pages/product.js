// The product page: choose the billing cycle, options, add-ons and hostname;
// the price beside it is the server's quote for exactly that choice,
// refreshed as the choice changes.
import { html, useEffect, useMemo, useState } from '../lib/html.js';
import { useStore } from '../lib/store.js';
import { useCatalog } from '../lib/use_catalog.js';
import { loadChoices, cyclesOf, soldOut, KINDS } from '../lib/catalog.js';
import { prefs } from '../lib/prefs.js';
import { cart, addItem, updateItem, quoteItems } from '../lib/cart.js';
import { useQuote } from '../lib/quote.js';
import { formatMoney } from '../lib/money.js';
import { fieldError, toProblem } from '../lib/errors.js';
import { navigate } from '../lib/router.js';
import { Alert, Button, Empty, Field, FormProblem, Loading, ServerHTML, useTitle } from '../components/ui.js';
import { QuoteTotals } from '../components/quote_summary.js';

const HOSTNAME_EXAMPLE = 'server1.example.com';

// listed is a choice's list price for a cycle, shown beside it ("+ €3.50").
function listed(pricing, code, cycle) {
  const p = pricing?.[code]?.[cycle];
  return Number.isSafeInteger(p?.price) ? p.price : 0;
}

function defaults(options) {
  const out = {};
  for (const o of options) {
    if (o.kind === 'select') out[o.id] = (o.values.find((v) => v.is_default) || o.values[0])?.id || '';
    else if (o.kind === 'quantity') out[o.id] = o.min_quantity || 0;
    else out[o.id] = false;
  }
  return out;
}

function OptionField({ option: o, value, onChange, currency, cycle, error }) {
  const hint = o.description || undefined;
  if (o.kind === 'select') {
    return html`<${Field} type="select" label=${o.name} name=${`option-${o.id}`} value=${value} onInput=${onChange} hint=${hint} error=${error}
      required=${o.required}
      options=${o.values.map((v) => {
        const extra = listed(v.pricing, currency.code, cycle);
        return { value: v.id, label: extra > 0 ? `${v.label} (+ ${formatMoney(extra, currency)})` : v.label };
      })} />`;
  }
  if (o.kind === 'quantity') {
    const unit = o.values[0] ? listed(o.values[0].pricing, currency.code, cycle) : 0;
    return html`<${Field} type="number" label=${o.name} name=${`option-${o.id}`} value=${String(value)} inputmode="numeric"
      min=${o.min_quantity || 0} max=${o.max_quantity || undefined} step="1" error=${error}
      hint=${[hint, unit > 0 ? `${formatMoney(unit, currency)} per ${o.unit || 'unit'}` : ''].filter(Boolean).join(' ')}
      onInput=${(v) => onChange(/^\d+$/.test(v) ? Number(v) : v)} />`;
  }
  const extra = o.values[0] ? listed(o.values[0].pricing, currency.code, cycle) : 0;
  return html`<${Field} type="checkbox" label=${extra > 0 ? `${o.name} (+ ${formatMoney(extra, currency)})` : o.name}
    name=${`option-${o.id}`} value=${!!value} onInput=${onChange} hint=${hint} error=${error} />`;
}

function Configurator({ product, currency, country, editing }) {
  const [choices, setChoices] = useState(null);
  const [loadProblem, setLoadProblem] = useState(null);
  const cycles = cyclesOf(product, currency.code);
  const [item, setItem] = useState(() => editing || {
    product: product.id, cycle: (cycles.find((c) => c.key === 'monthly') || cycles[0])?.key, options: null, addons: [], hostname: '',
  });
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    loadChoices(product.id).then((c) => {
      setChoices(c);
      setItem((it) => ({ ...it, options: { ...defaults(c.options), ...(it.options || {}) } }));
    }, (err) => setLoadProblem(toProblem(err)));
  }, [product.id]);

  // A cycle the product is not sold in for this currency falls back.
  useEffect(() => {
    if (cycles.length && !cycles.some((c) => c.key === item.cycle)) setItem((it) => ({ ...it, cycle: cycles[0].key }));
  }, [currency.code]);

  // The price does not depend on the hostname, but the server wants one for
  // a product that needs it: until it is typed, price the example shown in
  // the field.
  const priced = product.requires_hostname && !item.hostname.trim() ? { ...item, hostname: HOSTNAME_EXAMPLE } : item;
  const body = useMemo(() => (item.options && item.cycle
    ? { currency: currency.code, country, items: quoteItems([priced]) } : null), [item, currency.code, country]);
  const { quote, problem, pending } = useQuote(body);
  const out = soldOut(product);
  const err = (k) => fieldError(problem, `items.0.${k}`);
  const hostnameErr = err('hostname') || (touched && product.requires_hostname && !item.hostname.trim() ? 'Enter the hostname for your server.' : '');

  const add = (e) => {
    e.preventDefault();
    setTouched(true);
    if (product.requires_hostname && !item.hostname.trim()) {
      document.querySelector('[name="hostname"]')?.focus();
      return;
    }
    if (problem && Object.keys(problem.fields).length) return;
    const clean = { ...item, hostname: item.hostname.trim() };
    if (editing) updateItem(editing.key, clean);
    else addItem(clean);
    navigate('/cart');
  };

  if (loadProblem) return html`<${Alert} kind="error" title="The options could not be loaded.">${loadProblem.message}</${Alert}>`;
  if (!cycles.length) return html`<${Alert} kind="warn">${product.name} is not sold in ${currency.code}. Choose another currency at the top of the page.</${Alert}>`;

  return html`<form class="split" onSubmit=${add} novalidate>
    <div class="config">
      <fieldset>
        <legend>Billing cycle</legend>
        <div class="cycle-grid">
          ${cycles.map((c) => html`<label key=${c.key} class="choice">
            <input type="radio" name="cycle" value=${c.key} checked=${item.cycle === c.key} onChange=${() => setItem({ ...item, cycle: c.key })} />
            <span>${c.label}</span>
            <strong>${formatMoney(c.price, currency)}</strong>
            ${c.setup > 0 && html`<span class="small muted">+ ${formatMoney(c.setup, currency)} setup</span>`}
          </label>`)}
        </div>
        ${err('cycle') && html`<p class="field-error">${err('cycle')}</p>`}
      </fieldset>

      ${product.requires_hostname && html`<div class="panel">
        <${Field} label="Hostname" name="hostname" value=${item.hostname} required autocomplete="off" spellcheck="false"
          hint=${`The server's name, a fully qualified domain name you control, such as ${HOSTNAME_EXAMPLE}.`}
          onInput=${(v) => setItem({ ...item, hostname: v })} onBlur=${() => setTouched(true)} error=${hostnameErr} />
      </div>`}

      ${!choices
        ? html`<${Loading} label="Loading options…" lines=${3} />`
        : html`
          ${choices.options.length > 0 && html`<fieldset class="form">
            <legend>Configuration</legend>
            ${choices.options.map((o) => html`<${OptionField} key=${o.id} option=${o} value=${item.options?.[o.id]} currency=${currency} cycle=${item.cycle}
              error=${err(`options.${o.id}`)} onChange=${(v) => setItem({ ...item, options: { ...item.options, [o.id]: v } })} />`)}
          </fieldset>`}
          ${choices.addons.length > 0 && html`<fieldset>
            <legend>Add-ons</legend>
            <div class="choice-list">
              ${choices.addons.map((a) => {
                const on = item.addons.includes(a.id);
                const price = listed(a.pricing, currency.code, item.cycle);
                return html`<label key=${a.id} class="choice">
                  <input type="checkbox" name="addon" value=${a.id} checked=${on}
                    onChange=${() => setItem({ ...item, addons: on ? item.addons.filter((x) => x !== a.id) : [...item.addons, a.id] })} />
                  <span class="choice-main"><strong>${a.name}</strong>${a.description && html`<br /><span class="small muted">${a.description}</span>`}</span>
                  ${price > 0 && html`<span class="choice-side">+ ${formatMoney(price, currency)}</span>`}
                </label>`;
              })}
            </div>
            ${err('addons') && html`<p class="field-error">${err('addons')}</p>`}
          </fieldset>`}`}
    </div>

    <aside class="sticky">
      <div class="card summary-card" aria-live="polite">
        <h2>Your ${product.name}</h2>
        <${QuoteTotals} quote=${quote} pending=${pending} />
        <${FormProblem} problem=${problem} shown=${['items.0.cycle', 'items.0.hostname', 'items.0.options', 'items.0.addons']} />
        <${Button} type="submit" class="btn-block btn-lg" disabled=${out || !quote || pending}>${out ? 'Out of stock' : editing ? 'Update cart' : 'Add to cart'}</${Button}>
        <p class="small muted">Prices are confirmed at checkout for your billing address.</p>
      </div>
    </aside>
    <div class="mobile-buy" aria-live="off">
      <div><span class="small muted">Due today</span><br /><strong>${quote ? formatMoney(quote.total, quote.currency) : '…'}</strong></div>
      <${Button} type="submit" disabled=${out || !quote || pending}>${out ? 'Out of stock' : editing ? 'Update' : 'Add to cart'}</${Button}>
    </div>
  </form>`;
}

export default function Product({ params, query }) {
  const { catalog, currency, problem } = useCatalog();
  const { country } = useStore(prefs);
  const { items } = useStore(cart);
  const product = catalog?.bySlug.get(params.slug);
  const editing = query.get('edit') ? items.find((i) => i.key === query.get('edit')) : null;
  useTitle(product?.name || 'Product');
  if (problem) return html`<${Alert} kind="error" title="The catalog could not be loaded.">${problem.message}</${Alert}>`;
  if (!catalog) return html`<${Loading} label="Loading the product…" lines=${6} />`;
  if (!product) {
    return html`<${Empty} title="This product is not for sale"><p>It may have been retired or renamed.</p>
      <a class="btn btn-primary" href="/shop">See all products</a></${Empty}>`;
  }
  const group = catalog.groups.find((g) => g.id === product.group);
  const out = soldOut(product);
  return html`
    <nav class="small" aria-label="Breadcrumb" style="margin-bottom:.75rem"><a href="/shop">Shop</a>${group && html` / <a href=${`/shop/${group.slug}`}>${group.name}</a>`}</nav>
    <div class="product-hero">
      <span class="kind">${KINDS[product.kind] || 'Service'}</span>
      <h1 tabindex="-1">${product.name}</h1>
      ${product.tagline && html`<p class="lead muted">${product.tagline}</p>`}
      ${out && html`<${Alert} kind="warn">This product is out of stock. Please check back soon.</${Alert}>`}
      ${product.track_stock && product.stock > 0 && html`<p class="small"><span class="badge badge-ok">In stock</span> ${product.stock} available</p>`}
    </div>
    ${product.description_html && html`<${ServerHTML} html=${product.description_html} class="panel" />`}
    <div style="margin-top:1.25rem">
      <${Configurator} key=${`${product.id}/${editing?.key || ''}`} product=${product} currency=${currency} country=${country} editing=${editing} />
    </div>`;
}
