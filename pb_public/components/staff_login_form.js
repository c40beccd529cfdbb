// The staff sign-in: email and password, then the one-time code the server
// emails (staff always sign in with two factors).
import { html, useState } from '../lib/html.js';
import { signInWithPassword, signInWithCode } from '../lib/staff.js';
import { toProblem, fieldError, withoutFields } from '../lib/errors.js';
import { Alert, Button, Field, FormProblem } from './ui.js';

export function StaffLoginForm({ title = 'Staff sign-in', onDone }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);

  const submitPassword = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      const answer = await signInWithPassword(email.trim(), password);
      if (answer.done) onDone?.();
      else { setChallenge(answer); setCode(''); }
    } catch (err) {
      const p = toProblem(err);
      // PocketBase says only "Failed to authenticate." for a wrong pair,
      // on purpose: it does not tell which of the two was wrong.
      setProblem(p.status === 400 && !Object.keys(p.fields).length ? { ...p, message: 'The email or password is not right.' } : p);
    }
    setBusy(false);
  };

  const submitCode = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      await signInWithCode(challenge, code.trim());
      onDone?.();
    } catch (err) {
      const p = toProblem(err);
      setProblem(p.status === 400 && !Object.keys(p.fields).length ? { ...p, fields: { password: 'This code is not right or has expired.' } } : p);
    }
    setBusy(false);
  };

  if (challenge) {
    return html`<form class="form card staff-login" onSubmit=${submitCode} novalidate aria-labelledby="staff-login-h">
      <h1 id="staff-login-h" tabindex="-1">${title}</h1>
      <${Alert} kind="info">We emailed a one-time code to <strong>${email}</strong>. Enter it here; it expires in a few minutes.</${Alert}>
      <${Field} label="One-time code" name="password" inputmode="numeric" autocomplete="one-time-code" value=${code}
        onInput=${(v) => { setCode(v); setProblem((p) => withoutFields(p, 'password', 'otpId')); }}
        required error=${fieldError(problem, 'password', 'otpId')} />
      <${FormProblem} problem=${problem} shown=${['password', 'otpId', 'mfaId']} />
      <div class="row">
        <${Button} type="submit" busy=${busy}>Sign in</${Button}>
        <${Button} variant="ghost" onClick=${() => { setChallenge(null); setProblem(null); }}>Start again</${Button}>
      </div>
    </form>`;
  }
  return html`<form class="form card staff-login" onSubmit=${submitPassword} novalidate aria-labelledby="staff-login-h">
    <h1 id="staff-login-h" tabindex="-1">${title}</h1>
    <p class="muted">For the support and billing team. Customers sign in to the <a href="/login">client area</a>.</p>
    <${Field} label="Email" name="identity" type="email" autocomplete="username" value=${email}
      onInput=${(v) => { setEmail(v); setProblem((p) => withoutFields(p, 'identity')); }} required error=${fieldError(problem, 'identity', 'email')} />
    <${Field} label="Password" name="password" type="password" autocomplete="current-password" value=${password}
      onInput=${(v) => { setPassword(v); setProblem((p) => withoutFields(p, 'password')); }} required error=${fieldError(problem, 'password')} />
    <${FormProblem} problem=${problem} shown=${['identity', 'email', 'password']} />
    <div><${Button} type="submit" busy=${busy}>Continue</${Button}></div>
  </form>`;
}
