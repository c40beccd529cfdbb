// Turning API errors into what a form shows: one message for the whole form
// and the server's own message for each field it named.

// flattenFields turns PocketBase's error data into {"billing.country":
// "Cannot be blank."}. The server may nest ({billing: {country: {…}}}) or
// use dotted keys ("items.0.cycle"); both come out dotted.
export function flattenFields(data, prefix = '', out = {}) {
  if (!data || typeof data !== 'object') return out;
  for (const [key, value] of Object.entries(data)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && typeof value.message === 'string') {
      out[path] = value.message;
    } else if (value && typeof value === 'object') {
      flattenFields(value, path, out);
    } else if (typeof value === 'string') {
      out[path] = value;
    }
  }
  return out;
}

// toProblem reads any thrown error: {status, message, fields, aborted}.
export function toProblem(err) {
  if (!err) return null;
  const status = typeof err.status === 'number' ? err.status : 0;
  const body = err.response || err.data || {};
  const fields = flattenFields(body.data);
  let message = typeof body.message === 'string' && body.message ? body.message : '';
  if (!message) {
    if (err.isAbort) message = 'The request was cancelled.';
    else if (status === 0) message = 'The server could not be reached. Check your connection and try again.';
    else if (status >= 500) message = 'Something went wrong on our side. Please try again in a minute.';
    else message = err.message || 'The request failed.';
  }
  return { status, message, fields, aborted: !!err.isAbort };
}

// fieldError returns the message for a field (or any of its aliases).
export function fieldError(problem, ...names) {
  if (!problem?.fields) return '';
  for (const n of names) if (problem.fields[n]) return problem.fields[n];
  return '';
}

// unclaimedFields lists the field messages no field on the form shows, so
// that the form's summary can say them instead of losing them.
export function unclaimedFields(problem, shown) {
  if (!problem?.fields) return [];
  return Object.entries(problem.fields).filter(([k]) => !shown.some((s) => k === s || k.startsWith(`${s}.`)));
}

// withoutFields is the problem once the visitor has changed the named
// fields: their messages go (they may no longer apply), and a problem that
// was only about fields goes with its last one.
export function withoutFields(problem, ...names) {
  if (!problem?.fields) return problem;
  const fields = Object.fromEntries(Object.entries(problem.fields).filter(([k]) => !names.includes(k)));
  if (Object.keys(fields).length === Object.keys(problem.fields).length) return problem;
  return Object.keys(fields).length ? { ...problem, fields } : null;
}
