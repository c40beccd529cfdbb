package affiliates_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/affiliates"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/payments"
)

func TestTheReferralIsWrittenWithTheCustomerOrNotAtAll(t *testing.T) {
	w := newWorld(t)
	ref := w.refCookie(t, "visitor0000000000crash")
	w.app.OnRecordCreate(collections.Referrals).BindFunc(func(e *core.RecordEvent) error { return errors.New("disk full") })
	before := w.count(t, collections.Customers)
	status, body := w.signup(t, "dave@example.net", nil, ref)
	if status == http.StatusOK {
		t.Fatalf("the signup went ahead: %s", body)
	}
	if w.count(t, collections.Customers) != before {
		t.Fatal("a customer was written without their referral")
	}
}

func TestTheFirstPaidInvoiceEarnsAHeldCommission(t *testing.T) {
	w := newWorld(t)
	carol := w.referred(t, "carol")
	inv := w.invoice(t, carol, 1299)
	paidAt := time.Now().UTC().Truncate(time.Second)
	w.pay(t, inv, paidAt)
	cs := w.commissions(t)
	if len(cs) != 1 {
		t.Fatalf("%d commissions", len(cs))
	}
	c := cs[0]
	if c.Amount() != 130 || c.Earned() != 130 || c.Base() != 1299 || c.Currency() != "USD" || c.Status() != collections.CommissionStatusPending || c.InvoiceID() != inv.Id {
		t.Fatalf("commission: amount %d earned %d base %d %s %s", c.Amount(), c.Earned(), c.Base(), c.Currency(), c.Status())
	}
	if want := paidAt.Add(30 * 24 * time.Hour); !c.HoldUntil().Time().Equal(want) {
		t.Fatalf("hold until %s, want %s", c.HoldUntil(), want)
	}
	if r := referralsOf(t, w, carol)[0]; r.Status() != collections.ReferralStatusConverted || r.ConvertedAt().IsZero() {
		t.Fatalf("referral %s", r.Status())
	}
	// The second paid invoice earns nothing: only the first does.
	w.pay(t, w.invoice(t, carol, 5000), paidAt)
	if n := len(w.commissions(t)); n != 1 {
		t.Fatalf("%d commissions after a second invoice", n)
	}
	// A customer nobody referred earns nobody anything.
	w.pay(t, w.invoice(t, w.bob, 5000), paidAt)
	if n := w.count(t, collections.Commissions); n != 1 {
		t.Fatalf("%d commissions", n)
	}
}

func TestEveryPaidInvoiceWhenTheProgrammeSaysSo(t *testing.T) {
	w := newWorld(t)
	w.setProgramme(t, map[string]any{"every_invoice": true})
	carol := w.referred(t, "carol")
	w.pay(t, w.invoice(t, carol, 1000), time.Now())
	w.pay(t, w.invoice(t, carol, 2000), time.Now())
	cs := w.commissions(t)
	if len(cs) != 2 || cs[0].Amount()+cs[1].Amount() != 300 {
		t.Fatalf("%d commissions", len(cs))
	}
}

func TestPayingAgainTwiceAtOnceOrAfterACrashEarnsOnce(t *testing.T) {
	w := newWorld(t)
	carol := w.referred(t, "carol")
	inv := w.invoice(t, carol, 1299)
	now := types.NowDateTime()
	// A crash inside the paying transaction, after the commission: nothing stays.
	crash := errors.New("power cut")
	err := w.app.RunInTransaction(func(tx core.App) error {
		inv := w.inv(t, inv.Id)
		inv.SetStatus(collections.InvoiceStatusPaid)
		inv.SetAmountDue(0)
		if err := tx.Save(inv); err != nil {
			return err
		}
		if err := billing.InvoicePaid(tx, inv.Id, now); err != nil {
			return err
		}
		return crash
	})
	if !errors.Is(err, crash) || w.count(t, collections.Commissions) != 0 {
		t.Fatalf("after a crash: %v, %d commissions", err, w.count(t, collections.Commissions))
	}
	w.pay(t, inv, now.Time())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.app.RunInTransaction(func(tx core.App) error { return billing.InvoicePaid(tx, inv.Id, now) }); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := len(w.commissions(t)); n != 1 {
		t.Fatalf("%d commissions for one invoice", n)
	}
}

