// Confirm a new email address from the emailed link
// (/confirm-email-change/<token>). PocketBase asks for the current password
// so that a stolen mailbox alone cannot take the account over.
import { html, useState } from '../lib/html.js';
import { pb, CUSTOMERS } from '../lib/api.js';
import { toProblem, fieldError } from '../lib/errors.js';
import { Alert, Button, Field, FormProblem, PageHeader } from '../components/ui.js';

export default function ConfirmEmailChange({ params, query }) {
  const token = params.token || query.get('token') || '';
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      await pb.collection(CUSTOMERS).confirmEmailChange(token, password);
      setDone(true);
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="narrow">
    <${PageHeader} title="Confirm your new email address" />
    <div class="card">
      ${!token ? html`<${Alert} kind="error">This link is incomplete. <a href="/client/profile">Ask for a new one from your profile.</a></${Alert}>`
        : done ? html`<${Alert} kind="ok" title="Email address changed">Log in again with your new address. <a href="/login">Log in</a></${Alert}>`
        : html`<form class="form" onSubmit=${submit} novalidate>
          <${Field} label="Your password" name="password" type="password" autocomplete="current-password" value=${password} onInput=${setPassword}
            error=${fieldError(problem, 'password')} hint="The password you log in with today." required />
          ${fieldError(problem, 'token') && html`<${Alert} kind="error">${fieldError(problem, 'token')} <a href="/client/profile">Ask for a new link.</a></${Alert}>`}
          <${FormProblem} problem=${problem} shown=${['password', 'token']} />
          <${Button} type="submit" busy=${busy} class="btn-block">Confirm new address</${Button}>
        </form>`}
    </div>
  </div>`;
}
