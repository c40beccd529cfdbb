// Where a payment page sends the customer back: /checkout/return?payment=
// success|cancelled[&order=ID]. Success goes on to the order's progress;
// cancelled says nothing was charged and offers to pay again.
import { html, useEffect } from '../lib/html.js';
import { navigate } from '../lib/router.js';
import { Alert, PageHeader } from '../components/ui.js';

function lastOrder() {
  try { return JSON.parse(sessionStorage.getItem('hostbase.lastOrder') || 'null'); } catch { return null; }
}

export default function PaymentReturn({ query }) {
  const outcome = query.get('payment') || 'success';
  const order = query.get('order') || lastOrder()?.order || '';
  useEffect(() => {
    if (outcome === 'success' && order) navigate(`/client/orders/${encodeURIComponent(order)}`, { replace: true });
  }, [outcome, order]);
  if (outcome === 'success') {
    return html`<div class="narrow"><${PageHeader} title="Thank you" lead="Your payment is being confirmed." />
      <p><a class="btn btn-primary" href="/client">Go to your client area</a></p></div>`;
  }
  return html`<div class="narrow">
    <${PageHeader} title="Payment cancelled" />
    <${Alert} kind="warn">Nothing was charged. Your order is saved; you can pay its invoice whenever you are ready.</${Alert}>
    <p style="margin-top:1rem" class="row">
      ${order && html`<a class="btn btn-primary" href=${`/client/orders/${encodeURIComponent(order)}`}>Back to your order</a>`}
      <a class="btn btn-secondary" href="/shop">Continue shopping</a>
    </p>
  </div>`;
}
