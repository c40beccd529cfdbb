// /staff/login: the staff sign-in on its own; once signed in it goes on to
// ?next= (same site) or the ticket queue.
import { html, useEffect } from '../lib/html.js';
import { useStore } from '../lib/store.js';
import { navigate } from '../lib/router.js';
import { staffSession } from '../lib/staff.js';
import { useTitle } from '../components/ui.js';
import { StaffLoginForm } from '../components/staff_login_form.js';

const nextPath = (query) => {
  const next = query?.get?.('next') || '';
  return next.startsWith('/staff/') && !next.startsWith('//') ? next : '/staff/tickets';
};

export default function StaffLogin({ query }) {
  useTitle('Staff sign-in');
  const { staff } = useStore(staffSession);
  useEffect(() => {
    if (!document.querySelector('link[data-staff-css]')) {
      const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/staff.css' });
      link.dataset.staffCss = '';
      document.head.append(link);
    }
  }, []);
  useEffect(() => { if (staff) navigate(nextPath(query), { replace: true }); }, [staff]);
  return html`<div class="staff staff-signin"><${StaffLoginForm} /></div>`;
}
