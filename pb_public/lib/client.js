// Client-area page helpers: loading what a page shows (newest answer wins)
// and realtime subscriptions; the formatting they share is re-exported from
// client_format.js.
import { useEffect, useRef, useState } from './html.js';
import { toProblem } from './errors.js';

export { parseDate, formatDay, formatTime, toMinorUnits, formatBytes } from './client_format.js';

// useLoad runs load() when deps change and on reload(); {data, problem,
// loading, reload, setData}. An older answer never replaces a newer one.
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, problem: null, loading: true });
  const seq = useRef(0);
  const run = () => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    Promise.resolve().then(load).then(
      (data) => { if (mine === seq.current) setState({ data, problem: null, loading: false }); },
      (err) => { if (mine === seq.current) setState((s) => ({ data: s.data, problem: toProblem(err), loading: false })); },
    );
  };
  useEffect(() => {
    run();
    return () => { seq.current += 1; };
  }, deps);
  return { ...state, reload: run, setData: (fn) => setState((s) => ({ ...s, data: typeof fn === 'function' ? fn(s.data) : fn })) };
}

// useRealtime subscribes to a collection's records while the component is
// shown; the collection's rules decide which records arrive.
export function useRealtime(collection, onEvent, deps, pb) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    let live = true;
    let unsubscribe = null;
    pb.collection(collection).subscribe('*', (e) => handler.current(e))
      .then((u) => { if (live) unsubscribe = u; else u(); }, () => {});
    return () => { live = false; unsubscribe?.(); };
  }, deps);
}
