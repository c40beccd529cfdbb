package billing

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/invoicecalc"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
)

// Where the money of a credit note goes.
const (
	// RefundToCredit adds it to the customer's account credit at once.
	RefundToCredit = "credit"
	// RefundToGateway leaves the credit note owing it (amount_due) until
	// the payments side refunds it through the gateway it came from.
	RefundToGateway = "gateway"
)

// CreditNoteRequest asks for a credit note against a paid invoice.
type CreditNoteRequest struct {
	Invoice string
	// Lines are the invoice lines to credit and how much of each; none
	// credits everything not credited yet.
	Lines []CreditNoteLine
	// Reason is printed on the credit note.
	Reason string
	// RefundTo is RefundToCredit or RefundToGateway.
	RefundTo string
	// Staff is who issued it ("" for a superuser or the system).
	Staff string
	Today money.Date
	Now   types.DateTime
}

// CreditNoteLine credits Amount of one invoice line: its net in exclusive
// mode, its price with tax in inclusive mode, as the line itself shows it.
type CreditNoteLine struct {
	Item   string `json:"item"`
	Amount int64  `json:"amount"`
}

// CreditNoteError is a credit note the billing engine refuses; Field names
// the field at fault ("lines.0.amount").
type CreditNoteError struct {
	Field, Code, Message string
}

func (e *CreditNoteError) Error() string { return e.Field + ": " + e.Message }

// creditable is an invoice line with what is left to credit of it.
type creditable struct {
	ID          string `db:"id"`
	Kind        string `db:"kind"`
	Description string `db:"description"`
	Amount      int64  `db:"amount"`
	Credited    int64  `db:"credited"`
	Taxable     bool   `db:"taxable"`
}