func TestOverridesOfTheProductAndTheAffiliate(t *testing.T) {
	w := newWorld(t)
	g := hbtest.Make(t, w.app, "product_groups", map[string]any{"name": "Game", "slug": "game"})
	game := hbtest.Make(t, w.app, "products", map[string]any{"name": "Minecraft", "slug": "mc", "kind": "game", "group": g.Id,
		"pricing": `{"USD":{"monthly":{"price":900,"setup":0}}}`, "affiliate_commission": `{"kind":"fixed","fixed":{"USD":250}}`}).Id
	carol, dave := w.referred(t, "carol"), w.referred(t, "dave")
	w.pay(t, w.invoiceFor(t, carol, game, 900), time.Now())
	if cs := w.commissions(t); len(cs) != 1 || cs[0].Amount() != 250 {
		t.Fatalf("product override: %v", cs)
	}
	// Staff give Alice 25%: her next referral's VPS earns by it.
	status, body := w.do(t, "PATCH", "/api/hb/affiliates/"+w.affiliate, w.beaTok, map[string]any{"commission_kind": "percent", "commission_bp": 2500})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	w.pay(t, w.invoice(t, dave, 1000), time.Now())
	if cs := w.commissions(t); len(cs) != 2 || cs[1].Amount() != 250 {
		t.Fatalf("affiliate override: %d", cs[1].Amount())
	}
	// A product override the catalog cannot apply is refused when saved.
	p, _ := w.app.FindRecordById(collections.Products, game)
	p.Set("affiliate_commission", `{"kind":"percent","percent_bp":20000}`)
	if err := w.app.Save(p); err == nil {
		t.Fatal("a commission of 200% was saved")
	}
}

func TestASuspendedAffiliateOrAClosedProgrammeEarnsNothingNew(t *testing.T) {
	w := newWorld(t)
	carol, dave := w.referred(t, "carol"), w.referred(t, "dave")
	status, body := w.do(t, "PATCH", "/api/hb/affiliates/"+w.affiliate, w.beaTok, map[string]any{"status": "suspended"})
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	w.pay(t, w.invoice(t, carol, 1000), time.Now())
	if n := w.count(t, collections.Commissions); n != 0 {
		t.Fatalf("a suspended affiliate earned %d", n)
	}
	w.do(t, "PATCH", "/api/hb/affiliates/"+w.affiliate, w.beaTok, map[string]any{"status": "active"})
	w.setProgramme(t, map[string]any{"enabled": false})
	w.pay(t, w.invoice(t, dave, 1000), time.Now())
	if n := w.count(t, collections.Commissions); n != 0 {
		t.Fatalf("a closed programme paid %d", n)
	}
}

func TestStaffChangesAreBillingStaffsAndChecked(t *testing.T) {
	w := newWorld(t)
	url := "/api/hb/affiliates/" + w.affiliate
	for who, tok := range map[string]string{"support staff": w.samTok, "the affiliate": w.aliceTok, "another customer": w.bobTok, "anonymous": ""} {
		if status, _ := w.do(t, "PATCH", url, tok, map[string]any{"status": "suspended"}); status < 400 {
			t.Errorf("%s changed an affiliate: %d", who, status)
		}
	}
	for field, body := range map[string]map[string]any{
		"status":           {"status": "banned"},
		"commission_bp":    {"commission_bp": 12000},
		"commission_fixed": {"commission_kind": "fixed"},
	} {
		status, resp := w.do(t, "PATCH", url, w.beaTok, body)
		hbtest.WantField(t, status, resp, field)
	}
	status, resp := w.do(t, "PATCH", url, w.beaTok, map[string]any{"commission_fixed": map[string]any{"USD": 1.5}})
	hbtest.WantField(t, status, resp, "commission_fixed")
	aff, _ := collections.FindAffiliate(w.app, w.affiliate)
	if aff.Status() != collections.AffiliateStatusActive || aff.CommissionKind() != "" || aff.CommissionBP() != 0 {
		t.Fatal("a refused change was written")
	}
}

