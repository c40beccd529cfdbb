// What the staff journeys share: signing in on the staff pages with a
// password and the code emailed to the member of staff.
import { waitForMail } from './mailpit.mjs';
import { check } from './browser.mjs';

// staffSignIn signs in on a page showing the staff sign-in form. It reads
// the code from the newest mail to the member of staff, so it suits a first
// sign-in of that member in the journey's world.
export async function staffSignIn(page, email, password) {
  await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('One-time code').waitFor();
  const mail = await waitForMail(email, /one-time|OTP|code/i);
  const code = /one-time password is:\s*(?:<strong>)?\s*(\d+)/.exec(`${mail.HTML}\n${mail.Text}`)?.[1];
  check(code, `no code in the email: ${mail.Text}`);
  await page.getByLabel('One-time code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
