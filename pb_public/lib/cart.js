// The cart, kept in this browser (localStorage) and shared by its tabs. It
// holds what the visitor chose, never prices: the server prices it on every
// view through POST /api/hb/cart/quote.
import { createStore, persisted } from './store.js';

const KEY = 'hostbase.cart';

function clean(raw) {
  const items = Array.isArray(raw?.items) ? raw.items.filter((i) => i && typeof i.product === 'string') : [];
  return { items, coupon: typeof raw?.coupon === 'string' ? raw.coupon : '' };
}

export const cart = createStore(clean(persisted.read(KEY, null)));
cart.subscribe((c) => persisted.write(KEY, c));
window.addEventListener('storage', (e) => {
  if (e.key === KEY) cart.set(clean(persisted.read(KEY, null)));
});

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now() + Math.random()));

// addItem puts a configured product in the cart and returns its key.
export function addItem(item) {
  const key = newKey();
  cart.set((c) => ({ ...c, items: [...c.items, { ...item, key }] }));
  return key;
}

export function updateItem(key, item) {
  cart.set((c) => ({ ...c, items: c.items.map((i) => (i.key === key ? { ...item, key } : i)) }));
}

export function removeItem(key) {
  cart.set((c) => ({ ...c, items: c.items.filter((i) => i.key !== key) }));
}

export function setCoupon(code) {
  cart.set((c) => ({ ...c, coupon: code.trim().toUpperCase() }));
}

export function clearCart() {
  cart.set({ items: [], coupon: '' });
}

// quoteItems is the cart's items as the quote and checkout routes read them.
export function quoteItems(items) {
  return items.map(({ product, cycle, options, addons, hostname }) => ({
    product, cycle, options: options || {}, addons: addons || [], ...(hostname ? { hostname } : {}),
  }));
}
