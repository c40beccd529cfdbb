import { useEffect, useState } from './html.js';

// createStore is a tiny observable value shared by components: set() takes a
// patch object (merged) or an updater function, and notifies subscribers.
export function createStore(initial) {
  let state = initial;
  const subscribers = new Set();
  return {
    get: () => state,
    set(patch) {
      const next = typeof patch === 'function' ? patch(state) : { ...state, ...patch };
      if (next === state) return;
      state = next;
      for (const fn of subscribers) fn(state);
    },
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
  };
}

// useStore re-renders the calling component whenever the store changes.
export function useStore(store) {
  const [state, setState] = useState(store.get());
  useEffect(() => {
    // The store may have changed between the first render and this effect.
    setState(store.get());
    return store.subscribe(setState);
  }, [store]);
  return state;
}

// persisted reads and writes JSON in localStorage, quietly doing nothing
// where storage is unavailable (private windows, disabled cookies).
export const persisted = {
  read(key, fallback) {
    try {
      const raw = localStorage.getItem(key);
      return raw == null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  },
  write(key, value) {
    try {
      if (value == null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch { /* storage unavailable: the value lives for this page only */ }
  },
};
