// The account pages: a customer who forgot their password asks for a link,
// opens it from the email, chooses a new password (a too-short one is
// refused next to the field), and logs in with it; then logs out and in
// again with a one-time code sent by email.
import { launch, watch, screenshot, step, check, BASE } from './browser.mjs';
import { waitForMail } from './mailpit.mjs';

const EMAIL = process.env.HOSTBASE_JOURNEY_EMAIL;
const NEW_PASSWORD = 'a-brand-new-passphrase';

const { context, close } = await launch();
const page = await context.newPage();
const problems = watch(page);
try {
  check(EMAIL, 'HOSTBASE_JOURNEY_EMAIL names the customer');
  await page.goto(`${BASE}/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
  await page.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByText('Check your email').waitFor();
  await screenshot(page, 'reset-requested');

  const mail = await waitForMail(EMAIL, /password/i);
  // The link opens the storefront's reset page (never the staff dashboard).
  const token = /\/reset-password\/([\w.-]+)/.exec(`${mail.Text}\n${mail.HTML}`)?.[1];
  check(token, `no reset token in the email: ${mail.Text}`);
  step('reset: the email with the link arrived');

  await page.goto(`${BASE}/reset-password/${token}`);
  await page.getByRole('textbox', { name: 'New password' }).fill('short');
  await page.getByRole('button', { name: 'Save password' }).click();
  const tooShort = page.locator('.field.has-error .field-error');
  await tooShort.waitFor();
  step(`reset: a short password refused: ${await tooShort.textContent()}`);
  await screenshot(page, 'reset-refused');
  await page.getByRole('textbox', { name: 'New password' }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByText('Password changed').waitFor();

  await page.locator('.alert').getByRole('link', { name: 'log in' }).click();
  await page.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
  await page.getByRole('textbox', { name: 'Password' }).fill('the-old-guess');
  await page.getByRole('button', { name: 'Log in', exact: true }).last().click();
  await page.getByText('do not match').waitFor();
  step('login: a wrong password is refused');
  await page.getByRole('textbox', { name: 'Password' }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).last().click();
  await page.waitForURL((u) => u.pathname === '/client');
  step('login: the new password signs in, on to the client area');
  await screenshot(page, 'logged-in');

  // Log out from the account menu, then in again with a code sent by email.
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.goto(`${BASE}/login`);
  await page.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
  await page.getByRole('button', { name: 'Email me a code instead' }).click();
  await page.getByText(`We sent a code to ${EMAIL}`).waitFor();
  const otpMail = await waitForMail(EMAIL, /one-time|OTP|code/i);
  const code = /one-time password is:\s*(?:<strong>)?\s*(\d+)/.exec(`${otpMail.HTML}\n${otpMail.Text}`)?.[1];
  check(code, `no code in the email: ${otpMail.Text}`);
  await page.getByRole('textbox', { name: 'Code from the email' }).fill(code);
  await screenshot(page, 'login-code');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/client');
  step('login: an emailed code signs in too');

  check(problems.length === 0, `the pages logged problems:\n${problems.join('\n')}`);
  step('password reset journey passed');
} catch (err) {
  await screenshot(page, 'failure').catch(() => {});
  console.error(err?.stack || String(err));
  if (problems.length) console.error(`page problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} finally {
  await close();
}
