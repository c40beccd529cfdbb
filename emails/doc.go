// Package emails holds Hostbase's default transactional email templates and
// renders them.
//
// A template is markdown with Go text/template fields and a subject line.
// The defaults are embedded from templates/*.md, one file per notification,
// each starting with front matter:
//
//	---
//	subject: Invoice {{.Invoice.Number}} from {{.Company.Name}}
//	description: Sent when an invoice is issued.
//	---
//	Hello {{.Customer.Name}},
//
// Render turns a template and its data into a subject, an HTML body and a
// plain-text body:
//
//	tmpl, _ := emails.Default("invoice_created")
//	r, err := emails.Render(tmpl, data)
//	// r.Subject, r.HTML, r.Text
//
// Every value a field writes into the markdown is escaped first, so a
// customer named "<script>" or "[x](javascript:…)" shows up as that text and
// never as HTML or a link. Staff may override a default with a record of the
// email_templates collection (see hooks/notify).
package emails
