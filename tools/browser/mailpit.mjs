// Reading mail from the test's mailpit (HOSTBASE_MAILPIT) over its REST API.
const MAILPIT = (process.env.HOSTBASE_MAILPIT || '').replace(/\/$/, '');

// waitForMail polls until a message to `to` whose subject matches arrives,
// and returns it whole (Text and HTML bodies included).
export async function waitForMail(to, subject, timeoutMs = 15_000) {
  if (!MAILPIT) throw new Error('HOSTBASE_MAILPIT is not set');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const list = await (await fetch(`${MAILPIT}/api/v1/messages?limit=100`)).json();
    const hit = (list.messages || []).find((m) => (m.To || []).some((a) => a.Address.toLowerCase() === to.toLowerCase()) && subject.test(m.Subject));
    if (hit) return (await fetch(`${MAILPIT}/api/v1/message/${hit.ID}`)).json();
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
}