func TestApprovalAfterTheHoldOnceEvenTwiceAtOnce(t *testing.T) {
	w := newWorld(t)
	carol := w.referred(t, "carol")
	paidAt := time.Now().UTC()
	w.pay(t, w.invoice(t, carol, 1299), paidAt)
	run := func(at time.Time) {
		if _, err := billing.Run(context.Background(), w.app, billing.RunOptions{Now: at, Wait: true}); err != nil {
			t.Fatal(err)
		}
	}
	run(paidAt.Add(29 * 24 * time.Hour))
	if c := w.commissions(t)[0]; c.Status() != collections.CommissionStatusPending {
		t.Fatalf("approved within the hold: %s", c.Status())
	}
	at := paidAt.Add(31 * 24 * time.Hour)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); run(at) }()
	}
	wg.Wait()
	c := w.commissions(t)[0]
	if c.Status() != collections.CommissionStatusApproved || !c.ApprovedAt().Time().Equal(at.Truncate(time.Millisecond)) {
		t.Fatalf("after the hold: %s at %s", c.Status(), c.ApprovedAt())
	}
	later, _ := types.ParseDateTime(at.Add(time.Hour))
	if n, err := affiliates.ApproveDue(w.app, later.String()); err != nil || n != 0 {
		t.Fatalf("approved again: %d %v", n, err)
	}
	if c2 := w.commissions(t)[0]; !c2.ApprovedAt().Time().Equal(c.ApprovedAt().Time()) {
		t.Fatal("a second run moved approved_at")
	}
}

// creditNote refunds amount of the invoice's first line to account credit
// (0: the whole invoice).
func (w *world) creditNote(t *testing.T, inv *collections.Invoice, amount int64) {
	t.Helper()
	req := billing.CreditNoteRequest{Invoice: inv.Id, RefundTo: billing.RefundToCredit, Today: day(t, "2026-03-20"), Now: types.NowDateTime()}
	if amount > 0 {
		var item string
		if err := w.app.DB().Select("id").From(collections.InvoiceItems).Where(dbx.HashExp{"invoice": inv.Id}).Limit(1).Row(&item); err != nil {
			t.Fatal(err)
		}
		req.Lines = []billing.CreditNoteLine{{Item: item, Amount: amount}}
	}
	if err := w.app.RunInTransaction(func(tx core.App) error { _, err := billing.IssueCreditNote(tx, req); return err }); err != nil {
		t.Fatal(err)
	}
}

func TestARefundWithinTheHoldReversesOrReduces(t *testing.T) {
	w := newWorld(t)
	carol, dave := w.referred(t, "carol"), w.referred(t, "dave")
	full := w.invoice(t, carol, 1299)
	w.pay(t, full, time.Now())
	w.creditNote(t, full, 0)
	c := w.commissions(t)[0]
	if c.Status() != collections.CommissionStatusReversed || c.ReversedAt().IsZero() || c.Amount() != 0 {
		t.Fatalf("full refund: %s %d", c.Status(), c.Amount())
	}
	part := w.invoice(t, dave, 1000)
	w.pay(t, part, time.Now())
	w.creditNote(t, part, 400)
	c = w.commissions(t)[1]
	if c.Status() != collections.CommissionStatusPending || c.Amount() != 60 || c.Earned() != 100 {
		t.Fatalf("40%% refunded: %s %d of %d", c.Status(), c.Amount(), c.Earned())
	}
	w.creditNote(t, part, 600)
	if c = w.commissions(t)[1]; c.Status() != collections.CommissionStatusReversed {
		t.Fatalf("the rest refunded: %s %d", c.Status(), c.Amount())
	}
}

