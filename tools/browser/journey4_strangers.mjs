// Journey 4: a second customer types the first one's service, invoice and
// ticket addresses. Each page says "not found", and no response the
// browser received carries any of the first customer's data.
// Run by storefront_client_browser_test.go, which provides the world.
import { launch, watch, screenshot, step, check, BASE } from './browser.mjs';

const EMAIL = process.env.HOSTBASE_JOURNEY_EMAIL;
const PASSWORD = process.env.HOSTBASE_JOURNEY_PASSWORD;
const OTHER = {
  service: process.env.HOSTBASE_OTHER_SERVICE,
  invoice: process.env.HOSTBASE_OTHER_INVOICE,
  ticket: process.env.HOSTBASE_OTHER_TICKET,
};
const SECRETS = (process.env.HOSTBASE_OTHER_SECRETS || '').split('\n').filter(Boolean);

const { context, close } = await launch();
const page = await context.newPage();
const problems = watch(page);
const answers = [];
page.on('response', async (res) => {
  if (!res.url().includes('/api/')) return;
  const body = await res.text().catch(() => '');
  answers.push({ url: res.url(), status: res.status(), body });
});
// The refusals are the point of this journey: the browser logs each 404 as
// a failed resource, which is not a page problem here.
const pageProblems = () => problems.filter((p) => !/status of 404/.test(p));
try {
  // The client area's first load, log-in included, in a fresh browser.
  let transferred = 0;
  const count = async (req) => {
    const sizes = await req.sizes().catch(() => null);
    if (sizes) transferred += sizes.responseBodySize + sizes.responseHeadersSize;
  };
  page.on('requestfinished', count);
  await page.goto(`${BASE}/client`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Hello, Bob' }).waitFor();
  await page.getByTestId('services').waitFor();
  await page.waitForLoadState('networkidle');
  page.off('requestfinished', count);
  step(`logged in as ${EMAIL}; the dashboard's first load transferred ${transferred} bytes`);
  console.log(`METRIC client_first_load_bytes=${transferred}`);
  await screenshot(page, 'dashboard');

  for (const [kind, what] of [['service', 'Service'], ['invoice', 'Invoice'], ['ticket', 'Ticket']]) {
    await page.goto(`${BASE}/client/${kind}s/${OTHER[kind]}`);
    await page.getByRole('heading', { name: `${what} not found` }).waitFor();
    await page.waitForLoadState('networkidle');
    step(`${kind} ${OTHER[kind]}: not found`);
    await screenshot(page, `${kind}-not-found`);
  }

  check(SECRETS.length >= 3, 'the test names what must not be shown');
  for (const a of answers) {
    for (const secret of SECRETS) {
      check(!a.body.includes(secret), `${a.url} (${a.status}) returned the other customer's "${secret}"`);
    }
    if (Object.values(OTHER).some((id) => a.url.includes(id))) {
      check(a.status === 404, `${a.url} answered ${a.status}; the other customer's records are not found`);
    }
  }
  const html = await page.content();
  for (const secret of SECRETS) check(!html.includes(secret), `the page shows "${secret}"`);
  step(`${answers.length} API responses checked: none carried the other customer's data`);

  check(pageProblems().length === 0, `the pages logged problems:\n${pageProblems().join('\n')}`);
  step('journey 4 passed');
} catch (err) {
  await screenshot(page, 'failure').catch(() => {});
  console.error(err?.stack || String(err));
  if (problems.length) console.error(`page problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} finally {
  await close();
}
