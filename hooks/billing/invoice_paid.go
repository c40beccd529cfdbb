package billing

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// InvoicePaid does, inside txApp's transaction, what paying an invoice sets
// off in the billing engine: a top-up adds its credit (SettleTopup) and an
// upgrade invoice applies its plan change. Whoever marks an invoice paid
// (account credit here, the gateways in the payments package) calls it;
// calling it again changes nothing. It then runs the hooks added with
// OnInvoicePaid (an order's activation, a suspended service's return).
func InvoicePaid(txApp core.App, invoiceID string, now types.DateTime) error {
	if _, err := SettleTopup(txApp, invoiceID); err != nil {
		return err
	}
	if err := settleChange(txApp, invoiceID, now); err != nil {
		return err
	}
	return runPaidHooks(txApp, invoiceID, now)
}