// IssueCreditNote writes a credit note inside txApp's transaction: a
// document of its own number series (settings.credit_note_number_pattern)
// that refers to the invoice and credits some or all of its lines, taxed at
// the invoice's own rates (tax.Reapply), so that a full credit note mirrors
// the invoice to the minor unit. The invoice becomes refunded (in part or
// whole: amount_refunded and credited_total say how much), and the money
// goes to the account credit or waits on the credit note for a gateway
// refund. A line is never credited beyond its amount, across credit notes.
func IssueCreditNote(txApp core.App, req CreditNoteRequest) (*collections.Invoice, error) {
	if !txApp.IsTransactional() {
		return nil, ErrNotInTransaction
	}
	if req.RefundTo != RefundToCredit && req.RefundTo != RefundToGateway {
		return nil, &CreditNoteError{"refund_to", "validation_invalid", `Choose "credit" (account credit) or "gateway" (refund the payment).`}
	}
	inv, err := collections.FindInvoice(txApp, req.Invoice)
	if err != nil {
		return nil, &CreditNoteError{"invoice", "validation_not_found", "The invoice does not exist."}
	}
	if inv.Kind() != collections.InvoiceKindInvoice || (inv.Status() != collections.InvoiceStatusPaid && inv.Status() != collections.InvoiceStatusRefunded) {
		return nil, &CreditNoteError{"invoice", "validation_not_paid", fmt.Sprintf("Only a paid invoice is credited; invoice %s is %s (cancel an unpaid one instead).", inv.Number(), inv.Status())}
	}
	lines, err := creditableLines(txApp, inv.Id)
	if err != nil {
		return nil, err
	}
	inputs, refs, err := creditNoteInputs(lines, req.Lines)
	if err != nil {
		return nil, err
	}
	applied, err := invoiceTaxes(inv)
	if err != nil {
		return nil, err
	}
	computed, err := invoicecalc.Compute(inv.Currency(), tax.Mode(inv.TaxMode()), applied, inputs)
	if err != nil {
		return nil, &CreditNoteError{"lines", "validation_invalid", err.Error()}
	}
	if computed.Total <= 0 {
		return nil, &CreditNoteError{"lines", "validation_nothing_to_credit", "The credit note would credit nothing."}
	}
	received := inv.CreditApplied() + inv.AmountPaid() - inv.AmountRefunded()
	if computed.Total > received {
		return nil, &CreditNoteError{"lines", "validation_exceeds_paid", fmt.Sprintf("The credit note (%s) exceeds what is left paid on the invoice (%s).",
			money.FormatMinor(computed.Total, decimals(inv.Currency())), money.FormatMinor(received, decimals(inv.Currency())))}
	}

	policy, err := LoadPolicy(txApp)
	if err != nil {
		return nil, err
	}
	number, err := NextNumber(txApp, SeriesCreditNote, policy.CreditNotePattern, policy.YearlyReset, req.Today, req.Now)
	if err != nil {
		return nil, err
	}
	var address, seller map[string]any
	_ = inv.UnmarshalBillingAddress(&address)
	_ = inv.UnmarshalSeller(&seller)
	notes := "Credit note for invoice " + inv.Number()
	if req.Reason != "" {
		notes += ": " + req.Reason
	}
	h := invoiceHeader{ID: newID(), Number: number, Series: SeriesCreditNote, Kind: string(collections.InvoiceKindCreditNote),
		Customer: inv.CustomerID(), Status: string(collections.InvoiceStatusUnpaid), IssuedOn: req.Today, DueOn: req.Today,
		BillingAddress: address, Seller: seller, RelatedInvoice: inv.Id, Notes: notes}
	w, err := newRowWriter(txApp)
	if err != nil {
		return nil, err
	}
	defer w.close()
	rows := make([]itemRow, len(refs))
	for i, ref := range refs {
		rows[i] = itemRow{CreditsItem: ref}
	}
	if err := w.insertInvoice(h, computed, rows, req.Now); err != nil {
		return nil, fmt.Errorf("credit note: %w", err)
	}

	cn, err := collections.FindInvoice(txApp, h.ID)
	if err != nil {
		return nil, err
	}
	inv.SetCreditedTotal(inv.CreditedTotal() + computed.Total)
	inv.SetStatus(collections.InvoiceStatusRefunded)
	if req.RefundTo == RefundToCredit {
		if _, err := AddCredit(txApp, CreditEntry{Customer: inv.CustomerID(), Currency: inv.Currency(), Amount: computed.Total,
			Kind: collections.CreditEntryKindRefund, Invoice: cn.Id, Staff: req.Staff,
			Note: "Credit note " + number + " for invoice " + inv.Number(), IdempotencyKey: "credit-note:" + cn.Id}); err != nil {
			return nil, err
		}
		inv.SetAmountRefunded(inv.AmountRefunded() + computed.Total)
		cn.SetAmountPaid(computed.Total)
		cn.SetAmountDue(0)
		cn.SetStatus(collections.InvoiceStatusPaid)
		cn.SetPaidAt(req.Now)
	}
	inv.SetAmountDue(AmountDue(inv))
	if err := txApp.Save(inv); err != nil {
		return nil, fmt.Errorf("invoice %s: %w", inv.Number(), err)
	}
	if err := txApp.Save(cn); err != nil {
		return nil, err
	}
	return cn, nil
}

// AmountDue is what a customer still owes on an invoice:
// total − credited − credit applied − payments + refunds, never below zero
// (what is owed back waits on the credit note instead).
func AmountDue(inv *collections.Invoice) int64 {
	return max(0, inv.Total()-inv.CreditedTotal()-inv.CreditApplied()-inv.AmountPaid()+inv.AmountRefunded())
}

