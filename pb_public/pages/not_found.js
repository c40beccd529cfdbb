// The page for a path the app does not know.
import { html } from '../lib/html.js';
import { PageHeader } from '../components/ui.js';

export default function NotFound() {
  return html`<div class="empty">
    <${PageHeader} title="Page not found" lead="The address may be mistyped, or the page has moved." />
    <p><a class="btn btn-primary" href="/">Back to the shop</a></p>
  </div>`;
}
