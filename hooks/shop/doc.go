// Package shop owns the catalog and the storefront's business routes. It
// validates prices and currencies as the catalog is edited, prices items
// with their options and addons (PriceItem), and serves:
//
//   - POST /api/hb/cart/quote (anyone): a cart priced as its first invoice
//     would be: lines, setup fees, the coupon's discount or why it was
//     refused, taxes for the buyer's country, totals and what renews.
//   - POST /api/hb/checkout (a customer): the same cart re-priced, then the
//     order, its pending services and addons, the stock taken and the first
//     invoice written in one transaction, idempotent per customer and
//     idempotency key; then the payment starts (Stripe, PayPal, account
//     credit or bank transfer).
//   - GET /api/hb/orders/{id}/progress (the order's customer, staff): the
//     invoice and each service's status and provisioning, for the
//     confirmation page.
//   - POST /api/hb/services/{id}/change[/preview]: a service's plan change.
//
// Every amount is int64 minor units; the client never sends one.
//
//	curl -s localhost:8090/api/hb/cart/quote -d '{"currency":"USD","country":"DE",
//	  "items":[{"product":"<id>","cycle":"monthly","options":{"<optionId>":"<valueId>"}}]}'
package shop
