// Showing a ticket message's attachments: they are protected files, so
// their links carry a short-lived file token of whoever is looking (the
// customer's or the staff member's PocketBase client).
import { html, useEffect, useState } from './html.js';

// useFileToken keeps a file token of client, renewed well before it
// expires, while needed.
export function useFileToken(client, needed) {
  const [token, setToken] = useState('');
  useEffect(() => {
    if (!needed) return undefined;
    let live = true;
    const renew = () => client.files.getToken().then((t) => { if (live) setToken(t); }, () => {});
    renew();
    const timer = setInterval(renew, 100_000);
    return () => { live = false; clearInterval(timer); };
  }, [client, needed]);
  return token;
}

export const clip = html`<svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"><path d="m21 11-8.5 8.5a5 5 0 0 1-7-7L14 4a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4L15.5 7"/></svg>`;

// shownName drops the random suffix the server adds to a stored file's
// name: "server_mk1nsxiold.log" was sent as "server.log".
export const shownName = (name) => name.replace(/_[a-z0-9]{10}(\.[^.]+)?$/, '$1');
