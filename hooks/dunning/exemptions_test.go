package dunning_test

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
)

// An exempt customer is never reminded, suspended or terminated; an exempt
// service is spared while the other service on its invoice is not.
func TestExemptCustomerAndServiceAreNeverTouched(t *testing.T) {
	mp := mailpit.Start(t)
	sh := newShop(t)
	sh.mailTo(mp)
	exemptCustomer := sh.customer(t, "erin", map[string]any{"dunning_exempt": true})
	erinsService := sh.service(t, exemptCustomer, sh.product, "2026-03-01", "", nil)
	cora := sh.customer(t, "cora", nil)
	spared := sh.service(t, cora, sh.product, "2026-03-01", "spared.cora.example", map[string]any{"dunning_exempt": true})
	plain := sh.service(t, cora, sh.product, "2026-03-01", "plain.cora.example", nil)
	due := day(t, "2026-03-01")
	run(t, sh.app, due.AddDays(-7))
	coras := invoiceOf(t, sh.app, plain)
	if invoiceOf(t, sh.app, spared).Id != coras.Id {
		t.Fatal("cora's services share one invoice")
	}

	for d := 1; d <= 50; d++ {
		run(t, sh.app, due.AddDays(d))
	}
	if got := steps(t, sh.app, invoiceOf(t, sh.app, erinsService).Id); len(got) != 0 {
		t.Fatalf("exempt customer: steps %v", got)
	}
	if s := service(t, sh.app, erinsService); s.Status() != collections.ServiceStatusActive || len(audits(t, sh.app, erinsService)) != 0 {
		t.Fatalf("exempt customer's service: %s", s.Status())
	}
	if got := mails(t, mp, "erin@example.com", "overdue"); len(got) != 0 {
		t.Fatalf("exempt customer mails: %v", got)
	}

	want := []string{"remind+1", "remind+3", "remind+7", "suspend " + plain, "terminate " + plain}
	if got := steps(t, sh.app, coras.Id); !reflect.DeepEqual(got, want) {
		t.Fatalf("cora's steps: %v", got)
	}
	if s := service(t, sh.app, spared); s.Status() != collections.ServiceStatusActive || len(audits(t, sh.app, spared)) != 0 {
		t.Fatalf("exempt service: %s", s.Status())
	}
	if s := service(t, sh.app, plain); s.Status() != collections.ServiceStatusTerminated {
		t.Fatalf("the other service: %s", s.Status())
	}
	if got := mails(t, mp, "cora@example.com", "Service "); len(got) != 2 || strings.Contains(strings.Join(got, " "), "spared") {
		t.Fatalf("cora's service mails: %v", got)
	}
}

// A product's override moves the suspension day; a run after skipped days
// sends the latest reminder due, once, not every one it missed; two runs at
// once suspend once.
func TestProductOverrideSkippedDaysAndConcurrentRuns(t *testing.T) {
	mp := mailpit.Start(t)
	sh := newShop(t)
	sh.mailTo(mp)
	g := hbtest.Make(t, sh.app, "product_groups", map[string]any{"name": "Game", "slug": "game"})
	quick := newProduct(t, sh.app, g.Id, "Game S", `{"dunning":{"suspend_after_days":5},"renewal_days_in_advance":7}`)
	dora := sh.customer(t, "dora", nil)
	svc := sh.service(t, dora, quick, "2026-03-01", "", nil)
	due := day(t, "2026-03-01")
	run(t, sh.app, due.AddDays(-7))
	inv := invoiceOf(t, sh.app, svc)

	// The first run after the due date is on +4: one reminder (+3).
	if r := run(t, sh.app, due.AddDays(4)); r.Steps["reminders"] != 1 || r.Steps["suspended"] != 0 {
		t.Fatalf("+4: %v", r.Steps)
	}
	if s := service(t, sh.app, svc); s.Status() != collections.ServiceStatusActive {
		t.Fatalf("+4 is before the product's suspension day: %s", s.Status())
	}
	var wg sync.WaitGroup
	reports := make([]*billing.Report, 2)
	for i := range reports {
		wg.Go(func() {
			r, err := billing.Run(context.Background(), sh.app, billing.RunOptions{AsOf: due.AddDays(5), Wait: true, Holder: []string{"a", "b"}[i]})
			if err != nil {
				t.Error(err)
			}
			reports[i] = r
		})
	}
	wg.Wait()
	if reports[0] == nil || reports[1] == nil || reports[0].Steps["suspended"]+reports[1].Steps["suspended"] != 1 {
		t.Fatalf("two runs of +5: %v, %v", reports[0], reports[1])
	}
	if s := service(t, sh.app, svc); s.Status() != collections.ServiceStatusSuspended {
		t.Fatalf("+5 is the product's suspension day: %s", s.Status())
	}

	// Then nothing until +12: the +7 reminder, once.
	run(t, sh.app, due.AddDays(12))
	run(t, sh.app, due.AddDays(13))
	if got := steps(t, sh.app, inv.Id); !reflect.DeepEqual(got, []string{"remind+3", "suspend " + svc, "remind+7"}) {
		t.Fatalf("steps: %v", got)
	}
	if got := mails(t, mp, "dora@example.com", "is overdue"); len(got) != 2 {
		t.Fatalf("overdue notices: %v", got)
	}
	if got := mails(t, mp, "dora@example.com", "Service suspended"); len(got) != 1 {
		t.Fatalf("suspension notices: %v", got)
	}
}

