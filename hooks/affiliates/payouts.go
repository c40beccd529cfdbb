package affiliates

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/request"
)

// PayoutError is a payout refused for a reason the affiliate can act on;
// Field names the field at fault.
type PayoutError struct {
	Field, Code, Message string
}

func (e *PayoutError) Error() string { return e.Field + ": " + e.Message }

// PayoutView is a payout as the affiliate and staff see it.
type PayoutView struct {
	ID          string `json:"id"`
	Amount      int64  `json:"amount"`
	Currency    string `json:"currency"`
	Method      string `json:"method"`
	Status      string `json:"status"`
	Commissions int    `json:"commissions"`
	Reference   string `json:"reference,omitempty"`
	PaidAt      string `json:"paid_at,omitempty"`
}

// RequestPayout moves every approved commission of an affiliate in
// currency, not yet in a payout, into one payout, in one transaction. By
// credit the payout is paid at once: the commissions become paid and the
// affiliate's customer gets one credit_ledger entry (kind commission). By
// hand it is requested: the commissions wait in it (still approved) until
// billing staff mark it paid or reject it. A payout below the programme's
// minimum in that currency, or of nothing, is refused with a *PayoutError
// and nothing written. Repeating it finds nothing left to pay: one payout,
// one ledger entry, however often or concurrently it is asked for.
func RequestPayout(app core.App, affiliateID, method, currency string, now types.DateTime) (PayoutView, error) {
	var out PayoutView
	prog, err := LoadProgramme(app)
	if err != nil {
		return out, err
	}
	if method != MethodCredit && method != MethodManual {
		return out, &PayoutError{"method", "validation_invalid_method", fmt.Sprintf("Choose %q (account credit) or %q (paid by hand).", MethodCredit, MethodManual)}
	}
	if !prog.AllowsMethod(method) {
		return out, &PayoutError{"method", "validation_method_not_offered", fmt.Sprintf("Payouts by %q are not offered; choose one of %s.", method, strings.Join(prog.PayoutMethods, ", "))}
	}
	cur, err := money.LookupCurrency(currency)
	if err != nil {
		return out, &PayoutError{"currency", "validation_invalid_currency", "Give an ISO 4217 currency code, e.g. EUR."}
	}
	err = app.RunInTransaction(func(txApp core.App) error {
		aff, err := collections.FindAffiliate(txApp, affiliateID)
		if err != nil {
			return err
		}
		cf := collections.CommissionFields
		var ids []string
		var total int64
		var rows []struct {
			ID     string `db:"id"`
			Amount int64  `db:"amount"`
		}
		if err := txApp.DB().Select("id", cf.Amount+" AS amount").From(collections.Commissions).Where(dbx.HashExp{
			cf.Affiliate: affiliateID, cf.Currency: cur.Code, cf.Status: string(collections.CommissionStatusApproved), cf.Payout: "",
		}).OrderBy("id").All(&rows); err != nil {
			return err
		}
		for _, r := range rows {
			ids = append(ids, r.ID)
			if total, err = money.AddMinor(total, r.Amount); err != nil {
				return err
			}
		}
		if total <= 0 {
			return &PayoutError{"amount", "validation_nothing_to_pay", fmt.Sprintf("There are no approved commissions in %s to pay out.", cur.Code)}
		}
		if minimum := prog.MinPayout[cur.Code]; total < minimum {
			return &PayoutError{"amount", "validation_below_minimum", fmt.Sprintf("The minimum payout in %s is %s; %s is approved so far.",
				cur.Code, money.FormatMinor(minimum, cur.Decimals), money.FormatMinor(total, cur.Decimals))}
		}
		p, err := collections.NewPayout(txApp)
		if err != nil {
			return err
		}
		p.SetAffiliateID(affiliateID)
		p.SetAmount(total)
		p.SetCurrency(cur.Code)
		p.SetMethod(collections.PayoutMethod(method))
		status := collections.CommissionStatusApproved
		if method == MethodCredit {
			p.SetStatus(collections.PayoutStatusPaid)
			p.SetPaidAt(now)
			status = collections.CommissionStatusPaid
		} else {
			p.SetStatus(collections.PayoutStatusRequested)
		}
		if err := txApp.Save(p); err != nil {
			return err
		}
		res, err := txApp.DB().Update(collections.Commissions, dbx.Params{cf.Payout: p.Id, cf.Status: string(status), "updated": now.String()},
			dbx.And(dbx.In("id", toAny(ids)...), dbx.HashExp{cf.Status: string(collections.CommissionStatusApproved), cf.Payout: ""})).Execute()
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != int64(len(ids)) {
			return errors.New("affiliates: the commissions changed while the payout was written")
		}
		if method == MethodCredit {
			if _, err := billing.AddCredit(txApp, billing.CreditEntry{
				Customer: aff.CustomerID(), Currency: cur.Code, Amount: total, Kind: collections.CreditEntryKindCommission,
				Note: fmt.Sprintf("Affiliate commissions (%d) paid to account credit", len(ids)), IdempotencyKey: "affiliate-payout:" + p.Id,
			}); err != nil {
				return err
			}
		}
		out = payoutViewOf(p, len(ids))
		return nil
	})
	return out, err
}

