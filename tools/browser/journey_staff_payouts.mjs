// Staff payouts journey: two affiliate payouts by hand are waiting (the Go
// test made them through the API). A billing member signs in with password
// and the emailed code, is refused marking one paid without a reference,
// marks it paid with one, rejects the other with a note, and finds both in
// the history. Run by staff_browser_test.go, which provides the world.
import { launch, watch, screenshot, step, check, BASE } from './browser.mjs';
import { staffSignIn } from './journey_staff_common.mjs';

const EMAIL = process.env.HOSTBASE_STAFF_EMAIL;
const PASSWORD = process.env.HOSTBASE_STAFF_PASSWORD;
const PAY = process.env.HOSTBASE_PAYOUT_PAY;
const REJECT = process.env.HOSTBASE_PAYOUT_REJECT;
const REFERENCE = process.env.HOSTBASE_PAYOUT_REFERENCE;
const NOTE = process.env.HOSTBASE_PAYOUT_NOTE;
const DETAILS = process.env.HOSTBASE_PAYOUT_DETAILS;

const { context, close } = await launch();
const page = await context.newPage();
const problems = watch(page);
try {
  await page.goto(`${BASE}/staff/login?next=/staff/payouts`);
  await staffSignIn(page, EMAIL, PASSWORD);
  await page.getByRole('heading', { level: 1, name: 'Affiliate payouts' }).waitFor();
  step('billing staff: signed in with password and emailed code');

  const pay = page.locator(`[data-testid="payout"][data-payout="${PAY}"]`);
  const reject = page.locator(`[data-testid="payout"][data-payout="${REJECT}"]`);
  await pay.waitFor();
  await reject.waitFor();
  check((await pay.textContent()).includes(DETAILS), 'the payout shows where to send the money');
  await screenshot(page, 'payouts-requested');

  // --- No reference: refused beside the field, nothing settled ----------
  await pay.getByRole('button', { name: 'Mark paid' }).click();
  const err = pay.locator('.field.has-error .field-error');
  await err.waitFor();
  step(`billing staff: marking paid without a reference refused: ${await err.textContent()}`);
  check(await pay.count() === 1, 'the refused payout is still waiting');

  await pay.getByLabel('Transfer reference').fill(REFERENCE);
  await pay.getByRole('button', { name: 'Mark paid' }).click();
  await pay.waitFor({ state: 'detached' });
  step('billing staff: marked paid with the reference');

  await reject.getByLabel('Note (optional)').fill(NOTE);
  await reject.getByRole('button', { name: 'Reject' }).click();
  await reject.waitFor({ state: 'detached' });
  await page.getByRole('heading', { name: 'No payout requests' }).waitFor();
  step('billing staff: rejected the other with a note');

  const history = page.locator('[data-testid="payout-history"]');
  await history.filter({ hasText: REFERENCE }).locator('[data-status="paid"]').waitFor();
  await history.filter({ hasText: NOTE }).locator('[data-status="rejected"]').waitFor();
  step('billing staff: both are in the history');
  await screenshot(page, 'payouts-history');

  check(problems.length === 0, `the page logged problems:\n${problems.join('\n')}`);
  step('staff payouts journey passed');
} catch (e) {
  await screenshot(page, 'failure').catch(() => {});
  console.error(e?.stack || String(e));
  if (problems.length) console.error(`page problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} finally {
  await close();
}
