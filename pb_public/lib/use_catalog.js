// useCatalog gives pages the catalog and the currency prices are shown in.
import { useEffect, useState } from './html.js';
import { useStore } from './store.js';
import { loadCatalog } from './catalog.js';
import { prefs, pickCurrency } from './prefs.js';
import { toProblem } from './errors.js';

// useCatalog returns {catalog, currency, problem, retry}; catalog is null
// while loading.
export function useCatalog() {
  const [catalog, setCatalog] = useState(null);
  const [problem, setProblem] = useState(null);
  const [attempt, setAttempt] = useState(0);
  const p = useStore(prefs);
  useEffect(() => {
    let live = true;
    setProblem(null);
    loadCatalog().then((c) => live && setCatalog(c), (err) => live && setProblem(toProblem(err)));
    return () => { live = false; };
  }, [attempt]);
  const currency = catalog ? pickCurrency(catalog.currencies, p.currency) : null;
  return { catalog, currency, problem, retry: () => setAttempt((n) => n + 1) };
}
