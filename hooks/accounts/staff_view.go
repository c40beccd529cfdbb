package accounts

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// showEmailsToStaff lets active staff see the email of every customer and
// colleague they can read: support answers by email and billing sends
// invoices there. PocketBase otherwise shows an auth record's email only to
// the record itself, managers and superusers.
func showEmailsToStaff(e *core.RecordEnrichEvent) error {
	if a := e.RequestInfo.Auth; a != nil && a.Collection().Name == collections.Staff && collections.WrapStaffMember(a).Active() {
		e.Record.IgnoreEmailVisibility(true)
	}
	return e.Next()
}
