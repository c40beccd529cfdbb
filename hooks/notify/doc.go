// Package notify sends Hostbase's transactional email: a notification's
// template (an active email_templates record, else the default embedded in
// emails/) rendered with Data, sent through the app's mailer, at most once
// per dedupe key, and logged in email_log.
//
// Send after the commit of what the email announces, e.g. from an
// OnRecordAfterUpdateSuccess hook or after RunInTransaction returns:
//
//	err := notify.Send(app, notify.Message{
//		Template:  "invoice_paid",
//		To:        customer.Email(),
//		ToName:    customer.Name(),
//		Customer:  customer.Id,
//		Data:      data, // a notify.Data
//		DedupeKey: "invoice_paid:" + invoice.Id,
//		RelatedCollection: collections.Invoices, RelatedID: invoice.Id,
//	})
//
// Register validates staff's template overrides when they are saved.
package notify
