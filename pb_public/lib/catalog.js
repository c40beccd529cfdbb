// The public catalog (currencies, groups, products, options, addons), read
// once per page load through the collections API and shared by every page.
import { pb } from './api.js';
import { decimalsOf } from './money.js';

let pending = null;

const all = (collection, options) => pb.collection(collection).getFullList({ batch: 200, ...options });

// loadCatalog resolves to {currencies, groups, products, bySlug, byId}.
// A failure is not cached: the next call tries again.
export function loadCatalog() {
  if (!pending) {
    pending = Promise.all([
      all('currencies', { sort: 'sort,code' }),
      all('product_groups', { sort: 'sort,name' }),
      all('products', { sort: 'sort,name' }),
    ]).then(([currencies, groups, products]) => {
      const visibleGroups = groups.filter((g) => !g.hidden);
      const visible = products.filter((p) => !p.hidden && !p.retired);
      return {
        currencies: currencies.filter((c) => c.active !== false).map((c) => ({
          code: c.code, name: c.name, symbol: c.symbol, decimals: decimalsOf(c.code, c.decimals), isDefault: !!c.is_default,
        })),
        groups: visibleGroups,
        products: visible,
        bySlug: new Map(visible.map((p) => [p.slug, p])),
        byId: new Map(visible.map((p) => [p.id, p])),
      };
    }).catch((err) => {
      pending = null;
      throw err;
    });
  }
  return pending;
}

const choices = new Map();

// loadChoices resolves to a product's configurable options (each with its
// values) and its addons, in display order.
export function loadChoices(productId) {
  if (!choices.has(productId)) {
    const p = Promise.all([
      all('config_options', { filter: pb.filter('products ~ {:id}', { id: productId }), sort: 'sort,name' }),
      all('addons', { filter: pb.filter('products ~ {:id}', { id: productId }), sort: 'sort,name' }),
    ]).then(async ([options, addons]) => {
      const values = options.length
        ? await all('config_option_values', {
          filter: options.map((o) => pb.filter('option = {:id}', { id: o.id })).join(' || '),
          sort: 'sort,label',
        })
        : [];
      return {
        options: options.map((o) => ({ ...o, values: values.filter((v) => v.option === o.id) })),
        addons,
      };
    }).catch((err) => {
      choices.delete(productId);
      throw err;
    });
    choices.set(productId, p);
  }
  return choices.get(productId);
}

// Billing cycles in canonical order, with the words the shop uses for them.
export const CYCLES = [
  { key: 'monthly', label: 'Monthly', per: '/mo', months: 1 },
  { key: 'quarterly', label: 'Quarterly', per: '/3 mo', months: 3 },
  { key: 'semiannual', label: 'Every 6 months', per: '/6 mo', months: 6 },
  { key: 'annual', label: 'Annually', per: '/yr', months: 12 },
  { key: 'biennial', label: 'Every 2 years', per: '/2 yr', months: 24 },
  { key: 'triennial', label: 'Every 3 years', per: '/3 yr', months: 36 },
  { key: 'one_time', label: 'One-time', per: '', months: 0 },
];

export const KINDS = { vps: 'Cloud VPS', dedicated: 'Dedicated server', hosting: 'Web hosting', game: 'Game server', other: 'Service' };

// cyclesOf lists the cycles a product is sold in for a currency, with the
// price and setup fee (minor units) as the catalog states them. These are
// list prices to show on cards; a cart is always priced by the server.
export function cyclesOf(product, code) {
  const table = product?.pricing?.[code];
  if (!table || typeof table !== 'object') return [];
  return CYCLES.filter((c) => Number.isSafeInteger(table[c.key]?.price))
    .map((c) => ({ ...c, price: table[c.key].price, setup: Number.isSafeInteger(table[c.key].setup) ? table[c.key].setup : 0 }));
}

// soldOut: the product tracks stock and none is left.
export const soldOut = (product) => product.track_stock === true && !(product.stock > 0);
