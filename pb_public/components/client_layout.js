// The client area's frame: the section navigation beside (desktop) or above
// (phones) the page, the log-in form in place for visitors, and the small
// pieces every client page shares (status badges, "not found").
import { html, useEffect, useRef } from '../lib/html.js';
import { useStore } from '../lib/store.js';
import { here } from '../lib/router.js';
import { RequireCustomer } from './auth_forms.js';
import { Alert, Empty, PageHeader } from './ui.js';

const SECTIONS = [
  { href: '/client', label: 'Overview', exact: true },
  { href: '/client/services', label: 'Services' },
  { href: '/client/invoices', label: 'Invoices' },
  { href: '/client/tickets', label: 'Support' },
  { href: '/client/credit', label: 'Account credit' },
  { href: '/client/payment-methods', label: 'Payment methods' },
  { href: '/client/affiliate', label: 'Affiliate' },
  { href: '/client/profile', label: 'Profile' },
];

function ClientNav() {
  const { path } = useStore(here);
  const nav = useRef(null);
  const current = (s) => (s.exact ? path === s.href || path === `${s.href}/` : path === s.href || path.startsWith(`${s.href}/`));
  // On phones the sections scroll sideways: bring the current one into view.
  useEffect(() => {
    const box = nav.current;
    const link = box?.querySelector('[aria-current="page"]');
    if (box && link && box.scrollWidth > box.clientWidth) box.scrollLeft = link.offsetLeft - (box.clientWidth - link.offsetWidth) / 2;
  }, [path]);
  return html`<nav class="client-nav" aria-label="Client area" ref=${nav}>
    <ul>
      ${SECTIONS.map((s) => html`<li key=${s.href}><a href=${s.href} aria-current=${current(s) ? 'page' : undefined}>${s.label}</a></li>`)}
    </ul>
  </nav>`;
}

// ClientPage is a client-area page: <${ClientPage} title="Invoices" lead="…"
// actions=${buttons}>…</${ClientPage}>. A visitor sees the log-in form and
// comes back to the same page once signed in.
export function ClientPage({ title, lead, actions, children, loginTitle }) {
  return html`<${RequireCustomer} title=${loginTitle || 'Log in to your client area'}>
    <div class="client">
      <${ClientNav} />
      <div class="client-body">
        <div class="row-between client-head">
          <${PageHeader} title=${title} lead=${lead} />
          ${actions && html`<div class="row">${actions}</div>`}
        </div>
        ${children}
      </div>
    </div>
  </${RequireCustomer}>`;
}

// NotFound is what a page shows for a record the customer cannot see: it
// may not exist or belong to someone else, and the page does not say which.
export function NotFound({ what, back, backLabel }) {
  return html`<${Empty} title=${`${what} not found`}>
    <p>It may have been removed, or it belongs to another account.</p>
    <a class="btn btn-primary" href=${back}>${backLabel}</a>
  </${Empty}>`;
}

// problemText is what to tell the customer about a refused action that has
// no form: the server's message for the field it named, else its message.
export const problemText = (problem) => Object.values(problem?.fields || {})[0] || problem?.message || '';

// LoadProblem shows why a page's data did not arrive, with a retry.
export function LoadProblem({ problem, retry }) {
  return html`<${Alert} kind="error" title="This could not be loaded.">
    <p>${problemText(problem)}</p>
    ${retry && html`<p><button type="button" class="btn btn-secondary btn-sm" onClick=${retry}>Try again</button></p>`}
  </${Alert}>`;
}

const TONES = {
  active: 'ok', paid: 'ok', open: 'info', answered: 'ok', approved: 'ok', converted: 'ok', succeeded: 'ok', published: 'ok',
  pending: 'warn', provisioning: 'warn', unpaid: 'warn', customer_reply: 'warn', on_hold: 'muted', requested: 'warn',
  suspended: 'bad', failed: 'bad', fraud: 'bad', overdue: 'bad', rejected: 'bad', reversed: 'bad',
  terminated: 'muted', cancelled: 'muted', closed: 'muted', refunded: 'muted', draft: 'muted',
};
const WORDS = { customer_reply: 'awaiting reply', on_hold: 'on hold', end_of_period: 'end of period' };

// StatusBadge shows a record's status in words with a colour for its tone.
export function StatusBadge({ status }) {
  const tone = TONES[status] || 'muted';
  return html`<span class=${`badge ${tone === 'info' ? '' : `badge-${tone}`}`} data-status=${status}>${WORDS[status] || status || '—'}</span>`;
}

// isNotFound tells a refused or missing record from other failures: the
// rules answer 404 for another customer's record.
export const isNotFound = (problem) => problem && (problem.status === 404 || problem.status === 403);
