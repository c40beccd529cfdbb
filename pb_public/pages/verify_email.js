// Confirm an email address from the emailed link (/verify-email/<token> or
// ?token=), or, without a token, send a new link to the signed-in customer.
import { html, useEffect, useState } from '../lib/html.js';
import { useStore } from '../lib/store.js';
import { pb, session, refreshSession, CUSTOMERS } from '../lib/api.js';
import { toProblem } from '../lib/errors.js';
import { Alert, Button, Loading, PageHeader } from '../components/ui.js';

export default function VerifyEmail({ params, query }) {
  const token = params.token || query.get('token') || '';
  const { customer } = useStore(session);
  const [state, setState] = useState(token ? 'checking' : 'idle');
  const [problem, setProblem] = useState(null);
  useEffect(() => {
    if (!token) return;
    pb.collection(CUSTOMERS).confirmVerification(token).then(
      () => { setState('verified'); refreshSession(); },
      (err) => { setProblem(toProblem(err)); setState('failed'); },
    );
  }, [token]);
  const resend = async () => {
    setState('sending'); setProblem(null);
    try {
      await pb.collection(CUSTOMERS).requestVerification(customer.email);
      setState('sent');
    } catch (err) {
      setProblem(toProblem(err)); setState('idle');
    }
  };
  return html`<div class="narrow">
    <${PageHeader} title="Verify your email" />
    <div class="card stack">
      ${state === 'checking' && html`<${Loading} label="Checking your link…" lines=${2} />`}
      ${state === 'verified' && html`<${Alert} kind="ok" title="Email verified">Thank you. <a href="/client">Go to your client area</a>.</${Alert}>`}
      ${state === 'failed' && html`<${Alert} kind="error" title="This link did not work">${problem?.message} It may have expired or been used already.</${Alert}>`}
      ${state === 'sent' && html`<${Alert} kind="ok">A new link is on its way to ${customer?.email}.</${Alert}>`}
      ${(state === 'idle' || state === 'failed' || state === 'sending') && (customer
        ? customer.verified
          ? html`<p>${customer.email} is verified.</p>`
          : html`<p>We send a link to <strong>${customer.email}</strong>.</p><${Button} busy=${state === 'sending'} onClick=${resend}>Send a new link</${Button}>`
        : html`<p><a href=${`/login?next=${encodeURIComponent('/verify-email')}`}>Log in</a> to get a new link.</p>`)}
      ${problem && state === 'idle' && html`<${Alert} kind="error">${problem.message}</${Alert}>`}
    </div>
  </div>`;
}
