// After journey 4, the same customer goes through their own client area:
// every section loads at phone and desktop widths without a page error, a
// top-up refuses a malformed amount next to its field and then makes an
// invoice, the knowledge base finds an article and takes a vote, the
// affiliate account opens, and the profile saves.
// Run by storefront_client_browser_test.go, which provides the world.
import { launch, watch, screenshot, step, check, BASE } from './browser.mjs';

const EMAIL = process.env.HOSTBASE_JOURNEY_EMAIL;
const PASSWORD = process.env.HOSTBASE_JOURNEY_PASSWORD;

const { context, close } = await launch();
const page = await context.newPage();
const problems = watch(page);
// A refused form is part of this journey: the browser logs its 400 as a
// failed resource, which is not a page problem.
const pageProblems = () => problems.filter((p) => !/status of 400/.test(p));
try {
  await page.goto(`${BASE}/client/profile`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();

  // --- Profile: details saved, the sign-in just made is listed -----------
  await page.getByLabel('Phone').fill('+49 30 1234567');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.getByText('Saved.').waitFor();
  await page.getByRole('heading', { name: 'Recent sign-ins' }).waitFor();
  await page.locator('.list-rows .badge-ok').first().waitFor();
  step('profile: details saved, sign-in history shown');
  await screenshot(page, 'profile');

  // --- Credit: a malformed amount is refused beside the field ----------
  await page.getByRole('navigation', { name: 'Client area' }).getByRole('link', { name: 'Account credit' }).click();
  await page.getByRole('heading', { level: 1, name: 'Account credit' }).waitFor();
  const topup = page.getByRole('form', { name: 'Add credit' });
  await topup.getByLabel('Currency').selectOption('EUR');
  await topup.getByLabel('Amount').fill('10.005');
  await topup.getByRole('button', { name: 'Continue to payment' }).click();
  await topup.locator('.field-error').waitFor();
  step(`credit: 10.005 refused: ${await topup.locator('.field-error').textContent()}`);
  await topup.getByLabel('Amount').fill('25.50');
  await topup.getByRole('button', { name: 'Continue to payment' }).click();
  await page.waitForURL(/\/client\/invoices\/[a-z0-9]{15}$/);
  await page.getByTestId('amount-due').waitFor();
  check(/25\.50/.test(await page.getByTestId('amount-due').textContent()), 'the top-up invoice asks for 25.50');
  check(await page.getByRole('radio', { name: /Account credit/ }).count() === 0, 'credit is not offered to buy credit');
  step('credit: a top-up invoice of 25.50 to pay');
  await screenshot(page, 'topup-invoice');

  // --- Every section loads --------------------------------------------
  for (const [path, heading] of [['/client', /^Hello, /], ['/client/services', 'Services'], ['/client/invoices', 'Invoices'],
    ['/client/tickets', 'Support tickets'], ['/client/payment-methods', 'Payment methods'], ['/client/tickets/new', 'Open a ticket']]) {
    await page.goto(`${BASE}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' }).catch(() => {});
    await screenshot(page, path.slice(1).replace(/\//g, '-'));
  }
  step('sections: overview, services, invoices, tickets, payment methods, new ticket');

  // --- Knowledge base: search, article, vote, related -------------------
  await page.goto(`${BASE}/kb`);
  await page.getByLabel('Search the knowledge base').fill('ssh');
  await page.getByRole('button', { name: 'Search' }).click();
  const hit = page.locator('.kb-hits a').first();
  await hit.waitFor();
  check(await page.locator('.kb-hits mark').count() > 0, 'search hits highlight the words found');
  await screenshot(page, 'kb-search');
  await hit.click();
  await page.getByRole('heading', { name: 'Was this helpful?' }).waitFor();
  await page.getByRole('button', { name: 'Yes' }).click();
  await page.getByText('Thank you for telling us.').waitFor();
  step(`kb: found and voted on "${await page.locator('h1').textContent()}"`);
  await screenshot(page, 'kb-article');
  await page.goto(`${BASE}/announcements`);
  await page.getByRole('heading', { level: 1, name: 'Announcements' }).waitFor();

  // --- Affiliate: open an account, the link carries the code ------------
  await page.goto(`${BASE}/client/affiliate`);
  await page.getByRole('button', { name: 'Open my affiliate account' }).click();
  await page.getByRole('heading', { name: 'Your link' }).waitFor();
  const link = await page.getByLabel('Your referral link').inputValue();
  check(/\?ref=[A-Za-z0-9]+$/.test(link), `the referral link carries the code: ${link}`);
  step(`affiliate: account opened, link ${link}`);
  await screenshot(page, 'affiliate');

  check(pageProblems().length === 0, `the pages logged problems:\n${pageProblems().join('\n')}`);
  step('own pages passed');
} catch (err) {
  await screenshot(page, 'failure').catch(() => {});
  console.error(err?.stack || String(err));
  if (problems.length) console.error(`page problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} finally {
  await close();
}
