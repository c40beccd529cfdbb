// The customer's own account: contact and billing details, password, email
// address (confirmed by a link), a second sign-in step by emailed code, and
// the recent sign-ins to the account.
import { html, useState } from '../lib/html.js';
import { pb, session, CUSTOMERS } from '../lib/api.js';
import { useStore } from '../lib/store.js';
import { useLoad, formatTime } from '../lib/client.js';
import { toProblem, fieldError, withoutFields } from '../lib/errors.js';
import { countryOptions } from '../lib/countries.js';
import { Alert, Button, Field, FormProblem, Loading } from '../components/ui.js';
import { ClientPage, LoadProblem, problemText } from '../components/client_layout.js';

const customers = () => pb.collection(CUSTOMERS);
const DETAILS = ['name', 'company', 'address_line1', 'address_line2', 'city', 'state', 'postcode', 'country', 'phone', 'tax_id'];

function Details({ customer }) {
  const [form, setForm] = useState(() => Object.fromEntries(DETAILS.map((k) => [k, customer[k] || ''])));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [saved, setSaved] = useState(false);
  const set = (k) => (v) => { setSaved(false); setForm((f) => ({ ...f, [k]: v })); setProblem((p) => withoutFields(p, k)); };
  const f = (k, label, extra = {}) => html`<${Field} label=${label} name=${k} value=${form[k]} onInput=${set(k)} error=${fieldError(problem, k)} ...${extra} />`;
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      // Updating the signed-in record also refreshes it in the auth store.
      await customers().update(customer.id, Object.fromEntries(DETAILS.map((k) => [k, form[k].trim()])));
      setSaved(true);
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  return html`<form class="form card" onSubmit=${submit} novalidate aria-labelledby="details-h">
    <h2 id="details-h" class="card-title">Your details</h2>
    <p class="small muted">New invoices carry these details; issued ones keep those they were issued with.</p>
    <div class="form-row">${f('name', 'Full name', { required: true, autocomplete: 'name' })}${f('company', 'Company', { autocomplete: 'organization' })}</div>
    ${f('address_line1', 'Address', { autocomplete: 'address-line1' })}
    ${f('address_line2', 'Address line 2', { autocomplete: 'address-line2' })}
    <div class="form-row">${f('city', 'City', { autocomplete: 'address-level2' })}${f('postcode', 'Postcode', { autocomplete: 'postal-code' })}</div>
    <div class="form-row">${f('state', 'State or region', { autocomplete: 'address-level1' })}
      <${Field} label="Country" name="country" type="select" value=${form.country} onInput=${set('country')} options=${countryOptions()} error=${fieldError(problem, 'country')} /></div>
    <div class="form-row">${f('phone', 'Phone', { type: 'tel', autocomplete: 'tel' })}${f('tax_id', 'VAT number')}</div>
    <${FormProblem} problem=${problem} shown=${DETAILS} />
    ${saved && html`<${Alert} kind="ok">Saved.</${Alert}>`}
    <div><${Button} type="submit" busy=${busy}>Save details</${Button}></div>
  </form>`;
}

