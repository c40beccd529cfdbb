// Sign up as a customer.
import { html } from '../lib/html.js';
import { navigate } from '../lib/router.js';
import { nextURL } from '../lib/next_url.js';
import { PageHeader } from '../components/ui.js';
import { SignupForm } from '../components/auth_forms.js';

export default function Signup({ query }) {
  return html`<div class="narrow">
    <${PageHeader} title="Create your account" lead="Order, pay and manage your services in one place." />
    <div class="card"><${SignupForm} onDone=${() => navigate(nextURL(query), { replace: true })} /></div>
  </div>`;
}
