// Log-in and sign-up forms for customers, used by the auth pages and inline
// at checkout. They cover password, OAuth2 providers and email codes (OTP)
// when the shop enables them, and the second step of MFA.
import { html, useEffect, useState } from '../lib/html.js';
import { useStore } from '../lib/store.js';
import { pb, session, CUSTOMERS } from '../lib/api.js';
import { toProblem, fieldError } from '../lib/errors.js';
import { Field, Button, FormProblem, Alert } from './ui.js';

const customers = () => pb.collection(CUSTOMERS);

let methodsPending = null;
// authMethods is what the customers collection allows: password, oauth2
// providers, otp, mfa. Read once per page load.
export function authMethods() {
  if (!methodsPending) {
    methodsPending = customers().listAuthMethods().catch((err) => { methodsPending = null; throw err; });
  }
  return methodsPending;
}

function useAuthMethods() {
  const [methods, setMethods] = useState(null);
  useEffect(() => { authMethods().then(setMethods, () => setMethods(null)); }, []);
  return methods;
}

function OAuthButtons({ onDone, onProblem }) {
  const methods = useAuthMethods();
  const [busy, setBusy] = useState('');
  const providers = methods?.oauth2?.enabled ? methods.oauth2.providers || [] : [];
  if (!providers.length) return null;
  const go = async (name) => {
    setBusy(name);
    try {
      await customers().authWithOAuth2({ provider: name });
      onDone?.();
    } catch (err) {
      onProblem(toProblem(err));
    } finally {
      setBusy('');
    }
  };
  return html`<div class="oauth">
    ${providers.map((p) => html`<${Button} key=${p.name} variant="secondary" class="btn-block" busy=${busy === p.name} onClick=${() => go(p.name)}>
      Continue with ${p.displayName || p.name}</${Button}>`)}
    <p class="divider"><span>or</span></p>
  </div>`;
}

// OtpStep asks for the code emailed to the customer: either to sign in with
// the code alone, or as the second factor after the password (mfaId).
function OtpStep({ email, mfaId, onDone, onBack }) {
  const [otpId, setOtpId] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  useEffect(() => {
    customers().requestOTP(email).then((r) => setOtpId(r.otpId), (err) => setProblem(toProblem(err)));
  }, [email]);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      await customers().authWithOTP(otpId, code.trim(), mfaId ? { mfaId } : {});
      onDone?.();
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="form" onSubmit=${submit} novalidate>
    <${Alert} kind="info">${mfaId ? 'Your account asks for a second step. ' : ''}We sent a code to ${email}. It is valid for 10 minutes.</${Alert}>
    <${Field} label="Code from the email" name="otp" inputmode="numeric" autocomplete="one-time-code" value=${code} onInput=${setCode}
      error=${fieldError(problem, 'password', 'otpId')} required autofocus />
    <${FormProblem} problem=${problem} shown=${['password', 'otpId']} />
    <${Button} type="submit" busy=${busy} disabled=${!otpId} class="btn-block">Sign in</${Button}>
    <button type="button" class="btn-link" onClick=${onBack}>Use a different way to sign in</button>
  </form>`;
}

// LoginForm signs a customer in; onDone runs once they are.
export function LoginForm({ onDone, compact }) {
  const methods = useAuthMethods();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [otp, setOtp] = useState(null); // {mfaId?} once a code is needed

  if (otp) {
    return html`<${OtpStep} email=${email} mfaId=${otp.mfaId} onDone=${onDone} onBack=${() => setOtp(null)} />`;
  }
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      await customers().authWithPassword(email.trim(), password);
      onDone?.();
    } catch (err) {
      const p = toProblem(err);
      const mfaId = err?.response?.mfaId;
      if (mfaId) setOtp({ mfaId });
      else setProblem(p.status === 400 && !Object.keys(p.fields).length ? { ...p, message: 'That email and password do not match an account.' } : p);
    } finally {
      setBusy(false);
    }
  };
  const otpEnabled = !!methods?.otp?.enabled;
  return html`<div class="auth-form">
    <${OAuthButtons} onDone=${onDone} onProblem=${setProblem} />
    <form class="form" onSubmit=${submit} novalidate>
      <${Field} label="Email" name="identity" type="email" autocomplete="email" value=${email} onInput=${setEmail}
        error=${fieldError(problem, 'identity', 'email')} required />
      <${Field} label="Password" name="password" type="password" autocomplete="current-password" value=${password} onInput=${setPassword}
        error=${fieldError(problem, 'password')} required />
      <${FormProblem} problem=${problem} shown=${['identity', 'email', 'password']} />
      <${Button} type="submit" busy=${busy} class="btn-block">Log in</${Button}>
      <div class="row-between small">
        <a href="/forgot-password">Forgot your password?</a>
        ${otpEnabled && html`<button type="button" class="btn-link" disabled=${!/.+@.+/.test(email)}
          onClick=${() => setOtp({})}>Email me a code instead</button>`}
      </div>
      ${!compact && html`<p class="small muted">New here? <a href="/signup">Create an account</a></p>`}
    </form>
  </div>`;
}

// SignupForm creates a customer account and signs it in.
export function SignupForm({ onDone, compact }) {
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const set = (k) => (v) => setForm((f) => ({ ...f, [k]: v }));
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    const email = form.email.trim();
    try {
      await customers().create({ name: form.name.trim(), email, password: form.password, passwordConfirm: form.password });
    } catch (err) {
      setProblem(toProblem(err));
      setBusy(false);
      return;
    }
    try {
      await customers().authWithPassword(email, form.password);
      // The welcome and verification emails go out on their own; asking
      // again here would only send a second link.
      customers().requestVerification(email).catch(() => {});
      onDone?.();
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="auth-form">
    <${OAuthButtons} onDone=${onDone} onProblem=${setProblem} />
    <form class="form" onSubmit=${submit} novalidate>
      <${Field} label="Full name" name="name" autocomplete="name" value=${form.name} onInput=${set('name')}
        error=${fieldError(problem, 'name')} required />
      <${Field} label="Email" name="email" type="email" autocomplete="email" value=${form.email} onInput=${set('email')}
        error=${fieldError(problem, 'email')} required />
      <${Field} label="Password" name="password" type="password" autocomplete="new-password" value=${form.password} onInput=${set('password')}
        error=${fieldError(problem, 'password', 'passwordConfirm')} hint="At least 8 characters." required />
      <${FormProblem} problem=${problem} shown=${['name', 'email', 'password', 'passwordConfirm']} />
      <${Button} type="submit" busy=${busy} class="btn-block">Create account</${Button}>
      ${!compact && html`<p class="small muted">Already a customer? <a href="/login">Log in</a></p>`}
    </form>
  </div>`;
}

// RequireCustomer shows its children to a signed-in customer, and the
// log-in form (with a link to sign up) to anyone else.
export function RequireCustomer({ children, title = 'Log in to continue' }) {
  const { customer } = useStore(session);
  if (customer) return children;
  return html`<div class="narrow card">
    <h1 class="card-title" tabindex="-1">${title}</h1>
    <${LoginForm} />
  </div>`;
}
