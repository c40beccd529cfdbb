// Journey 2: a customer with an active service opens a ticket about it with
// an attachment; a member of staff replies through the API while the ticket
// is open, and the reply appears in the page without a reload.
// Run by storefront_client_browser_test.go, which provides the world.
import { launch, watch, screenshot, step, check, BASE } from './browser.mjs';

const EMAIL = process.env.HOSTBASE_JOURNEY_EMAIL;
const PASSWORD = process.env.HOSTBASE_JOURNEY_PASSWORD;
const SERVICE = process.env.HOSTBASE_JOURNEY_SERVICE;
const STAFF_TOKEN = process.env.HOSTBASE_STAFF_TOKEN;
const SUBJECT = 'Server slow since this morning';
const REPLY = 'We moved your server to a quieter host; it should be fast again.';

const { context, close } = await launch();
const page = await context.newPage();
const problems = watch(page);
try {
  // --- The new-ticket page asks a visitor to log in, in place ----------
  await page.goto(`${BASE}/client/tickets/new?service=${SERVICE}`);
  await page.getByRole('heading', { name: 'Log in to your client area' }).waitFor();
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Open a ticket' }).waitFor();
  step(`new ticket: logged in as ${EMAIL}`);

  // --- An empty message is refused next to its field, nothing opened ---
  await page.getByLabel('Department').selectOption({ label: 'Support' });
  check(await page.getByLabel('Related service').inputValue() === SERVICE, 'the service the page was opened for is preselected');
  await page.getByLabel('Subject').fill(SUBJECT);
  await page.getByRole('button', { name: 'Open ticket' }).click();
  const bodyError = page.locator('.field.has-error .field-error');
  await bodyError.waitFor();
  step(`new ticket: empty message refused: ${await bodyError.textContent()}`);
  check(page.url().includes('/client/tickets/new'), 'a refused ticket stays on the form');

  await page.getByLabel('Message').fill('Since 08:00 the server answers slowly. The log is attached.\n\n- load average 12\n- **disk** busy');
  check(await page.locator('.field.has-error').count() === 0, 'typing the message clears its refusal');
  await page.getByLabel('Attachments').setInputFiles({
    name: 'server.log', mimeType: 'text/plain',
    buffer: Buffer.from('08:01 load average: 12.3, 11.9, 10.2\n08:02 iowait 63%\n'),
  });
  await page.getByText('server.log').waitFor();
  await screenshot(page, 'ticket-form');
  // The thread subscribes to its messages once open: the staff reply below
  // waits for that subscription, as a reply sent before it would be one
  // the page never hears of.
  const subscribed = page.waitForResponse((r) => r.url().endsWith('/api/realtime') && r.request().method() === 'POST'
    && (r.request().postData() || '').includes('ticket_messages'));
  await page.getByRole('button', { name: 'Open ticket' }).click();
  await page.waitForURL(/\/client\/tickets\/[a-z0-9]{15}$/);
  const ticket = new URL(page.url()).pathname.split('/').pop();
  await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
  const first = page.getByTestId('message').first();
  await first.getByRole('listitem').filter({ hasText: 'server' }).waitFor();
  check(await first.locator('.prose strong').textContent() === 'disk', 'the message shows as the server rendered its markdown');
  step(`ticket ${ticket}: opened with its attachment`);

  // The attachment link carries a file token and serves the file.
  const link = first.getByRole('link', { name: 'server.log' });
  await page.waitForFunction(() => !document.querySelector('.attachments a[aria-disabled="true"]'));
  const file = await page.request.get(await link.getAttribute('href'));
  check(file.ok() && (await file.text()).includes('iowait 63%'), `the attachment downloads: ${file.status()}`);
  await screenshot(page, 'ticket-opened');

  // --- A staff reply through the API arrives without a reload -----------
  await page.evaluate(() => { window.journeyMarker = 'same page'; });
  check((await subscribed).ok(), 'the thread subscribed to its messages');
  const reply = await fetch(`${BASE}/api/hb/tickets/${ticket}/messages`, {
    method: 'POST', headers: { Authorization: STAFF_TOKEN, 'Content-Type': 'application/json' }, body: JSON.stringify({ body: REPLY }),
  });
  check(reply.ok, `the staff reply was refused: ${reply.status} ${await reply.text()}`);
  step('staff: replied through the API');
  const staffMessage = page.locator('[data-testid="message"][data-from="staff"]');
  await staffMessage.filter({ hasText: REPLY }).waitFor({ timeout: 10_000 });
  await page.locator('[data-status="answered"]').first().waitFor();
  check(await page.evaluate(() => window.journeyMarker) === 'same page', 'the reply appeared in the same page, not after a reload');
  step('ticket: the staff reply appeared live, status answered');
  await screenshot(page, 'ticket-staff-reply');

  check(problems.length === 0, `the pages logged problems:\n${problems.join('\n')}`);
  step('journey 2 passed');
} catch (err) {
  await screenshot(page, 'failure').catch(() => {});
  console.error(err?.stack || String(err));
  if (problems.length) console.error(`page problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} finally {
  await close();
}
