package affiliates

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// referralRow is a referred customer's referral with its affiliate.
type referralRow struct {
	ID              string `db:"id"`
	Affiliate       string `db:"affiliate"`
	Status          string `db:"status"`
	AffiliateStatus string `db:"affiliate_status"`
	Kind            string `db:"commission_kind"`
	BP              int64  `db:"commission_bp"`
	Fixed           string `db:"commission_fixed"`
}

// earnCommission is the hook billing runs inside the transaction that marks
// an invoice paid: a referred customer's first paid invoice that earns
// anything (a top-up alone does not), or every paid invoice when the
// programme says so, earns their affiliate a pending
// commission, held until hold_days after now, and the referral becomes
// converted. It is idempotent: one commission per affiliate and invoice
// (checked here, and by a unique index). A suspended affiliate, a closed
// programme, or an invoice that earns nothing writes nothing.
func earnCommission(txApp core.App, inv *collections.Invoice, now types.DateTime) error {
	if inv.Kind() != collections.InvoiceKindInvoice || inv.Status() != collections.InvoiceStatusPaid {
		return nil
	}
	ref, ok, err := referralOf(txApp, inv.CustomerID())
	if err != nil || !ok || ref.AffiliateStatus != string(collections.AffiliateStatusActive) || ref.Status == string(collections.ReferralStatusVoid) {
		return err
	}
	// A commission never stops a payment being recorded: a programme or
	// product setting that cannot be applied is logged, not returned.
	prog, err := LoadProgramme(txApp)
	if err != nil {
		txApp.Logger().Error("affiliates: no commission on invoice "+inv.Number(), "error", err)
		return nil
	}
	if !prog.Enabled {
		return nil
	}
	cf := collections.CommissionFields
	var earlier, same int
	if err := txApp.DB().Select("count(*)", "coalesce(sum("+cf.Invoice+" = {:inv}), 0)").From(collections.Commissions).
		Where(dbx.HashExp{cf.Affiliate: ref.Affiliate}).
		AndWhere(dbx.NewExp(cf.Referral+" = {:ref}", dbx.Params{"ref": ref.ID, "inv": inv.Id})).Row(&earlier, &same); err != nil {
		return err
	}
	if same > 0 || (!prog.EveryInvoice && earlier > 0) {
		return nil
	}
	def := prog.Rule
	if ref.Kind != "" {
		def = Rule{Kind: ref.Kind, PercentBP: ref.BP}
		if ref.Kind == KindFixed {
			if err := json.Unmarshal([]byte(orEmpty(ref.Fixed)), &def.Fixed); err != nil {
				txApp.Logger().Error("affiliates: no commission on invoice "+inv.Number(), "affiliate", ref.Affiliate, "error", err)
				return nil
			}
		}
	}
	lines, overrides, err := invoiceLines(txApp, inv.Id)
	if err != nil {
		return err
	}
	base, amount, err := Compute(inv.Currency(), lines, def, overrides)
	if err != nil {
		txApp.Logger().Error("affiliates: no commission on invoice "+inv.Number(), "error", err)
		return nil
	}
	if amount <= 0 {
		return nil
	}
	c, err := collections.NewCommission(txApp)
	if err != nil {
		return err
	}
	c.SetAffiliateID(ref.Affiliate)
	c.SetReferralID(ref.ID)
	c.SetInvoiceID(inv.Id)
	c.SetCurrency(inv.Currency())
	c.SetBase(base)
	c.SetEarned(amount)
	c.SetAmount(amount)
	c.SetStatus(collections.CommissionStatusPending)
	hold, _ := types.ParseDateTime(now.Time().Add(time.Duration(prog.HoldDays) * 24 * time.Hour))
	c.SetHoldUntil(hold)
	if err := txApp.Save(c); err != nil {
		return fmt.Errorf("commission on invoice %s: %w", inv.Number(), err)
	}
	if ref.Status == string(collections.ReferralStatusSignedUp) {
		_, err := txApp.DB().Update(collections.Referrals, dbx.Params{
			collections.ReferralFields.Status: string(collections.ReferralStatusConverted), collections.ReferralFields.ConvertedAt: now.String(),
			"updated": types.NowDateTime().String(),
		}, dbx.HashExp{"id": ref.ID}).Execute()
		return err
	}
	return nil
}

func orEmpty(raw string) string {
	if raw == "" || raw == "null" {
		return "{}"
	}
	return raw
}

// referralOf loads a customer's referral with their affiliate's status and
// commission override.
func referralOf(app core.App, customer string) (referralRow, bool, error) {
	rf, af := collections.ReferralFields, collections.AffiliateFields
	var r referralRow
	err := app.DB().NewQuery("SELECT r.id AS id, r." + rf.Affiliate + " AS affiliate, r." + rf.Status + " AS status, a." + af.Status + " AS affiliate_status, " +
		"coalesce(a." + af.CommissionKind + ", '') AS commission_kind, coalesce(a." + af.CommissionBP + ", 0) AS commission_bp, coalesce(a." + af.CommissionFixed + ", '') AS commission_fixed " +
		"FROM {{" + collections.Referrals + "}} r JOIN {{" + collections.Affiliates + "}} a ON a.id = r." + rf.Affiliate + " WHERE r." + rf.Customer + " = {:c} LIMIT 1").
		Bind(dbx.Params{"c": customer}).One(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// invoiceLines are an invoice's lines with the product each sells, and the
// commission overrides of those products (one that cannot be applied is
// logged and ignored). Top-ups (credit bought with money) and late fees
// earn nothing and are left out.
func invoiceLines(app core.App, invoice string) ([]Line, map[string]Rule, error) {
	f := collections.InvoiceItemFields
	var rows []struct {
		Net      int64  `db:"net"`
		Product  string `db:"product"`
		Override string `db:"override"`
	}
	err := app.DB().NewQuery("SELECT i." + f.Amount + " AS net, coalesce(p.id, '') AS product, coalesce(p." + collections.ProductFields.AffiliateCommission + ", '') AS override " +
		"FROM {{" + collections.InvoiceItems + "}} i LEFT JOIN {{" + collections.Services + "}} s ON s.id = i." + f.Service +
		" LEFT JOIN {{" + collections.Products + "}} p ON p.id = s." + collections.ServiceFields.Product +
		" WHERE i." + f.Invoice + " = {:inv} AND i." + f.Kind + " NOT IN ('topup', 'late_fee')").Bind(dbx.Params{"inv": invoice}).All(&rows)
	if err != nil {
		return nil, nil, err
	}
	lines := make([]Line, len(rows))
	overrides := map[string]Rule{}
	for i, r := range rows {
		lines[i] = Line{Net: r.Net, Product: r.Product}
		if r.Product == "" {
			continue
		}
		if rule, ok, err := ParseRule([]byte(r.Override)); err != nil {
			app.Logger().Error("affiliates: product "+r.Product+": affiliate_commission ignored", "error", err)
		} else if ok {
			overrides[r.Product] = rule
		}
	}
	return lines, overrides, nil
}
