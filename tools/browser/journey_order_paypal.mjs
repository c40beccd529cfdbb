// A new customer signs up on the sign-up page, verifies the address from the
// email, orders a Cloud VPS S and pays
// with PayPal: the buyer approves on PayPal's page (the test's fake PayPal,
// on this machine), comes back through the shop, which captures the money,
// lands on the paid invoice, and the order's service becomes active.
import { launch, watch, screenshot, step, check, BASE } from './browser.mjs';
import { waitForMail } from './mailpit.mjs';

const EMAIL = `paypal-${Date.now()}@example.com`;

const { context, close } = await launch();
const page = await context.newPage();
const problems = watch(page);
try {
  await page.goto(`${BASE}/signup`);
  await page.getByRole('textbox', { name: 'Full name' }).fill('Pat Paypal');
  await page.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
  await page.getByRole('textbox', { name: 'Password' }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.locator('.field.has-error .field-error').waitFor();
  step(`signup: a short password refused: ${await page.locator('.field.has-error .field-error').first().textContent()}`);
  await page.getByRole('textbox', { name: 'Password' }).fill('paypal-pays-this-one');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((u) => u.pathname === '/client');
  step(`signup: ${EMAIL} signed up, on to the client area`);

  // The verification link from the email confirms the address.
  const mail = await waitForMail(EMAIL, /verif/i);
  const token = /\/verify-email\/([\w.-]+)/.exec(`${mail.Text}\n${mail.HTML}`)?.[1];
  check(token, `no verification token in the email: ${mail.Text}`);
  await page.goto(`${BASE}/verify-email/${token}`);
  await page.getByText('Email verified').waitFor();
  await screenshot(page, 'email-verified');
  step('signup: the emailed link verified the address');

  await page.goto(`${BASE}/product/cloud-vps-s`);
  await page.getByRole('textbox', { name: 'Hostname' }).fill('pp1.example.com');
  await page.waitForFunction(() => !document.querySelector('.summary-card [aria-busy="true"]'));
  await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
  await page.getByRole('link', { name: 'Checkout' }).click();

  await page.getByText('Signed in as').waitFor();
  check(await page.getByRole('textbox', { name: 'Full name' }).inputValue() === 'Pat Paypal', 'the billing name comes from the account');
  await page.getByRole('textbox', { name: 'Address', exact: true }).fill('1 Rue de Rivoli');
  await page.getByRole('textbox', { name: 'City', exact: true }).fill('Paris');
  await page.getByRole('combobox', { name: 'Country', exact: true }).selectOption('FR');
  await page.getByRole('radio', { name: /PayPal/ }).check();
  await page.getByLabel(/I accept the terms/).check();
  await page.waitForFunction(() => !document.querySelector('.summary-card [aria-busy="true"]'));
  await screenshot(page, 'checkout-paypal');
  await page.getByRole('button', { name: 'Place order' }).click();

  // PayPal's page approves at once and sends the buyer back through the
  // shop, which captures the payment and shows the invoice.
  await page.waitForURL((u) => u.pathname.startsWith('/client/invoices/') && u.searchParams.get('payment') === 'success', { timeout: 20_000 });
  step(`paypal: approved and back at ${new URL(page.url()).pathname}`);
  await page.locator('h1').first().waitFor();
  await screenshot(page, 'back-from-paypal');

  const last = await page.evaluate(() => JSON.parse(sessionStorage.getItem('hostbase.lastOrder') || 'null'));
  check(last?.order, 'the checkout remembered the order in this tab');
  await page.goto(`${BASE}/client/orders/${last.order}`);
  await page.locator('[data-testid="service"][data-status="active"]').waitFor({ timeout: 30_000 });
  check(await page.getByText('paid', { exact: true }).count() === 1, 'the invoice shows as paid');
  step('order: paid with PayPal, the service is active');
  await screenshot(page, 'order-active');

  check(problems.length === 0, `the pages logged problems:\n${problems.join('\n')}`);
  step('PayPal journey passed');
} catch (err) {
  await screenshot(page, 'failure').catch(() => {});
  console.error(err?.stack || String(err));
  if (problems.length) console.error(`page problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} finally {
  await close();
}
