// Prices a cart on the server (POST /api/hb/cart/quote), debounced, keeping
// only the newest answer: the browser never computes a price itself.
import { useEffect, useRef, useState } from './html.js';
import { hb } from './api.js';
import { toProblem } from './errors.js';

export function requestQuote(body) {
  return hb('/cart/quote', { method: 'POST', body });
}

// useQuote returns {quote, problem, pending} for a quote body; a null body
// prices nothing. The request waits `delay` ms after the last change.
export function useQuote(body, delay = 250) {
  const [state, setState] = useState({ quote: null, problem: null, pending: !!body });
  const seq = useRef(0);
  const key = body ? JSON.stringify(body) : '';
  useEffect(() => {
    if (!key) {
      setState({ quote: null, problem: null, pending: false });
      return undefined;
    }
    const mine = ++seq.current;
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      requestQuote(JSON.parse(key)).then(
        (quote) => { if (mine === seq.current) setState({ quote, problem: null, pending: false }); },
        (err) => { if (mine === seq.current) setState((s) => ({ quote: s.quote, problem: toProblem(err), pending: false })); },
      );
    }, delay);
    return () => clearTimeout(timer);
  }, [key]);
  return state;
}