func TestARefundAfterTheHoldIsTheCompanysRisk(t *testing.T) {
	w := newWorld(t)
	carol, dave := w.referred(t, "carol"), w.referred(t, "dave")
	// Approved, then refunded.
	approved := w.invoice(t, carol, 1299)
	w.pay(t, approved, time.Now().Add(-31*24*time.Hour))
	if _, err := affiliates.ApproveDue(w.app, types.NowDateTime().String()); err != nil {
		t.Fatal(err)
	}
	w.creditNote(t, approved, 0)
	if c := w.commissions(t)[0]; c.Status() != collections.CommissionStatusApproved || c.Amount() != 130 {
		t.Fatalf("refund after approval: %s %d", c.Status(), c.Amount())
	}
	// Past hold_until, not approved yet (the run is still to come): kept.
	late := w.invoice(t, dave, 1000)
	w.pay(t, late, time.Now().Add(-30*24*time.Hour-time.Minute))
	w.creditNote(t, late, 0)
	if c := w.commissions(t)[1]; c.Status() != collections.CommissionStatusPending || c.Amount() != 100 {
		t.Fatalf("refund after the hold: %s %d", c.Status(), c.Amount())
	}
}

func TestAChargebackWithinTheHoldReverses(t *testing.T) {
	w := newWorld(t)
	carol := w.referred(t, "carol")
	inv := w.invoice(t, carol, 1299)
	w.pay(t, inv, time.Now())
	for range 2 { // the gateway sends the dispute twice
		err := w.app.RunInTransaction(func(tx core.App) error {
			_, err := payments.RecordDispute(tx, "manual", payments.DisputeEvent{PaymentRef: "BANK-" + inv.Id, Ref: "dp_1", Amount: 1299, Currency: "USD", Reason: "fraudulent"}, false, types.NowDateTime())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if c := w.commissions(t)[0]; c.Status() != collections.CommissionStatusReversed || c.Amount() != 0 {
		t.Fatalf("chargeback: %s %d", c.Status(), c.Amount())
	}
}

func TestAPartialRefundMadeAtTheGatewayReducesAtOnce(t *testing.T) {
	w := newWorld(t)
	carol := w.referred(t, "carol")
	inv := w.invoice(t, carol, 1000)
	w.pay(t, inv, time.Now())
	for range 2 { // recorded twice: the second is a duplicate
		err := w.app.RunInTransaction(func(tx core.App) error {
			_, err := payments.RecordRefund(tx, payments.RefundRecord{Gateway: "manual", PaymentRef: "BANK-" + inv.Id, Ref: "rf_1", Amount: 250,
				Currency: "USD", Succeeded: true, Now: types.NowDateTime(), Today: day(t, "2026-03-20")})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if c := w.commissions(t)[0]; c.Status() != collections.CommissionStatusPending || c.Amount() != 75 {
		t.Fatalf("a quarter refunded: %s %d", c.Status(), c.Amount())
	}
}

func TestAProgrammeThatCannotBeAppliedNeverStopsAPayment(t *testing.T) {
	w := newWorld(t)
	carol := w.referred(t, "carol")
	// Written behind the settings check's back, as an old database might hold it.
	if _, err := w.app.DB().NewQuery(`UPDATE settings SET affiliates = '{"enabled": true, "percent_bp": 99999}'`).Execute(); err != nil {
		t.Fatal(err)
	}
	inv := w.invoice(t, carol, 1000)
	w.pay(t, inv, time.Now())
	if w.inv(t, inv.Id).Status() != collections.InvoiceStatusPaid || w.count(t, collections.Commissions) != 0 {
		t.Fatal("the payment was not recorded, or a commission was made by a broken rule")
	}
}
