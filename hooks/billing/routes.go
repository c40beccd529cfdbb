package billing

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing/invoicecalc"
	"github.com/ezscale/hostbase/hooks/billing/tax"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/request"
)

// maxTopup bounds one top-up, in minor units of any currency: a typo guard.
const maxTopup = 100_000_000

func isBillingStaff(e *core.RequestEvent) bool { return request.IsBillingStaff(e) }

func isCustomer(e *core.RequestEvent) bool {
	return e.Auth != nil && e.Auth.Collection().Name == collections.Customers
}

func fieldErr(e *core.RequestEvent, field, code, msg string) error {
	return request.FieldError(e, field, code, msg)
}

func readBody(e *core.RequestEvent, dst any) error { return request.ReadJSON(e, dst) }

func minorUnits(e *core.RequestEvent, field string, raw json.RawMessage) (int64, error) {
	return request.MinorUnits(e, field, raw)
}

// today is the billing day now, in the company's timezone.
func today(app core.App) (money.Date, *Policy, error) {
	p, err := LoadPolicy(app)
	if err != nil {
		return money.Date{}, nil, err
	}
	return money.DateOf(time.Now(), p.Location), p, nil
}

func registerRoutes(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/hb")
		g.POST("/invoices/{id}/cancel", cancelRoute)
		g.POST("/invoices/{id}/credit-note", creditNoteRoute)
		g.GET("/invoices/{id}/pdf", pdfRoute)
		g.POST("/customers/{id}/credit", adjustCreditRoute)
		g.GET("/credit", creditBalanceRoute).Bind(apis.RequireAuth(collections.Customers))
		g.POST("/credit/topup", topupRoute).Bind(apis.RequireAuth(collections.Customers))
		return se.Next()
	})
}

// cancelRoute: POST /api/hb/invoices/{id}/cancel {"reason": "..."} — billing
// staff cancel an unpaid invoice.
func cancelRoute(e *core.RequestEvent) error {
	if !isBillingStaff(e) {
		return e.ForbiddenError("Only billing staff may cancel invoices.", nil)
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if err := readBody(e, &body); err != nil {
		return err
	}
	day, _, err := today(e.App)
	if err != nil {
		return err
	}
	staff := ""
	if e.Auth != nil && e.Auth.Collection().Name == collections.Staff {
		staff = e.Auth.Id
	}
	id := e.Request.PathValue("id")
	err = e.App.RunInTransaction(func(tx core.App) error { return CancelInvoice(tx, id, day, strings.TrimSpace(body.Reason), staff) })
	switch {
	case err == nil:
	case errors.Is(err, ErrNotCancellable):
		return fieldErr(e, "status", "validation_not_cancellable", err.Error())
	default:
		if _, findErr := collections.FindInvoice(e.App, id); findErr != nil {
			return e.NotFoundError("No such invoice.", nil)
		}
		return err
	}
	inv, err := collections.FindInvoice(e.App, id)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"invoice": id, "number": inv.Number(), "status": inv.Status()})
}

// adjustCreditRoute: POST /api/hb/customers/{id}/credit
// {"amount": 1250, "currency": "EUR", "note": "goodwill for the outage"} —
// billing staff add (or, negative, remove) account credit, with a reason.
func adjustCreditRoute(e *core.RequestEvent) error {
	if !isBillingStaff(e) {
		return e.ForbiddenError("Only billing staff may adjust account credit.", nil)
	}
	var body struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
		Note     string          `json:"note"`
	}
	if err := readBody(e, &body); err != nil {
		return err
	}
	amount, err := minorUnits(e, "amount", body.Amount)
	if err != nil {
		return err
	}
	if amount == 0 {
		return fieldErr(e, "amount", "validation_zero", "An adjustment must add or remove some credit.")
	}
	if !money.IsKnownCurrency(body.Currency) {
		return fieldErr(e, "currency", "validation_unknown_currency", fmt.Sprintf("%q is not an ISO 4217 currency code.", body.Currency))
	}
	if strings.TrimSpace(body.Note) == "" {
		return fieldErr(e, "note", "validation_required", "Say why: the customer sees it in their credit history.")
	}
	customer, err := collections.FindCustomer(e.App, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("No such customer.", nil)
	}
	staff := ""
	if e.Auth.Collection().Name == collections.Staff {
		staff = e.Auth.Id
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		_, err := AddCredit(tx, CreditEntry{Customer: customer.Id, Currency: body.Currency, Amount: amount,
			Kind: collections.CreditEntryKindAdjustment, Note: strings.TrimSpace(body.Note), Staff: staff})
		return err
	})
	if errors.Is(err, ErrInsufficientCredit) {
		return fieldErr(e, "amount", "validation_insufficient_credit", err.Error())
	}
	if err != nil {
		return err
	}
	bal, err := Balance(e.App, customer.Id, body.Currency)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"customer": customer.Id, "currency": body.Currency, "balance": bal})
}

