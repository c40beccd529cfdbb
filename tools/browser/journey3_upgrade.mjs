// Journey 3: the customer upgrades their Cloud VPS S to the M, sees the
// proration before committing, pays the upgrade invoice with the account
// credit billing staff added, and downloads the invoice as a PDF.
// Run by storefront_client_browser_test.go, which provides the world.
import { readFileSync } from 'node:fs';
import { launch, watch, screenshot, step, check, BASE } from './browser.mjs';

const EMAIL = process.env.HOSTBASE_JOURNEY_EMAIL;
const PASSWORD = process.env.HOSTBASE_JOURNEY_PASSWORD;
const SERVICE = process.env.HOSTBASE_JOURNEY_SERVICE;
const STAFF_TOKEN = process.env.HOSTBASE_STAFF_TOKEN;

const { context, close } = await launch();
const page = await context.newPage();
const problems = watch(page);
// Layout shifts, summed as the browser reports them (CLS): the service
// page's cards arrive one by one and must not move what is already shown.
await context.addInitScript(() => {
  window.layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.layoutShift += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
});
try {
  await page.goto(`${BASE}/client/services/${SERVICE}`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cloud VPS S' }).waitFor();

  // A fresh load of the page, signed in: everything arrives without a jump.
  await page.reload();
  await page.getByTestId('service-page').getByText('active', { exact: true }).waitFor();
  await page.locator('.usage-chart').waitFor();
  await page.getByRole('button', { name: 'Reboot' }).waitFor();
  await page.getByLabel('New plan').waitFor();
  const shift = await page.evaluate(() => window.layoutShift);
  console.log(`METRIC service_layout_shift=${shift.toFixed(4)}`);
  check(shift < 0.1, `the service page moved while loading: layout shift ${shift}`);
  step(`service: the Cloud VPS S is active, usage drawn, layout shift ${shift.toFixed(4)}`);

  // Login details only when asked for, and the keyboard reaches the button.
  check(await page.getByTestId('credentials').count() === 0, 'login details are hidden until asked for');
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.textContent?.trim()) === 'Show login details') break;
  }
  check(await page.evaluate(() => document.activeElement?.textContent?.trim()) === 'Show login details', 'Tab reaches "Show login details"');
  await page.keyboard.press('Enter');
  await page.getByTestId('credentials').waitFor();
  check(await page.getByTestId('credentials').getByText('root', { exact: true }).count() === 1, 'the login details name the user');
  await screenshot(page, 'service');
  await page.getByRole('button', { name: 'Hide' }).click();

  // --- The proration, priced by the server before anything is written ---
  await page.getByLabel('New plan').selectOption({ label: 'Cloud VPS M' });
  const proration = page.getByTestId('proration');
  await proration.waitFor();
  const dueNow = await page.getByTestId('due-now').textContent();
  const lines = await proration.locator('.totals').innerText();
  step(`change: upgrade preview, due now ${dueNow}\n${lines}`);
  check(/Unused part of the current plan/.test(lines) && /−/.test(lines), 'the preview shows the credit for the unused part of the period');
  await screenshot(page, 'upgrade-proration');

  await page.getByRole('button', { name: `Upgrade and pay ${dueNow}` }).click();
  await page.waitForURL(/\/client\/invoices\/[a-z0-9]{15}$/);
  const invoicePage = page.getByTestId('invoice-page');
  await invoicePage.waitFor();
  check(await invoicePage.getAttribute('data-status') === 'unpaid', 'the upgrade is an unpaid invoice first');
  check(await page.getByTestId('amount-due').textContent() === dueNow, `the invoice asks what the preview said: ${dueNow}`);
  await page.getByTestId('invoice-lines').waitFor();
  step(`invoice: ${await page.locator('h1').textContent()} for ${dueNow}`);

  // --- Paid with account credit -----------------------------------------
  await page.getByRole('radio', { name: /Account credit/ }).check();
  await screenshot(page, 'upgrade-invoice');
  await page.getByRole('button', { name: 'Pay now' }).click();
  await page.locator('[data-testid="invoice-page"][data-status="paid"]').waitFor({ timeout: 15_000 });
  await page.getByText('Paid. Thank you!').waitFor();
  check(/Account credit applied/.test(await page.locator('dl.totals').innerText()), 'the invoice shows the credit applied');
  step('invoice: paid with account credit');
  await screenshot(page, 'upgrade-paid');

  // --- The PDF, fetched with the customer's token -----------------------
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PDF' }).click(),
  ]);
  const pdf = readFileSync(await download.path());
  check(pdf.subarray(0, 5).toString('latin1') === '%PDF-', 'the download is a PDF');
  check(/\.pdf$/.test(download.suggestedFilename()), `the file is named as a PDF: ${download.suggestedFilename()}`);
  step(`pdf: ${download.suggestedFilename()}, ${pdf.length} bytes`);

  // --- The service page shows the new plan -------------------------------
  const subscribed = page.waitForResponse((r) => r.url().endsWith('/api/realtime') && r.request().method() === 'POST'
    && (r.request().postData() || '').includes('services'));
  await page.goto(`${BASE}/client/services/${SERVICE}`);
  await page.getByRole('heading', { level: 1, name: 'Cloud VPS M' }).waitFor({ timeout: 15_000 });
  step('service: now a Cloud VPS M');
  await screenshot(page, 'service-upgraded');

  // --- Staff suspend and unsuspend it: the page follows live ------------
  await page.evaluate(() => { window.journeyMarker = 'same page'; });
  check((await subscribed).ok(), 'the page subscribed to the services');
  const staff = (action) => fetch(`${BASE}/api/hb/services/${SERVICE}/lifecycle/${action}`, {
    method: 'POST', headers: { Authorization: STAFF_TOKEN, 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'Abuse report under review' }),
  });
  let answer = await staff('suspend');
  check(answer.ok, `staff could not suspend: ${answer.status} ${await answer.text()}`);
  await page.getByTestId('service-page').locator('[data-status="suspended"]').waitFor({ timeout: 15_000 });
  step('service: suspended by staff, shown without a reload');
  await screenshot(page, 'service-suspended');
  answer = await staff('unsuspend');
  check(answer.ok, `staff could not unsuspend: ${answer.status} ${await answer.text()}`);
  await page.getByTestId('service-page').locator('[data-status="active"]').waitFor({ timeout: 15_000 });
  check(await page.evaluate(() => window.journeyMarker) === 'same page', 'the status followed in the same page');
  step('service: active again, live');

  check(problems.length === 0, `the pages logged problems:\n${problems.join('\n')}`);
  step('journey 3 passed');
} catch (err) {
  await screenshot(page, 'failure').catch(() => {});
  console.error(err?.stack || String(err));
  if (problems.length) console.error(`page problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} finally {
  await close();
}