function Password({ customer }) {
  const [form, setForm] = useState({ oldPassword: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [done, setDone] = useState(false);
  const set = (k) => (v) => { setForm((f) => ({ ...f, [k]: v })); setProblem((p) => withoutFields(p, k, k === 'password' ? 'passwordConfirm' : k)); };
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null); setDone(false);
    try {
      await customers().update(customer.id, { oldPassword: form.oldPassword, password: form.password, passwordConfirm: form.password });
      // A new password ends every session, this one too: sign in again.
      await customers().authWithPassword(customer.email, form.password);
      setForm({ oldPassword: '', password: '' });
      setDone(true);
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  return html`<form class="form card" onSubmit=${submit} novalidate aria-labelledby="pw-h">
    <h2 id="pw-h" class="card-title">Password</h2>
    <input type="text" name="username" autocomplete="username" value=${customer.email} hidden readonly />
    <${Field} label="Current password" name="oldPassword" type="password" autocomplete="current-password" value=${form.oldPassword}
      onInput=${set('oldPassword')} error=${fieldError(problem, 'oldPassword')} required />
    <${Field} label="New password" name="password" type="password" autocomplete="new-password" value=${form.password}
      onInput=${set('password')} error=${fieldError(problem, 'password', 'passwordConfirm')} required hint="At least 8 characters." />
    <${FormProblem} problem=${problem} shown=${['oldPassword', 'password', 'passwordConfirm']} />
    ${done && html`<${Alert} kind="ok">Password changed. Other devices are signed out.</${Alert}>`}
    <div><${Button} type="submit" busy=${busy}>Change password</${Button}></div>
  </form>`;
}

function Email({ customer }) {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [sent, setSent] = useState('');
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setProblem(null);
    try {
      await customers().requestEmailChange(email.trim());
      setSent(email.trim());
      setEmail('');
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  return html`<form class="form card" onSubmit=${submit} novalidate aria-labelledby="email-h">
    <h2 id="email-h" class="card-title">Email address</h2>
    <p>Now <strong>${customer.email}</strong>${customer.verified ? '' : ' (not yet confirmed)'}</p>
    <${Field} label="New email address" name="newEmail" type="email" autocomplete="email" value=${email} onInput=${(v) => { setEmail(v); setProblem((p) => withoutFields(p, 'newEmail')); }}
      error=${fieldError(problem, 'newEmail')} required />
    <${FormProblem} problem=${problem} shown=${['newEmail']} />
    ${sent && html`<${Alert} kind="info">We sent a link to ${sent}. The address changes once you open it.</${Alert}>`}
    <div><${Button} type="submit" busy=${busy}>Change email</${Button}></div>
  </form>`;
}

function TwoStep({ customer }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const on = !!customer.mfa_enabled;
  const toggle = async () => {
    setBusy(true); setProblem(null);
    try {
      await customers().update(customer.id, { mfa_enabled: !on });
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy(false);
  };
  return html`<section class="card stack" aria-labelledby="mfa-h">
    <h2 id="mfa-h" class="card-title">Two-step sign-in</h2>
    <p>${on ? 'On: after your password, we email you a code to finish signing in.' : 'Off. Turn it on and each sign-in also asks for a code we email you.'}</p>
    ${problem && html`<${Alert} kind="error">${problemText(problem)}</${Alert}>`}
    <div><${Button} variant=${on ? 'secondary' : 'primary'} busy=${busy} onClick=${toggle}>${on ? 'Turn off' : 'Turn on'}</${Button}></div>
  </section>`;
}

const METHODS = { password: 'Password', otp: 'Emailed code', oauth2: 'Sign-in provider', mfa: 'Two-step', refresh: 'Session renewed' };

function History({ customer }) {
  const list = useLoad(() => pb.collection('login_history').getList(1, 15, { sort: '-created', filter: pb.filter('auth_record = {:id}', { id: customer.id }) }), [customer.id]);
  return html`<section class="stack" aria-labelledby="hist-h">
    <h2 id="hist-h">Recent sign-ins</h2>
    ${list.problem && !list.data ? html`<${LoadProblem} problem=${list.problem} retry=${list.reload} />`
      : !list.data ? html`<${Loading} lines=${3} />`
        : !list.data.items.length ? html`<p class="muted">No sign-ins recorded yet.</p>`
          : html`<ul class="list-rows">${list.data.items.map((r) => html`<li key=${r.id}><div class="row-link">
              <span class="row-main"><strong>${formatTime(r.created)} · ${METHODS[r.method] || 'Sign-in'}</strong>
                <span class="small muted">${r.ip}${r.user_agent ? ` · ${r.user_agent.slice(0, 70)}` : ''}</span></span>
              <span class="row-side">${r.success ? html`<span class="badge badge-ok">Signed in</span>` : html`<span class="badge badge-bad">Refused</span>`}</span>
            </div></li>`)}</ul>`}
  </section>`;
}

function Profile() {
  const { customer } = useStore(session);
  if (!customer) return null;
  return html`<div class="stack">
    <div class="split">
      <${Details} customer=${customer} />
      <div class="stack"><${Email} customer=${customer} /><${Password} customer=${customer} /><${TwoStep} customer=${customer} /></div>
    </div>
    <${History} customer=${customer} />
  </div>`;
}

export default function ProfilePage() {
  return html`<${ClientPage} title="Profile" lead="Your details, and how you sign in.">
    <${Profile} />
  </${ClientPage}>`;
}
