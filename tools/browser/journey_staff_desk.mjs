// Staff desk journey: a customer has an open ticket (the Go test opened it
// through the API). A support member signs in with password and the emailed
// code, finds the ticket in the queue, adds an internal note and a reply,
// and puts it on hold. The customer's page, open in the same browser with
// its own session, shows the reply live and never the note; the customer's
// answer and a new ticket reach the staff pages live too.
// Run by staff_browser_test.go, which provides the world.
import { launch, watch, screenshot, step, check, BASE } from './browser.mjs';
import { waitForMail } from './mailpit.mjs';

const STAFF_EMAIL = process.env.HOSTBASE_STAFF_EMAIL;
const STAFF_PASSWORD = process.env.HOSTBASE_STAFF_PASSWORD;
const CUSTOMER_EMAIL = process.env.HOSTBASE_JOURNEY_EMAIL;
const CUSTOMER_PASSWORD = process.env.HOSTBASE_JOURNEY_PASSWORD;
const TICKET = process.env.HOSTBASE_TICKET;
const REF = process.env.HOSTBASE_TICKET_REF;
const SUBJECT = process.env.HOSTBASE_TICKET_SUBJECT;
const NOTE = process.env.HOSTBASE_NOTE;
const REPLY = process.env.HOSTBASE_REPLY;
const CUSTOMER_TOKEN = process.env.HOSTBASE_CUSTOMER_TOKEN;
const DEPARTMENT = process.env.HOSTBASE_DEPARTMENT;
const SECOND_SUBJECT = 'A second question about invoices';
const CUSTOMER_REPLY = 'Thanks, I will check again tomorrow morning.';

