// Choose a new password from the emailed link (/reset-password/<token> or
// ?token=).
import { html, useState } from '../lib/html.js';
import { pb, CUSTOMERS } from '../lib/api.js';
import { toProblem, fieldError } from '../lib/errors.js';
import { Alert, Button, Field, FormProblem, PageHeader } from '../components/ui.js';

export default function ResetPassword({ params, query }) {
  const token = params.token || query.get('token') || '';
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      await pb.collection(CUSTOMERS).confirmPasswordReset(token, password, password);
      setDone(true);
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="narrow">
    <${PageHeader} title="Choose a new password" />
    <div class="card">
      ${!token ? html`<${Alert} kind="error">This link is incomplete. <a href="/forgot-password">Ask for a new one.</a></${Alert}>`
        : done ? html`<${Alert} kind="ok" title="Password changed">You can now <a href="/login">log in</a> with your new password.</${Alert}>`
        : html`<form class="form" onSubmit=${submit} novalidate>
          <${Field} label="New password" name="password" type="password" autocomplete="new-password" value=${password} onInput=${setPassword}
            error=${fieldError(problem, 'password', 'passwordConfirm')} hint="At least 8 characters." required />
          ${fieldError(problem, 'token') && html`<${Alert} kind="error">${fieldError(problem, 'token')} <a href="/forgot-password">Ask for a new link.</a></${Alert}>`}
          <${FormProblem} problem=${problem} shown=${['password', 'passwordConfirm', 'token']} />
          <${Button} type="submit" busy=${busy} class="btn-block">Save password</${Button}>
        </form>`}
    </div>
  </div>`;
}
