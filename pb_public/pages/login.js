// Log in (password, OAuth2 or an emailed code, and MFA when enabled).
import { html } from '../lib/html.js';
import { navigate } from '../lib/router.js';
import { nextURL } from '../lib/next_url.js';
import { PageHeader } from '../components/ui.js';
import { LoginForm } from '../components/auth_forms.js';

export default function Login({ query }) {
  return html`<div class="narrow">
    <${PageHeader} title="Log in" lead="Welcome back." />
    <div class="card"><${LoginForm} onDone=${() => navigate(nextURL(query), { replace: true })} /></div>
  </div>`;
}