// creditBalanceRoute: GET /api/hb/credit — the customer's balance per currency.
func creditBalanceRoute(e *core.RequestEvent) error {
	f := collections.CreditEntryFields
	var rows []struct {
		Currency string `db:"currency"`
		Sum      int64  `db:"sum"`
	}
	err := e.App.DB().Select(f.Currency, "sum("+f.Amount+") AS sum").From(collections.CreditLedger).
		Where(dbx.HashExp{f.Customer: e.Auth.Id}).GroupBy(f.Currency).All(&rows)
	if err != nil {
		return err
	}
	balances := map[string]int64{}
	for _, r := range rows {
		balances[r.Currency] = r.Sum
	}
	return e.JSON(http.StatusOK, map[string]any{"balances": balances})
}

// topupRoute: POST /api/hb/credit/topup {"amount": 5000, "currency": "EUR"} —
// a customer buys account credit: an unpaid top-up invoice that adds the
// credit when it is paid (SettleTopup).
func topupRoute(e *core.RequestEvent) error {
	if !isCustomer(e) {
		return e.ForbiddenError("Only customers top up their account credit.", nil)
	}
	var body struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
	}
	if err := readBody(e, &body); err != nil {
		return err
	}
	amount, err := minorUnits(e, "amount", body.Amount)
	if err != nil {
		return err
	}
	if amount <= 0 || amount > maxTopup {
		return fieldErr(e, "amount", "validation_out_of_range", fmt.Sprintf("A top-up is between 1 and %d minor units.", maxTopup))
	}
	var active int
	err = e.App.DB().Select("count(*)").From(collections.Currencies).
		Where(dbx.HashExp{collections.CurrencyFields.Code: body.Currency, collections.CurrencyFields.Active: true}).Row(&active)
	if err != nil {
		return err
	}
	if active == 0 {
		return fieldErr(e, "currency", "validation_unknown_currency", fmt.Sprintf("%q is not a currency this shop sells in.", body.Currency))
	}
	day, policy, err := today(e.App)
	if err != nil {
		return err
	}
	inv, err := invoicecalc.Compute(body.Currency, policy.TaxMode, tax.Applied{}, []invoicecalc.LineInput{{
		Kind: string(collections.InvoiceItemKindTopup), Description: "Account credit top-up", Quantity: 1, UnitAmount: amount,
	}})
	if err != nil {
		return fieldErr(e, "amount", "validation_invalid", err.Error())
	}
	now := types.NowDateTime()
	customer := collections.WrapCustomer(e.Auth)
	id := newID()
	var number string
	err = e.App.RunInTransaction(func(tx core.App) error {
		number, err = NextNumber(tx, SeriesInvoice, policy.InvoicePattern, policy.YearlyReset, day, now)
		if err != nil {
			return err
		}
		w, err := newRowWriter(tx)
		if err != nil {
			return err
		}
		defer w.close()
		return w.insertInvoice(invoiceHeader{ID: id, Number: number, Series: SeriesInvoice, Kind: string(collections.InvoiceKindInvoice),
			Customer: customer.Id, Status: string(collections.InvoiceStatusUnpaid), IssuedOn: day, DueOn: day.AddDays(policy.DueDays),
			BillingAddress: customerSnapshot(customer), Seller: policy.SellerSnapshot}, inv, []itemRow{{}}, now)
	})
	if err != nil {
		return err
	}
	if err := SendInvoiceCreated(e.App, id); err != nil {
		e.App.Logger().Warn("top-up invoice email", "invoice", id, "error", err) // the daily run retries
	}
	return e.JSON(http.StatusOK, map[string]any{"invoice": id, "number": number, "amount_due": inv.Total, "currency": body.Currency})
}

func customerSnapshot(c *collections.Customer) map[string]any {
	return map[string]any{
		"name": c.Name(), "company": c.Company(), "email": c.Email(), "address_line1": c.AddressLine1(), "address_line2": c.AddressLine2(),
		"city": c.City(), "state": c.State(), "postcode": c.Postcode(), "country": c.Country(), "tax_id": c.TaxID(),
	}
}

// SettleTopup adds the credit a paid top-up invoice bought, inside txApp's
// transaction; the payment code calls it when a top-up invoice is paid. It is
// idempotent: the credit is added once per invoice.
func SettleTopup(txApp core.App, invoiceID string) (bool, error) {
	inv, err := collections.FindInvoice(txApp, invoiceID)
	if err != nil {
		return false, err
	}
	if inv.Status() != collections.InvoiceStatusPaid {
		return false, fmt.Errorf("billing: top-up invoice %s is %s, not paid", inv.Number(), inv.Status())
	}
	var amount int64
	err = txApp.DB().Select("coalesce(sum(" + collections.InvoiceItemFields.Amount + "), 0)").From(collections.InvoiceItems).
		Where(dbx.HashExp{collections.InvoiceItemFields.Invoice: invoiceID, collections.InvoiceItemFields.Kind: string(collections.InvoiceItemKindTopup)}).Row(&amount)
	if err != nil || amount <= 0 {
		return false, err
	}
	return AddCredit(txApp, CreditEntry{Customer: inv.CustomerID(), Currency: inv.Currency(), Amount: amount,
		Kind: collections.CreditEntryKindTopup, Invoice: invoiceID, Note: "Top-up " + inv.Number(), IdempotencyKey: "topup:" + invoiceID})
}
