// The staff pages' own PocketBase client: staff tokens live under their own
// storage key, so one browser can hold a customer's session and a staff
// session at once without either signing the other out.
import PocketBase, { LocalAuthStore } from '/vendor/pocketbase-0.27.3/pocketbase.es.mjs';
import { createStore } from './store.js';

export const STAFF = 'staff';

export const staffPb = new PocketBase('/', new LocalAuthStore('hb_staff_auth'));
// Pages keep the newest answer themselves, as on the customer side.
staffPb.autoCancellation(false);

function currentStaff() {
  const record = staffPb.authStore.record;
  return staffPb.authStore.isValid && record?.collectionName === STAFF ? record : null;
}

// staffSession holds {staff}: the signed-in member of staff, or null.
export const staffSession = createStore({ staff: currentStaff() });
staffPb.authStore.onChange(() => staffSession.set({ staff: currentStaff() }));

// staffHb calls a Hostbase route with the staff token.
export function staffHb(path, options = {}) {
  return staffPb.send(`/api/hb${path}`, { method: 'GET', ...options });
}

// isBillingStaff: admins and billing staff settle affiliate payouts.
export const isBillingStaff = (staff) => staff?.role === 'admin' || staff?.role === 'billing';

// seesDepartment mirrors the tickets' rules: an admin sees every
// department, other staff their own.
export const seesDepartment = (staff, departmentId) => staff?.role === 'admin' || (staff?.departments || []).includes(departmentId);

// signInWithPassword is the first factor. Staff always need a second one:
// the server answers 401 with an mfaId, and an emailed code is requested.
// It returns {done: true} when the password alone was enough, else
// {mfaId, otpId} for signInWithCode.
export async function signInWithPassword(email, password) {
  try {
    await staffPb.collection(STAFF).authWithPassword(email, password);
    return { done: true };
  } catch (err) {
    const mfaId = err?.response?.mfaId;
    if (!mfaId) throw err;
    const { otpId } = await staffPb.collection(STAFF).requestOTP(email);
    return { mfaId, otpId };
  }
}

// signInWithCode completes the sign-in with the emailed one-time code.
export function signInWithCode({ mfaId, otpId }, code) {
  return staffPb.collection(STAFF).authWithOTP(otpId, code, { body: { otpId, password: code, mfaId } });
}

// staffSignOut forgets the staff token in this browser only.
export function staffSignOut() {
  staffPb.authStore.clear();
  try { staffPb.realtime.unsubscribe(); } catch { /* not connected */ }
}

// refreshStaff renews the token and re-reads the member of staff (a role or
// department changed by an admin); a dead token signs them out.
export async function refreshStaff() {
  if (!currentStaff()) return null;
  try {
    await staffPb.collection(STAFF).authRefresh();
  } catch (err) {
    if (err?.status === 401 || err?.status === 403 || err?.status === 404) staffPb.authStore.clear();
  }
  return currentStaff();
}
