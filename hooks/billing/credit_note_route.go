package billing

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// creditNoteRoute: POST /api/hb/invoices/{id}/credit-note
// {"lines": [{"item": ID, "amount": 500}], "reason": "...", "refund_to": "credit" | "gateway"}
// — billing staff credit a paid invoice in part (the lines named) or whole
// (no lines).
func creditNoteRoute(e *core.RequestEvent) error {
	if !isBillingStaff(e) {
		return e.ForbiddenError("Only billing staff may issue credit notes.", nil)
	}
	var body struct {
		Lines []struct {
			Item   string          `json:"item"`
			Amount json.RawMessage `json:"amount"`
		} `json:"lines"`
		Reason   string `json:"reason"`
		RefundTo string `json:"refund_to"`
	}
	if err := readBody(e, &body); err != nil {
		return err
	}
	id := e.Request.PathValue("id")
	if _, err := collections.FindInvoice(e.App, id); err != nil {
		return e.NotFoundError("No such invoice.", nil)
	}
	req := CreditNoteRequest{Invoice: id, Reason: strings.TrimSpace(body.Reason), RefundTo: body.RefundTo, Now: types.NowDateTime()}
	for i, l := range body.Lines {
		amount, err := minorUnits(e, fmt.Sprintf("lines.%d.amount", i), l.Amount)
		if err != nil {
			return err
		}
		req.Lines = append(req.Lines, CreditNoteLine{Item: l.Item, Amount: amount})
	}
	day, _, err := today(e.App)
	if err != nil {
		return err
	}
	req.Today = day
	if e.Auth != nil && e.Auth.Collection().Name == collections.Staff {
		req.Staff = e.Auth.Id
	}
	var cn *collections.Invoice
	err = e.App.RunInTransaction(func(tx core.App) error {
		var err error
		cn, err = IssueCreditNote(tx, req)
		return err
	})
	var ce *CreditNoteError
	if errors.As(err, &ce) {
		return fieldErr(e, ce.Field, ce.Code, ce.Message)
	}
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"credit_note": cn.Id, "number": cn.Number(), "total": cn.Total(), "status": cn.Status(), "amount_due": cn.AmountDue()})
}
