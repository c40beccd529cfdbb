// The staff pages' frame: their section navigation, who is signed in, the
// sign-in form in place for anyone else, and a refusal for a role the page
// is not for. It loads staff.css itself, so the shop never downloads it.
import { html, useEffect } from '../lib/html.js';
import { useStore } from '../lib/store.js';
import { here } from '../lib/router.js';
import { staffSession, staffSignOut, refreshStaff, isBillingStaff } from '../lib/staff.js';
import { Empty, PageHeader } from './ui.js';
import { StaffLoginForm } from './staff_login_form.js';

function useStaffStyles() {
  useEffect(() => {
    if (document.querySelector('link[data-staff-css]')) return;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/staff.css';
    link.dataset.staffCss = '';
    document.head.append(link);
  }, []);
}

let refreshed = false;

function StaffNav({ staff }) {
  const { path } = useStore(here);
  const sections = [{ href: '/staff/tickets', label: 'Tickets' }];
  if (isBillingStaff(staff)) sections.push({ href: '/staff/payouts', label: 'Affiliate payouts' });
  return html`<nav class="staff-nav" aria-label="Staff">
    <ul>${sections.map((s) => html`<li key=${s.href}><a href=${s.href} aria-current=${path.startsWith(s.href) ? 'page' : undefined}>${s.label}</a></li>`)}</ul>
    <div class="staff-who">
      <span class="small"><span class="sr-only">Signed in as </span><strong>${staff.name || staff.email}</strong> <span class="muted">· ${staff.role}</span></span>
      <button type="button" class="btn btn-ghost btn-sm" onClick=${staffSignOut}>Sign out</button>
    </div>
  </nav>`;
}

// StaffPage is a staff page: <${StaffPage} title="Tickets" allow=${fn}>.
// allow(staff) says whether the signed-in member's role may use it.
export function StaffPage({ title, lead, actions, allow, children }) {
  useStaffStyles();
  const { staff } = useStore(staffSession);
  useEffect(() => {
    if (staff && !refreshed) { refreshed = true; refreshStaff(); }
  }, [staff?.id]);
  if (!staff) {
    return html`<div class="staff staff-signin"><${StaffLoginForm} /></div>`;
  }
  return html`<div class="staff">
    <${StaffNav} staff=${staff} />
    ${allow && !allow(staff)
      ? html`<${PageHeader} title=${title} /><${Empty} title="Not for your role"><p>This page is for billing staff and admins.</p><a class="btn btn-primary" href="/staff/tickets">Tickets</a></${Empty}>`
      : html`<div class="row-between staff-head"><${PageHeader} title=${title} lead=${lead} />${actions && html`<div class="row">${actions}</div>`}</div>
        ${children}`}
  </div>`;
}
