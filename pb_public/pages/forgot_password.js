// Ask for a password reset link by email.
import { html, useState } from '../lib/html.js';
import { pb, CUSTOMERS } from '../lib/api.js';
import { toProblem, fieldError } from '../lib/errors.js';
import { Alert, Button, Field, FormProblem, PageHeader } from '../components/ui.js';

export default function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      await pb.collection(CUSTOMERS).requestPasswordReset(email.trim());
      setSent(true);
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="narrow">
    <${PageHeader} title="Reset your password" lead="We email you a link to choose a new one." />
    <div class="card">
      ${sent
        ? html`<${Alert} kind="ok" title="Check your email">If an account uses ${email}, a reset link is on its way. It is valid for 30 minutes.</${Alert}>`
        : html`<form class="form" onSubmit=${submit} novalidate>
          <${Field} label="Email" name="email" type="email" autocomplete="email" value=${email} onInput=${setEmail} error=${fieldError(problem, 'email')} required />
          <${FormProblem} problem=${problem} shown=${['email']} />
          <${Button} type="submit" busy=${busy} class="btn-block">Send reset link</${Button}>
          <p class="small"><a href="/login">Back to log in</a></p>
        </form>`}
    </div>
  </div>`;
}