// A service suspended for two overdue invoices comes back only when both
// are paid; paying one while the other is not yet past its suspension day
// brings it back.
func TestSuspensionHeldByAnotherOverdueInvoice(t *testing.T) {
	sh := newShop(t)
	s, err := sh.app.FindFirstRecordByFilter("settings", "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	s.Set("dunning", map[string]any{"remind_after_days": []int{}, "suspend_after_days": 14})
	if err := sh.app.Save(s); err != nil {
		t.Fatal(err)
	}
	monthly := map[string]any{"cycle": "monthly", "recurring_amount": 1000}
	held := sh.service(t, sh.customer(t, "eve", nil), sh.product, "2026-03-01", "", monthly)
	freed := sh.service(t, sh.customer(t, "fay", nil), sh.product, "2026-03-01", "", monthly)
	due := day(t, "2026-03-01")
	for _, d := range []string{"2026-02-22", "2026-03-15", "2026-03-25"} {
		run(t, sh.app, day(t, d))
	}
	invoices := func(service string) (march, april *collections.Invoice) {
		var ids []string
		if err := sh.app.DB().NewQuery("SELECT DISTINCT i.id FROM invoices i JOIN invoice_items li ON li.invoice = i.id WHERE li.service = {:s} ORDER BY i.due_at").
			Bind(map[string]any{"s": service}).Column(&ids); err != nil || len(ids) != 2 {
			t.Fatalf("invoices of %s: %v %v", service, ids, err)
		}
		march, _ = collections.FindInvoice(sh.app, ids[0])
		april, _ = collections.FindInvoice(sh.app, ids[1])
		return march, april
	}
	heldMarch, heldApril := invoices(held)
	freedMarch, _ := invoices(freed)
	for _, id := range []string{held, freed} {
		if s := service(t, sh.app, id); s.Status() != collections.ServiceStatusSuspended {
			t.Fatalf("suspended on 15 March: %s", s.Status())
		}
	}

	// April's invoice is 4 days overdue, not past its suspension day.
	pay(t, sh.app, nil, freedMarch, day(t, "2026-04-05"))
	if s := service(t, sh.app, freed); s.Status() != collections.ServiceStatusActive {
		t.Fatalf("paid while the next invoice is not yet past its day: %s", s.Status())
	}

	run(t, sh.app, day(t, "2026-04-15")) // April's invoice +14
	if got := steps(t, sh.app, heldApril.Id); !reflect.DeepEqual(got, []string{"suspend " + held}) {
		t.Fatalf("April's steps for the service already suspended: %v", got)
	}
	pay(t, sh.app, nil, heldMarch, due.AddDays(46))
	if s := service(t, sh.app, held); s.Status() != collections.ServiceStatusSuspended {
		t.Fatalf("April is still unpaid past its day: %s", s.Status())
	}
	pay(t, sh.app, nil, heldApril, due.AddDays(46))
	if s := service(t, sh.app, held); s.Status() != collections.ServiceStatusActive {
		t.Fatalf("both paid: %s", s.Status())
	}
	if rows := audits(t, sh.app, held); len(rows) != 2 || rows[1].Action != "service.unsuspend" {
		t.Fatalf("audit: %+v", rows)
	}
}

// A suspension staff made for another reason is staff's: dunning neither
// records it as its own nor lifts it when the invoice is paid.
func TestStaffSuspensionIsLeftToStaff(t *testing.T) {
	sh := newShop(t)
	gus := sh.customer(t, "gus", nil)
	svc := sh.service(t, gus, sh.product, "2026-03-01", "", map[string]any{"status": "suspended", "suspend_reason": "Abuse report #7"})
	due := day(t, "2026-03-01")
	run(t, sh.app, due.AddDays(-7))
	inv := invoiceOf(t, sh.app, svc)
	run(t, sh.app, due.AddDays(14))
	if got := steps(t, sh.app, inv.Id); !reflect.DeepEqual(got, []string{"remind+7"}) {
		t.Fatalf("steps: %v", got)
	}
	pay(t, sh.app, nil, inv, due.AddDays(15))
	if s := service(t, sh.app, svc); s.Status() != collections.ServiceStatusSuspended || s.SuspendReason() != "Abuse report #7" {
		t.Fatalf("after paying: %s, %q", s.Status(), s.SuspendReason())
	}
}

// A broken product override is a problem of its invoice's, reported; the
// run goes on with the other invoices.
func TestBrokenOverrideIsOneInvoicesProblem(t *testing.T) {
	sh := newShop(t)
	g := hbtest.Make(t, sh.app, "product_groups", map[string]any{"name": "Web", "slug": "web"})
	broken := newProduct(t, sh.app, g.Id, "Web S", `{"dunning":{"suspend_after_day":5}}`)
	bad := sh.service(t, sh.customer(t, "hal", nil), broken, "2026-03-01", "", nil)
	good := sh.service(t, sh.customer(t, "ida", nil), sh.product, "2026-03-01", "", nil)
	due := day(t, "2026-03-01")
	run(t, sh.app, due.AddDays(-7))
	r, err := billing.Run(context.Background(), sh.app, billing.RunOptions{AsOf: due.AddDays(14)})
	if err != nil {
		t.Fatal(err)
	}
	badInvoice := invoiceOf(t, sh.app, bad)
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0], badInvoice.Number()) || !strings.Contains(r.Problems[0], "suspend_after_day") {
		t.Fatalf("problems: %v", r.Problems)
	}
	if service(t, sh.app, good).Status() != collections.ServiceStatusSuspended || service(t, sh.app, bad).Status() != collections.ServiceStatusActive {
		t.Fatal("the good invoice's service is suspended, the broken one's untouched")
	}
}

// A top-up invoice left unpaid is credit nobody bought, not a debt: no
// overdue notices.
func TestUnpaidTopupIsNotDunned(t *testing.T) {
	sh := newShop(t)
	jo, err := sh.app.FindRecordById("customers", sh.customer(t, "jo", nil))
	if err != nil {
		t.Fatal(err)
	}
	status, body := sh.app.Do(t, "POST", "/api/hb/credit/topup", hbtest.Token(t, jo), map[string]any{"amount": 5000, "currency": "USD"})
	if status != 200 {
		t.Fatalf("top-up: %d %s", status, body)
	}
	id, _ := hbtest.Decode(t, body)["invoice"].(string)
	inv, err := collections.FindInvoice(sh.app, id)
	if err != nil {
		t.Fatal(err)
	}
	if r := run(t, sh.app, day(t, inv.DueAt().String()[:10]).AddDays(3)); r.Steps["reminders"] != 0 || len(steps(t, sh.app, inv.Id)) != 0 {
		t.Fatalf("a top-up was dunned: %v", r.Steps)
	}
}
