// Journey 1: a visitor configures a Cloud VPS S with options and an add-on,
// applies a coupon (a refused one first), signs up at checkout, pays by card
// on Stripe's hosted page, returns, and watches the service become active.
// Run by storefront_browser_test.go, which provides the world (env below).
import { launch, watch, screenshot, step, check, BASE } from './browser.mjs';

const CONTROL = process.env.HOSTBASE_CONTROL;
const EMAIL = process.env.HOSTBASE_JOURNEY_EMAIL || `visitor-${Date.now()}@example.com`;
const HOSTNAME = 'vps1.example.com';
const FIRST_LOAD_BUDGET = 300 * 1024;

const { context, close } = await launch();
const page = await context.newPage();
const problems = watch(page);
let stripePage = '';
try {
  // Stripe's hosted page is on the internet, which this machine cannot
  // reach: stand in for it with a page that says where the buyer is.
  await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => {
    stripePage = route.request().url();
    return route.fulfill({
      status: 200, contentType: 'text/html',
      body: '<!doctype html><title>Stripe Checkout</title><h1 style="font-family:sans-serif">Stripe Checkout (stand-in)</h1><p>Card taken.</p>',
    });
  });

  // Layout shifts, summed as the browser reports them (CLS), for the check
  // that content arriving does not move the page.
  await context.addInitScript(() => {
    window.layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.layoutShift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });

  // --- Home: first load under budget -----------------------------------
  let transferred = 0;
  const count = async (req) => {
    const sizes = await req.sizes().catch(() => null);
    if (sizes) transferred += sizes.responseBodySize + sizes.responseHeadersSize;
  };
  page.on('requestfinished', count);
  await page.goto(`${BASE}/`, { waitUntil: 'networkidle' });
  page.off('requestfinished', count);
  await page.getByRole('heading', { name: 'Popular plans' }).waitFor();
  step(`home: first load transferred ${transferred} bytes (budget ${FIRST_LOAD_BUDGET})`);
  console.log(`METRIC first_load_bytes=${transferred}`);
  check(transferred > 10_000 && transferred < FIRST_LOAD_BUDGET, `first load of the home page transferred ${transferred} bytes, budget ${FIRST_LOAD_BUDGET}`);
  const shift = await page.evaluate(() => window.layoutShift);
  console.log(`METRIC home_layout_shift=${shift.toFixed(4)}`);
  check(shift < 0.1, `the home page moved while loading: layout shift ${shift}`);
  await screenshot(page, 'home');

  // Keyboard: the first Tab reaches the skip link, which moves focus to the
  // page's content.
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement?.textContent) === 'Skip to content', 'the first Tab stop is the skip link');
  await page.keyboard.press('Enter');
  check(await page.evaluate(() => document.activeElement?.id) === 'main', 'the skip link moves focus to the content');

  // --- Catalog: the VPS range, with stock shown elsewhere ---------------
  await page.getByRole('navigation', { name: 'Shop' }).getByRole('link', { name: 'Cloud VPS' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cloud VPS' }).waitFor();
  // Another currency re-prices the page; the visitor's choice is kept.
  await page.getByRole('combobox', { name: 'Currency' }).selectOption('EUR');
  await page.locator('.pc-price strong', { hasText: '€' }).first().waitFor();
  await screenshot(page, 'catalog-vps-eur');
  await page.getByRole('combobox', { name: 'Currency' }).selectOption('USD');
  await page.locator('.pc-price strong', { hasText: '$' }).first().waitFor();
  await page.goto(`${BASE}/shop/dedicated-servers`);
  const soldOut = page.locator('.product-card.is-out');
  await soldOut.first().waitFor();
  check(await soldOut.getByText('Out of stock').count() > 0, 'an out-of-stock product says so on its card');
  await page.goto(`${BASE}/shop/cloud-vps`);
  await page.getByRole('link', { name: 'Configure Cloud VPS S' }).click();

  // --- Product: options, add-on, hostname; the price follows ------------
  await page.getByRole('heading', { level: 1, name: 'Cloud VPS S' }).waitFor();
  const total = page.getByTestId('quote-total');
  await total.waitFor();
  const before = await total.textContent();
  const ram = page.getByLabel('RAM');
  await ram.selectOption(await ram.locator('option', { hasText: /^8 GB/ }).getAttribute('value'));
  const os = page.getByLabel('Operating System');
  await os.selectOption(await os.locator('option', { hasText: /^Debian/ }).getAttribute('value'));
  await page.getByRole('checkbox', { name: /Daily Backups/ }).check();
  await page.getByLabel('Hostname').fill(HOSTNAME);
  await page.waitForFunction((old) => {
    const el = document.querySelector('[data-testid="quote-total"]');
    return el && el.textContent !== old && !el.closest('[aria-busy="true"]');
  }, before);
  const after = await total.textContent();
  step(`product: total ${before} → ${after} with 8 GB, Debian and backups`);
  check(after !== before, 'the price follows the configuration');
  check(await page.getByText('Daily Backups').count() > 0, 'the add-on is priced in the summary');
  await screenshot(page, 'product-configured');
  await page.getByRole('button', { name: 'Add to cart' }).click();

  // --- Cart: a refused coupon shows the server's reason, then SAVE5 -----
  await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
  await page.getByTestId('cart-item').first().waitFor();

  // Changing the item goes back to its configuration, kept as chosen.
  await page.getByRole('link', { name: 'Change Cloud VPS S' }).click();
  await page.getByRole('button', { name: 'Update cart' }).waitFor();
  check(await page.getByLabel('Hostname').inputValue() === HOSTNAME, 'editing keeps the hostname');
  check(await page.getByRole('checkbox', { name: /Daily Backups/ }).isChecked(), 'editing keeps the add-on');
  await page.getByRole('radio', { name: /Quarterly/ }).check({ force: true });
  await page.waitForFunction(() => !document.querySelector('.summary-card [aria-busy="true"]'));
  await page.getByRole('button', { name: 'Update cart' }).click();
  await page.getByTestId('cart-item').getByText(/Quarterly/).waitFor();
  check(await page.getByTestId('cart-item').count() === 1, 'changing an item does not add another');
  step('cart: the item changed to quarterly billing');
  await page.getByLabel('Country (for tax)').selectOption('DE');
  await page.getByLabel('Coupon code').fill('SUMMER24');
  await page.getByRole('button', { name: 'Apply' }).click();
  const refusal = page.locator('.coupon .field-error');
  await refusal.waitFor();
  step(`cart: SUMMER24 refused: ${await refusal.textContent()}`);
  await screenshot(page, 'cart-coupon-refused');
  await page.getByLabel('Coupon code').fill('SAVE5');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('SAVE5 applied').waitFor();
  await page.getByText(/Discount \(SAVE5\)/).waitFor();
  step(`cart: SAVE5 applied, total ${await total.textContent()}`);
  await screenshot(page, 'cart-coupon-applied');
  await page.getByRole('link', { name: 'Checkout' }).click();

  // --- Checkout: sign up inline, address, card, terms ------------------
  await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
  await page.getByLabel('Full name').first().fill('Vera Visitor');
  await page.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
  await page.getByLabel('Password').fill('correct-horse-battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText(`Signed in as`).waitFor();
  step(`checkout: signed up as ${EMAIL}`);
  await page.getByRole('textbox', { name: 'Address', exact: true }).fill('Hauptstraße 1');
  await page.getByRole('textbox', { name: 'City', exact: true }).fill('Berlin');
  await page.getByRole('textbox', { name: 'Postcode', exact: true }).fill('10115');
  await page.getByRole('combobox', { name: 'Country', exact: true }).selectOption('DE');
  await page.getByRole('radio', { name: /Card/ }).check();
  // Placing the order without accepting the terms: the server's message
  // appears next to the checkbox.
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.locator('.field-check.has-error .field-error').waitFor();
  step(`checkout: terms refused: ${await page.locator('.field-check.has-error .field-error').textContent()}`);
  await page.getByLabel(/I accept the terms/).check();
  await screenshot(page, 'checkout-filled');
  // The page leaves for Stripe as soon as the answer arrives: read the
  // answer on its way through.
  let answer = null;
  await page.route('**/api/hb/checkout', async (route) => {
    const res = await route.fetch();
    answer = { status: res.status(), body: await res.json() };
    await route.fulfill({ response: res });
  });
  const customer = await page.evaluate(() => JSON.parse(localStorage.getItem('pocketbase_auth') || '{}').record?.id);
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL((u) => stripePage !== '' && u.href === stripePage);
  const order = answer?.body || {};
  check(answer?.status === 201, `checkout answered ${answer?.status}: ${JSON.stringify(order)}`);
  step(`checkout: order ${order.order_number} (${order.order}), invoice ${order.invoice}, ${order.total} ${order.currency}, next ${order.next?.kind}`);
  check(order.next?.kind === 'redirect', `a card payment goes to Stripe's page, next = ${JSON.stringify(order.next)}`);
  step(`stripe: at the hosted page ${new URL(stripePage).host}`);

  // --- Back in the shop before Stripe's webhook arrives: Stripe sends the
  // buyer to the invoice; from there the order page waits for the payment,
  // then turns active without a reload -----------------------------------
  await page.goto(`${BASE}/client/invoices/${order.invoice}?payment=success`);
  await page.locator('h1').first().waitFor();
  await screenshot(page, 'return-from-stripe');
  await page.goto(`${BASE}/client/orders/${order.order}`);
  await page.locator('[data-testid="service"][data-status="pending"]').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Order placed' }).waitFor();
  await screenshot(page, 'order-awaiting-payment');
  await page.evaluate(() => { window.stillTheSamePage = true; });

  const delivered = await fetch(`${CONTROL}/stripe/checkout-completed`, {
    method: 'POST',
    body: JSON.stringify({ invoice: order.invoice, customer, amount: order.amount_due, currency: order.currency }),
  });
  check(delivered.ok, `the webhook was refused: ${delivered.status} ${await delivered.text()}`);
  step('stripe: checkout.session.completed delivered');

  await page.locator('[data-testid="service"][data-status="active"]').waitFor({ timeout: 30_000 });
  await page.getByRole('heading', { level: 1, name: 'Your service is ready' }).waitFor();
  check(await page.evaluate(() => window.stillTheSamePage === true), 'the order page updated in place, without a reload');
  check(await page.locator('[data-testid="service"] dd').count() >= 2, 'the active service shows its hostname and IP address');
  check(await page.getByText('paid', { exact: true }).count() === 1, 'the invoice shows as paid');
  step('order: the service became active on the open page');
  await screenshot(page, 'order-active');

  check(problems.length === 0, `the pages logged problems:\n${problems.join('\n')}`);
  step('journey 1 passed');
} catch (err) {
  await screenshot(page, 'failure').catch(() => {});
  console.error(err?.stack || String(err));
  if (problems.length) console.error(`page problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} finally {
  await close();
}
