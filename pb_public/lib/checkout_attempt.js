// One idempotency key per checkout attempt, kept in sessionStorage: a
// double click, a retry after a network error or a reload sends the same
// key, so the server makes one order; a changed cart is a new attempt.
const KEY = 'hostbase.checkout.attempt';

const newKey = () => (crypto.randomUUID ? crypto.randomUUID()
  : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(''));

export function attemptKey(cartSignature) {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (saved && saved.cart === cartSignature && typeof saved.key === 'string') return saved.key;
    const key = newKey();
    sessionStorage.setItem(KEY, JSON.stringify({ key, cart: cartSignature }));
    return key;
  } catch {
    return newKey();
  }
}

// finishAttempt forgets the key once the order exists.
export function finishAttempt() {
  try { sessionStorage.removeItem(KEY); } catch { /* storage unavailable */ }
}