// creditableLines loads an invoice's lines with what its credit notes
// credited of each.
func creditableLines(app core.App, invoice string) ([]creditable, error) {
	f := collections.InvoiceItemFields
	// Lines compare as the invoice shows them: quantity × unit amount (net
	// in exclusive mode, with tax in inclusive mode).
	var out []creditable
	err := app.DB().NewQuery("SELECT i.id AS id, i." + f.Kind + " AS kind, i." + f.Description + " AS description, i." + f.Quantity + " * i." + f.UnitAmount +
		" AS amount, i." + f.Taxable + " AS taxable, coalesce((SELECT sum(c." + f.Quantity + " * c." + f.UnitAmount + ") FROM {{" +
		collections.InvoiceItems + "}} c WHERE c." + f.CreditsItem + " = i.id), 0) AS credited FROM {{" + collections.InvoiceItems + "}} i WHERE i." +
		f.Invoice + " = {:invoice} ORDER BY i." + f.Sort).Bind(dbx.Params{"invoice": invoice}).All(&out)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// creditNoteInputs turns a request's lines into the credit note's line
// inputs, refusing any line credited beyond what is left of it.
func creditNoteInputs(lines []creditable, asked []CreditNoteLine) ([]invoicecalc.LineInput, []string, error) {
	var inputs []invoicecalc.LineInput
	var refs []string
	byID := map[string]creditable{}
	for _, l := range lines {
		byID[l.ID] = l
	}
	if len(asked) == 0 {
		for _, l := range lines {
			if l.Credited != 0 {
				return nil, nil, &CreditNoteError{"lines", "validation_partly_credited", "Part of this invoice is credited already; name the lines and amounts to credit."}
			}
			inputs = append(inputs, invoicecalc.LineInput{Kind: l.Kind, Description: l.Description, Quantity: 1, UnitAmount: l.Amount, Taxable: l.Taxable})
			refs = append(refs, l.ID)
		}
		return inputs, refs, nil
	}
	seen := map[string]bool{}
	for i, a := range asked {
		field := func(name string) string { return fmt.Sprintf("lines.%d.%s", i, name) }
		l, ok := byID[a.Item]
		if !ok {
			return nil, nil, &CreditNoteError{field("item"), "validation_not_found", "That line is not on this invoice."}
		}
		if seen[a.Item] {
			return nil, nil, &CreditNoteError{field("item"), "validation_duplicate", "A line is named twice."}
		}
		seen[a.Item] = true
		if l.Amount <= 0 {
			return nil, nil, &CreditNoteError{field("item"), "validation_not_creditable", "A discount or credit line cannot be credited on its own."}
		}
		left := l.Amount - l.Credited
		if a.Amount < 1 || a.Amount > left {
			return nil, nil, &CreditNoteError{field("amount"), "validation_out_of_range", fmt.Sprintf("Credit between 1 and %d of this line.", max(left, 0))}
		}
		inputs = append(inputs, invoicecalc.LineInput{Kind: l.Kind, Description: l.Description, Quantity: 1, UnitAmount: a.Amount, Taxable: l.Taxable})
		refs = append(refs, l.ID)
	}
	return inputs, refs, nil
}

// invoiceTaxes is the tax an invoice charged, to charge its credit notes
// the same.
func invoiceTaxes(inv *collections.Invoice) (tax.Applied, error) {
	if inv.ReverseCharge() {
		var addr struct {
			TaxID string `json:"tax_id"`
		}
		_ = inv.UnmarshalBillingAddress(&addr)
		return tax.Applied{ReverseCharge: true, Notice: tax.ReverseChargeNotice, BuyerVATID: addr.TaxID}, nil
	}
	var lines []invoicecalc.TaxLine
	if raw := inv.TaxLinesJSON(); len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &lines); err != nil {
			return tax.Applied{}, errors.New("billing: the invoice's tax lines are unreadable: " + err.Error())
		}
	}
	rates := make([]tax.Portion, len(lines))
	for i, l := range lines {
		rates[i] = tax.Portion{Name: l.Name, RateBP: l.RateBP, Compound: l.Compound, Priority: l.Priority}
	}
	return tax.Reapply(rates), nil
}