func toAny(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

func payoutViewOf(p *collections.Payout, commissions int) PayoutView {
	v := PayoutView{ID: p.Id, Amount: p.Amount(), Currency: p.Currency(), Method: string(p.Method()), Status: string(p.Status()),
		Commissions: commissions, Reference: p.Reference()}
	if !p.PaidAt().IsZero() {
		v.PaidAt = p.PaidAt().String()
	}
	return v
}

// requestPayout is POST /api/hb/affiliate/payouts (a customer with an
// affiliate account): {"method": "credit" | "manual", "currency": "EUR"},
// and for a manual payout optionally "details" (where to send the money),
// kept on the affiliate account for staff and the next request.
func requestPayout(e *core.RequestEvent) error {
	var body struct {
		Method   string `json:"method"`
		Currency string `json:"currency"`
		Details  string `json:"details"`
	}
	if err := request.ReadJSON(e, &body); err != nil {
		return err
	}
	body.Details = strings.TrimSpace(body.Details)
	if len(body.Details) > 1000 {
		return request.FieldError(e, "details", "validation_length_out_of_range", "Keep the payout details under 1000 characters.")
	}
	aff, err := affiliateOf(e.App, request.CustomerID(e))
	if err != nil {
		return err
	}
	if aff == nil {
		return e.NotFoundError("You have no affiliate account.", nil)
	}
	if aff.Status() != collections.AffiliateStatusActive {
		return e.ForbiddenError("Your affiliate account is suspended: payouts wait until it is active again.", nil)
	}
	v, err := RequestPayout(e.App, aff.Id, strings.TrimSpace(body.Method), strings.ToUpper(strings.TrimSpace(body.Currency)), types.NowDateTime())
	if pe := (*PayoutError)(nil); errors.As(err, &pe) {
		return request.FieldError(e, pe.Field, pe.Code, pe.Message)
	}
	if err != nil {
		return e.InternalServerError("The payout could not be made.", err)
	}
	if body.Details != "" && body.Details != aff.PayoutDetails() {
		aff.SetPayoutDetails(body.Details)
		if err := e.App.Save(aff); err != nil {
			return e.InternalServerError("The payout was requested but its details could not be kept.", err)
		}
	}
	return e.JSON(http.StatusOK, v)
}

// SettlePayout marks a requested manual payout paid (with the reference of
// the transfer) or rejected (its commissions return to approved, free for
// another payout). Settling a payout the same way again changes nothing;
// the other way is refused.
func SettlePayout(app core.App, payoutID string, paid bool, reference, note, staff string, now types.DateTime) (PayoutView, error) {
	var out PayoutView
	err := app.RunInTransaction(func(txApp core.App) error {
		p, err := collections.FindPayout(txApp, payoutID)
		if err != nil {
			return &PayoutError{"id", "validation_not_found", "No such payout."}
		}
		cf := collections.CommissionFields
		want := collections.PayoutStatusRejected
		if paid {
			want = collections.PayoutStatusPaid
		}
		switch p.Status() {
		case want:
			n, err := countCommissions(txApp, p.Id)
			out = payoutViewOf(p, n)
			return err
		case collections.PayoutStatusRequested:
		default:
			return &PayoutError{"status", "validation_settled", fmt.Sprintf("This payout is %s already.", p.Status())}
		}
		p.SetStatus(want)
		p.SetStaffID(staff)
		if note != "" {
			p.SetNote(note)
		}
		update := dbx.Params{cf.Status: string(collections.CommissionStatusPaid), "updated": now.String()}
		if paid {
			p.SetReference(reference)
			p.SetPaidAt(now)
		} else {
			update = dbx.Params{cf.Payout: "", "updated": now.String()}
		}
		n, err := countCommissions(txApp, p.Id)
		if err != nil {
			return err
		}
		if err := txApp.Save(p); err != nil {
			return err
		}
		if _, err := txApp.DB().Update(collections.Commissions, update, dbx.HashExp{cf.Payout: p.Id}).Execute(); err != nil {
			return err
		}
		out = payoutViewOf(p, n)
		return nil
	})
	return out, err
}

func countCommissions(app core.App, payout string) (int, error) {
	var n int
	err := app.DB().Select("count(*)").From(collections.Commissions).Where(dbx.HashExp{collections.CommissionFields.Payout: payout}).Row(&n)
	return n, err
}

// settlePayout is POST /api/hb/affiliate/payouts/{id}/paid ({"reference"})
// and …/{id}/reject ({"note"}), for billing staff.
func settlePayout(paid bool) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		if !request.IsBillingStaff(e) {
			return e.ForbiddenError("Only billing staff settle payouts.", nil)
		}
		var body struct {
			Reference string `json:"reference"`
			Note      string `json:"note"`
		}
		if err := request.ReadJSON(e, &body); err != nil {
			return err
		}
		body.Reference, body.Note = strings.TrimSpace(body.Reference), strings.TrimSpace(body.Note)
		if paid && (body.Reference == "" || len(body.Reference) > 255) {
			return request.FieldError(e, "reference", "validation_required", "Give the reference of the transfer (up to 255 characters).")
		}
		if len(body.Note) > 1000 {
			return request.FieldError(e, "note", "validation_length_out_of_range", "Keep the note under 1000 characters.")
		}
		staff := ""
		if col, id := request.Actor(e); col == collections.Staff {
			staff = id
		}
		v, err := SettlePayout(e.App, e.Request.PathValue("id"), paid, body.Reference, body.Note, staff, types.NowDateTime())
		if pe := (*PayoutError)(nil); errors.As(err, &pe) {
			if pe.Field == "id" {
				return e.NotFoundError(pe.Message, nil)
			}
			return e.Error(http.StatusConflict, pe.Message, nil)
		}
		if err != nil {
			return e.InternalServerError("The payout could not be settled.", err)
		}
		return e.JSON(http.StatusOK, v)
	}
}
