// The one PocketBase client of the page, the signed-in customer as a store,
// and a helper for Hostbase's own routes under /api/hb.
import PocketBase from '/vendor/pocketbase-0.27.3/pocketbase.es.mjs';
import { createStore } from './store.js';

export const CUSTOMERS = 'customers';

// Same origin: the storefront is served by the server it talks to.
export const pb = new PocketBase('/');
// Pages keep the newest answer themselves (a sequence number), so the SDK's
// cancel-the-previous-identical-request behaviour would only add aborts.
pb.autoCancellation(false);

function currentCustomer() {
  const record = pb.authStore.record;
  return pb.authStore.isValid && record?.collectionName === CUSTOMERS ? record : null;
}

// session holds {customer}: the signed-in customer's record, or null.
export const session = createStore({ customer: currentCustomer() });
pb.authStore.onChange(() => session.set({ customer: currentCustomer() }));

// hb calls a Hostbase route: hb('/cart/quote', {method: 'POST', body}).
// Errors are the SDK's ClientResponseError; read them with toProblem().
export function hb(path, options = {}) {
  return pb.send(`/api/hb${path}`, { method: 'GET', ...options });
}

// signOut forgets the token in this browser (and its other tabs).
export function signOut() {
  pb.authStore.clear();
  try { pb.realtime.unsubscribe(); } catch { /* not connected */ }
}

// refreshSession re-reads the customer's record with a fresh token, so that
// a verification or profile change made elsewhere shows up.
export async function refreshSession() {
  if (!currentCustomer()) return null;
  try {
    await pb.collection(CUSTOMERS).authRefresh();
  } catch (err) {
    if (err?.status === 401 || err?.status === 403 || err?.status === 404) pb.authStore.clear();
  }
  return currentCustomer();
}