const { context, close } = await launch();
const customer = await context.newPage();
const staff = await context.newPage();
const customerProblems = watch(customer);
const staffProblems = watch(staff);
try {
  // --- The customer keeps their ticket open in one tab -------------------
  const subscribed = customer.waitForResponse((r) => r.url().endsWith('/api/realtime') && r.request().method() === 'POST'
    && (r.request().postData() || '').includes('ticket_messages'));
  await customer.goto(`${BASE}/client/tickets/${TICKET}`);
  await customer.getByLabel('Email').fill(CUSTOMER_EMAIL);
  await customer.getByLabel('Password').fill(CUSTOMER_PASSWORD);
  await customer.getByRole('button', { name: 'Log in' }).click();
  await customer.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
  check((await subscribed).ok(), 'the customer page subscribed to its messages');
  step('customer: ticket open in the first tab');

  // --- Staff sign in: password, then the emailed code --------------------
  await staff.goto(`${BASE}/staff/tickets`);
  await staff.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
  await staff.getByLabel('Email').fill(STAFF_EMAIL);
  await staff.getByLabel('Password').fill('not-the-password');
  await staff.getByRole('button', { name: 'Continue' }).click();
  await staff.getByText('The email or password is not right.').waitFor();
  step('staff: a wrong password is refused');
  await staff.getByLabel('Password').fill(STAFF_PASSWORD);
  await staff.getByRole('button', { name: 'Continue' }).click();
  await staff.getByLabel('One-time code').fill('00000000');
  await screenshot(staff, 'staff-code');
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await staff.locator('.field.has-error .field-error').waitFor();
  step('staff: a wrong code is refused next to its field');
  const mail = await waitForMail(STAFF_EMAIL, /one-time|OTP|code/i);
  const code = /one-time password is:\s*(?:<strong>)?\s*(\d+)/.exec(`${mail.HTML}\n${mail.Text}`)?.[1];
  check(code, `no code in the email: ${mail.Text}`);
  await staff.getByLabel('One-time code').fill(code);
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await staff.getByRole('heading', { level: 1, name: 'Support tickets' }).waitFor();
  check(await customer.evaluate(() => !!localStorage.getItem('pocketbase_auth')), 'the customer session survives the staff sign-in');
  step('staff: signed in with password and emailed code');

  // --- The queue: counts, search by reference ---------------------------
  const row = staff.locator(`[data-testid="queue-ticket"][data-ref="${REF}"]`);
  await row.waitFor();
  await staff.locator('[data-status-count="open"] strong').filter({ hasText: /^[1-9]\d*$/ }).waitFor();
  await screenshot(staff, 'staff-queue');

  // A ticket opened while the queue is shown joins it without a reload.
  await staff.evaluate(() => { window.journeyMarker = 'same queue'; });
  const opened = await fetch(`${BASE}/api/hb/tickets`, {
    method: 'POST', headers: { Authorization: CUSTOMER_TOKEN, 'Content-Type': 'application/json' },
    body: JSON.stringify({ department: DEPARTMENT, subject: SECOND_SUBJECT, body: 'Where do I find my invoices?' }),
  });
  check(opened.ok, `the second ticket was refused: ${opened.status} ${await opened.text()}`);
  await staff.locator('[data-testid="queue-ticket"]').filter({ hasText: SECOND_SUBJECT }).waitFor({ timeout: 10_000 });
  await staff.locator('[data-status-count="open"] strong').filter({ hasText: /^2$/ }).waitFor();
  check(await staff.evaluate(() => window.journeyMarker) === 'same queue', 'the new ticket joined the open queue');
  step('staff: a new ticket joined the queue live, counts updated');
  await staff.getByLabel('Search subject, reference or customer').fill(REF);
  await staff.waitForURL((u) => u.searchParams.get('q') === REF);
  await staff.waitForFunction(() => document.querySelectorAll('[data-testid="queue-ticket"]').length === 1);
  check(await row.count() === 1, 'the search by reference finds the ticket');
  step(`staff: found #${REF} in the queue`);
  await row.getByRole('link', { name: SUBJECT }).click();
  await staff.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
  await staff.locator('[data-testid="message"][data-from="customer"]').first().waitFor();
  await staff.getByRole('heading', { name: 'Customer' }).waitFor();
  await staff.locator('.staff-services li').first().waitFor();

  // --- Bad input: an empty message is refused beside its field ----------
  await staff.getByRole('button', { name: 'Send reply' }).click();
  await staff.locator('.field.has-error .field-error').waitFor();
  step(`staff: empty reply refused: ${await staff.locator('.field.has-error .field-error').textContent()}`);

  // --- An internal note, then a reply -----------------------------------
  await staff.getByRole('textbox', { name: 'Message' }).fill(NOTE);
  await staff.getByRole('button', { name: 'Add internal note' }).click();
  await staff.locator('[data-testid="message"][data-from="note"]').filter({ hasText: NOTE }).waitFor();
  step('staff: internal note added');
  await staff.getByRole('textbox', { name: 'Message' }).fill(`${REPLY}\n\n- step **one**`);
  await staff.getByLabel('Attachments').setInputFiles({
    name: 'agent.log', mimeType: 'text/plain', buffer: Buffer.from('02:00 backup agent restarted\n02:01 backup ok\n'),
  });
  await staff.getByRole('button', { name: 'Send reply' }).click();
  const sentReply = staff.locator('[data-testid="message"][data-from="staff"]').filter({ hasText: REPLY });
  await sentReply.waitFor();
  step('staff: reply sent with an attachment');
  // The attachment is protected: its link carries the staff member's file
  // token and serves the file.
  await staff.waitForFunction(() => !document.querySelector('.attachments a[aria-disabled="true"]'));
  const fileUrl = await sentReply.getByRole('link', { name: 'agent.log' }).getAttribute('href');
  check(fileUrl.includes('token='), 'the attachment link carries a file token');
  const file = await staff.request.get(fileUrl);
  check(file.ok() && (await file.text()).includes('backup ok'), `the attachment downloads: ${file.status()}`);
  const bare = await staff.request.get(fileUrl.replace(/[?&]token=[^&]*/, ''));
  check(!bare.ok(), `the attachment without a token is refused: ${bare.status()}`);

  // --- The customer's open page shows the reply, never the note ---------
  await customer.evaluate(() => { window.journeyMarker = 'same page'; });
  await customer.locator('[data-testid="message"][data-from="staff"]').filter({ hasText: REPLY }).waitFor({ timeout: 10_000 });
  check(await customer.evaluate(() => window.journeyMarker) === 'same page', 'the reply appeared without a reload');
  check(!(await customer.content()).includes(NOTE), 'the internal note never reaches the customer page');
  step('customer: the reply appeared live; the note did not');
  await screenshot(customer, 'customer-live-reply');

  // --- Status, priority and assignment ----------------------------------
  await staff.getByLabel('Status', { exact: true }).selectOption('on_hold');
  await staff.getByLabel('Priority', { exact: true }).selectOption('high');
  await staff.getByLabel('Assigned to').selectOption({ index: 1 });
  await staff.getByRole('button', { name: 'Save changes' }).click();
  await staff.getByText('Saved.').waitFor();
  step('staff: status, priority and assignee saved');
  await staff.locator('[data-testid="staff-ticket"] [data-status="on_hold"]').first().waitFor();
  await customer.locator('[data-status="on_hold"]').first().waitFor({ timeout: 10_000 });
  step('staff: ticket on hold, high priority, assigned; the customer page follows');

  // --- The customer answers: the staff page shows it without a reload ----
  await staff.evaluate(() => { window.journeyMarker = 'same ticket'; });
  await customer.getByRole('textbox', { name: 'Your message' }).fill(CUSTOMER_REPLY);
  await customer.getByRole('button', { name: 'Send reply' }).click();
  await staff.locator('[data-testid="message"][data-from="customer"]').filter({ hasText: CUSTOMER_REPLY }).waitFor({ timeout: 10_000 });
  await staff.locator('[data-testid="staff-ticket"] [data-status="customer_reply"]').first().waitFor();
  check(await staff.evaluate(() => window.journeyMarker) === 'same ticket', 'the customer reply appeared in the same staff page');
  step('staff: the customer reply appeared live, status customer replied');
  await staff.evaluate(() => window.scrollTo(0, 0));
  await screenshot(staff, 'staff-ticket');

  // --- The payouts page is for billing staff: a support member is told so,
  // and the page asks the API for no payout.
  const payoutRequests = [];
  staff.on('request', (r) => { if (r.url().includes('affiliate_payouts')) payoutRequests.push(r.url()); });
  await staff.getByRole('link', { name: 'Tickets' }).waitFor();
  check(await staff.getByRole('link', { name: 'Affiliate payouts' }).count() === 0, 'support staff get no payouts link');
  await staff.goto(`${BASE}/staff/payouts`);
  await staff.getByRole('heading', { name: 'Not for your role' }).waitFor();
  check(payoutRequests.length === 0, `the payouts page asked for payouts: ${payoutRequests.join(', ')}`);
  step('staff: the payouts page is refused to support staff');

  const all = [...customerProblems, ...staffProblems];
  check(all.length === 0, `the pages logged problems:\n${all.join('\n')}`);
  step('staff desk journey passed');
} catch (err) {
  await screenshot(staff, 'failure').catch(() => {});
  await screenshot(customer, 'failure-customer').catch(() => {});
  console.error(err?.stack || String(err));
  const all = [...customerProblems, ...staffProblems];
  if (all.length) console.error(`page problems:\n${all.join('\n')}`);
  process.exitCode = 1;
} finally {
  await close();
}
