package billing

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/invoicecalc"
	"github.com/ezscale/hostbase/hooks/invoicepdf"
	"github.com/ezscale/hostbase/hooks/money"
)

// pdfRoute: GET /api/hb/invoices/{id}/pdf — the invoice or credit note as a
// PDF, for its customer (once issued), billing staff and superusers. Anyone
// else gets a 404, so that invoice ids cannot be probed.
func pdfRoute(e *core.RequestEvent) error {
	inv, err := collections.FindInvoice(e.App, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("No such invoice.", nil)
	}
	owner := isCustomer(e) && e.Auth.Id == inv.CustomerID() && inv.Status() != collections.InvoiceStatusDraft
	if !owner && !isBillingStaff(e) {
		return e.NotFoundError("No such invoice.", nil)
	}
	doc, err := documentOf(e.App, inv)
	if err != nil {
		return err
	}
	pdf, report, err := invoicepdf.Render(doc)
	if err != nil {
		return fmt.Errorf("render invoice %s: %w", inv.Number(), err)
	}
	if err := report.Err(); err != nil {
		e.App.Logger().Warn("invoice PDF lacks glyphs", "invoice", inv.Number(), "error", err)
	}
	name := inv.Number()
	if name == "" {
		name = "draft-" + inv.Id
	}
	e.Response.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.pdf"`, strings.ReplaceAll(name, `"`, "")))
	e.Response.Header().Set("Cache-Control", "private, no-store")
	return e.Blob(http.StatusOK, "application/pdf", pdf)
}

// documentOf maps a stored invoice to the renderer's document: the amounts
// as stored, the parties as snapshotted when it was issued.
func documentOf(app core.App, inv *collections.Invoice) (invoicepdf.Document, error) {
	doc := invoicepdf.Document{
		Kind: string(inv.Kind()), Number: inv.Number(), Status: string(inv.Status()), Currency: inv.Currency(),
		Subtotal: inv.Subtotal(), DiscountTotal: inv.DiscountTotal(), TaxTotal: inv.TaxTotal(), Total: inv.Total(),
		CreditApplied: inv.CreditApplied(), AmountPaid: inv.AmountPaid(), AmountRefunded: inv.AmountRefunded(), AmountDue: inv.AmountDue(),
		ReverseCharge: inv.ReverseCharge(), Notes: inv.Notes(),
	}
	for _, d := range []struct {
		raw string
		dst *money.Date
	}{{inv.IssuedAt().String(), &doc.IssuedOn}, {inv.DueAt().String(), &doc.DueOn}, {inv.PaidAt().String(), &doc.PaidOn}} {
		day, err := parseStoredDate(d.raw)
		if err != nil {
			return doc, err
		}
		*d.dst = day
	}

	var seller, buyer map[string]string
	_ = inv.UnmarshalSeller(&seller)
	_ = inv.UnmarshalBillingAddress(&buyer)
	doc.Seller = partyOf(seller)
	doc.Buyer = partyOf(buyer)
	if doc.Seller.Name == "" {
		doc.Seller.Name = seller["name"]
	}

	var taxLines []invoicecalc.TaxLine
	_ = inv.UnmarshalTaxLines(&taxLines)
	for _, t := range taxLines {
		doc.TaxLines = append(doc.TaxLines, invoicepdf.TaxLine{Name: t.Name, RateBP: t.RateBP, Compound: t.Compound, Base: t.Base, Amount: t.Amount})
	}

	f := collections.InvoiceItemFields
	items, err := app.FindRecordsByFilter(collections.InvoiceItems, f.Invoice+" = {:id}", f.Sort, 0, 0, dbx.Params{"id": inv.Id})
	if err != nil {
		return doc, err
	}
	for _, r := range items {
		it := collections.WrapInvoiceItem(r)
		line := invoicepdf.Line{Description: it.Description(), Quantity: it.Quantity(), UnitAmount: it.UnitAmount(),
			Amount: it.Amount(), Tax: it.TaxAmount(), TaxRateBP: it.TaxRateBP()}
		start, _ := parseStoredDate(it.PeriodStart().String())
		end, _ := parseStoredDate(it.PeriodEnd().String())
		if !start.IsZero() && !end.IsZero() {
			line.Period = start.String() + " – " + end.String()
		}
		doc.Lines = append(doc.Lines, line)
	}

	if rel := inv.RelatedInvoiceID(); rel != "" {
		if r, err := collections.FindInvoice(app, rel); err == nil {
			doc.RelatedNumber = r.Number()
		}
	}
	if rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''"); err == nil {
		s := collections.WrapCompanySettings(rec)
		if inv.Status() == collections.InvoiceStatusUnpaid {
			doc.PaymentInstructions = s.BankTransferInstructions()
		}
		if logo := s.Logo(); logo != "" {
			doc.Logo = readFile(app, rec.BaseFilesPath()+"/"+logo)
		}
	}
	return doc, nil
}

func partyOf(m map[string]string) invoicepdf.Party {
	p := invoicepdf.Party{Name: m["name"], Company: m["company"], Country: m["country"], TaxID: m["tax_id"],
		Registration: m["registration"], Email: m["email"], Phone: m["phone"]}
	if m["legal_name"] != "" {
		p.Company = m["legal_name"]
	}
	for _, l := range []string{m["address_line1"], m["address_line2"], strings.TrimSpace(m["postcode"] + " " + m["city"]), m["state"]} {
		if strings.TrimSpace(l) != "" {
			p.AddressLines = append(p.AddressLines, l)
		}
	}
	return p
}

// readFile returns a stored file's bytes, or nil when it cannot be read (an
// invoice without its logo beats no invoice).
func readFile(app core.App, key string) []byte {
	fs, err := app.NewFilesystem()
	if err != nil {
		return nil
	}
	defer fs.Close()
	r, err := fs.GetReader(key)
	if err != nil {
		return nil
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, 4<<20))
	if err != nil {
		return nil
	}
	return b
}
