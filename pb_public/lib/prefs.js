// The visitor's display preferences: the currency prices are shown in and
// the country taxes are quoted for. Kept in localStorage.
import { createStore, persisted } from './store.js';

const KEY = 'hostbase.prefs';

function guessCountry() {
  for (const tag of navigator.languages || [navigator.language]) {
    const m = /-([A-Z]{2})$/i.exec(tag || '');
    if (m) return m[1].toUpperCase();
  }
  return '';
}

const saved = persisted.read(KEY, {});
export const prefs = createStore({
  currency: typeof saved.currency === 'string' ? saved.currency : '',
  country: typeof saved.country === 'string' ? saved.country : guessCountry(),
});
prefs.subscribe((p) => persisted.write(KEY, p));

// pickCurrency is the saved currency when the shop sells in it, otherwise
// the shop's default.
export function pickCurrency(currencies, code) {
  return currencies.find((c) => c.code === code) || currencies.find((c) => c.isDefault) || currencies[0] || null;
}
