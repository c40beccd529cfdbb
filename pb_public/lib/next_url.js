// nextURL is where an auth page sends the visitor afterwards: ?next= when it
// is a path on this site (never another site), else the client area.
export function nextURL(query, fallback = '/client') {
  const next = query?.get('next') || '';
  return next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}
