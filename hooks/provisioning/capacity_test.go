package provisioning_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// A full server takes no more services: the create dies at once for lack
// of capacity (retrying would not make room), the service waits for staff,
// and once a server is added to the group staff's retry places it there.
func TestAFullServerTakesNoMoreAndStaffRetryUsesANewServer(t *testing.T) {
	w := newWorld(t, withCapacity(1))
	first := w.activeService(t, w.alice)
	second := w.pendingService(t, w.bob)
	w.paid(t, second)
	w.runDue(t)

	job := w.jobs(t, second)[0]
	if job.Status() != collections.ProvisioningJobStatusDead || job.Attempts() != 1 || job.ErrorReason() != sdk.ReasonOutOfCapacity {
		t.Fatalf("create on a full server: %s after %d attempts (%q: %s), want dead after 1 for out_of_capacity",
			job.Status(), job.Attempts(), job.ErrorReason(), job.LastError())
	}
	s := w.svc(t, second)
	if s.Status() != collections.ServiceStatusFailed || s.ServerID() != "" {
		t.Fatalf("service %s on server %q, want failed and not placed", s.Status(), s.ServerID())
	}
	if w.panel.createCalls() != 1 || len(panelFiles(t, w.panelDir)) != 1 {
		t.Fatalf("the panel was asked %d times and holds %d servers; the full server must not be asked", w.panel.createCalls(), len(panelFiles(t, w.panelDir)))
	}
	// The default policy refunds nothing by itself: no credit note.
	if n := count(t, w.app, collections.Invoices, "kind = 'credit_note'"); n != 0 {
		t.Fatalf("%d credit notes with auto_refund_unfulfillable none", n)
	}

	dir2 := t.TempDir()
	ams2 := w.makeServer(t, "ams-2", dir2, 1, 0)
	if code, body := w.app.Do(t, "POST", "/api/hb/provisioning/jobs/"+job.Id+"/retry", w.staffTok, nil); code != 200 {
		t.Fatalf("retry: %d %s", code, body)
	}
	w.runDue(t)
	if s := w.svc(t, second); s.Status() != collections.ServiceStatusActive || s.ServerID() != ams2 {
		t.Fatalf("after the retry: %s on %q, want active on ams-2", s.Status(), s.ServerID())
	}
	if w.svc(t, first).ServerID() != w.server || len(panelFiles(t, dir2)) != 1 || len(panelFiles(t, w.panelDir)) != 1 {
		t.Fatalf("want one server on each panel")
	}
	// Ending a service frees its slot.
	w.move(t, first, lifecycle.Terminate)
	w.runDue(t)
	third := w.pendingService(t, w.alice)
	w.paid(t, third)
	w.runDue(t)
	if s := w.svc(t, third); s.Status() != collections.ServiceStatusActive || s.ServerID() != w.server {
		t.Fatalf("after a termination freed ams-1: %s on %q", s.Status(), s.ServerID())
	}
}

// Least full: services are spread over the group's servers by the share of
// capacity used.
func TestLeastFullPlacementSpreadsServices(t *testing.T) {
	w := newWorld(t, withCapacity(10))
	ams2 := w.makeServer(t, "ams-2", t.TempDir(), 10, 0)
	// A disabled server and one of another group take nothing.
	w.updateServer(t, w.makeServer(t, "ams-off", t.TempDir(), 10, 0), func(s *collections.Server) { s.SetEnabled(false) })
	fra := hbtest.Make(t, w.app, "server_groups", map[string]any{"name": "Frankfurt", "strategy": "least_full"}).Id
	w.updateServer(t, w.makeServer(t, "fra-1", t.TempDir(), 10, 0), func(s *collections.Server) { s.SetGroupID(fra) })

	// Four paid at once: each placement counts the ones placed before it.
	for i := 0; i < 4; i++ {
		w.paid(t, w.pendingService(t, w.alice))
	}
	if n := w.runDue(t); n != 4 {
		t.Fatalf("ran %d jobs, want 4", n)
	}
	per := map[string]int{}
	recs, err := w.app.FindAllRecords(collections.Services, dbx.HashExp{"status": "active"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		per[r.GetString("server")]++
	}
	if len(per) != 2 || per[w.server] != 2 || per[ams2] != 2 {
		t.Fatalf("placement %v, want 2 on ams-1 and 2 on ams-2", per)
	}
}

// With auto_refund_unfulfillable "credit", a paid order no server can hold
// is credited back in full to the customer's account and its service
// cancelled; nothing is left on a panel or in the queue.
func TestAnUnfulfillablePaidOrderIsCreditedBack(t *testing.T) {
	w := newWorld(t, withCapacity(1))
	w.setPolicy(t, `{"max_attempts":3,"backoff_seconds":30,"backoff_max_seconds":600,"auto_refund_unfulfillable":"credit"}`)
	w.activeService(t, w.bob) // fills the only server

	svc := w.pendingService(t, w.alice)
	inv := w.orderInvoice(t, svc)
	w.pay(t, inv)
	if s := w.svc(t, svc); s.Status() != collections.ServiceStatusProvisioning {
		t.Fatalf("after payment the service is %s, want provisioning", s.Status())
	}
	w.runDue(t)

	s := w.svc(t, svc)
	if s.Status() != collections.ServiceStatusCancelled {
		t.Fatalf("service %s, want cancelled after the refund", s.Status())
	}
	notes, err := w.app.FindAllRecords(collections.Invoices, dbx.HashExp{"kind": "credit_note", "related_invoice": inv.Id})
	if err != nil || len(notes) != 1 {
		t.Fatalf("%d credit notes for the invoice (%v), want 1", len(notes), err)
	}
	cn := collections.WrapInvoice(notes[0])
	if cn.Total() != inv.Total() || cn.CustomerID() != w.alice {
		t.Fatalf("credit note of %d for %s, want %d for alice", cn.Total(), cn.CustomerID(), inv.Total())
	}
	if b, err := billing.Balance(w.app, w.alice, "USD"); err != nil || b != inv.Total() {
		t.Fatalf("alice's credit %d (%v), want %d", b, err, inv.Total())
	}
	if b, _ := billing.Balance(w.app, w.bob, "USD"); b != 0 {
		t.Fatalf("bob got %d of credit", b)
	}
	for _, j := range w.jobs(t, svc) {
		if j.Action() != collections.ProvisioningJobActionCreate || j.Status() == collections.ProvisioningJobStatusQueued || j.Status() == collections.ProvisioningJobStatusFailed {
			t.Fatalf("job %s is %s after the refund", j.Action(), j.Status())
		}
	}
	if len(panelFiles(t, w.panelDir)) != 1 {
		t.Fatal("the refunded service is on the panel")
	}
	// Running the queue again refunds nothing twice.
	w.clock.Advance(24 * time.Hour)
	w.runDue(t)
	if n := count(t, w.app, collections.Invoices, "kind = 'credit_note'"); n != 1 {
		t.Fatalf("%d credit notes after a second run", n)
	}
}

// orderInvoice issues the first invoice of a pending service's order, as
// the checkout does, and links it to the order.
func (w *world) orderInvoice(t testing.TB, svcID string) *collections.Invoice {
	t.Helper()
	s := w.svc(t, svcID)
	var inv *collections.Invoice
	err := w.app.RunInTransaction(func(tx core.App) error {
		var err error
		inv, err = billing.IssueOrderInvoice(tx, billing.OrderInvoice{Order: s.OrderID(), Today: w.today(t), Now: types.NowDateTime(),
			Cart: billing.Cart{Currency: "USD", Customer: s.CustomerID(), Items: []billing.CartItem{{
				Product: w.product, ProductName: "VPS S", Cycle: money.Monthly, Price: s.RecurringAmount(), Service: svcID}}}})
		if err != nil {
			return err
		}
		order, err := collections.FindOrder(tx, s.OrderID())
		if err != nil {
			return err
		}
		order.SetInvoiceID(inv.Id)
		return tx.Save(order)
	})
	if err != nil {
		t.Fatal(err)
	}
	if inv.Total() <= 0 || inv.Status() != collections.InvoiceStatusUnpaid {
		t.Fatalf("order invoice of %d is %s", inv.Total(), inv.Status())
	}
	return inv
}

// pay records a manual payment of the whole invoice, which sets off the
// order's provisioning.
func (w *world) pay(t testing.TB, inv *collections.Invoice) {
	t.Helper()
	err := w.app.RunInTransaction(func(tx core.App) error {
		out, err := payments.RecordPayment(tx, payments.Payment{Gateway: "manual", Invoice: inv.Id, Amount: inv.AmountDue(),
			Currency: inv.Currency(), Note: "bank transfer", Now: types.NowDateTime()})
		if err == nil && !out.Paid {
			t.Errorf("the payment did not pay invoice %s", inv.Number())
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// updateServer changes a server and saves it.
func (w *world) updateServer(t testing.TB, id string, change func(*collections.Server)) {
	t.Helper()
	s, err := collections.FindServer(w.app, id)
	if err != nil {
		t.Fatal(err)
	}
	change(s)
	if err := w.app.Save(s); err != nil {
		t.Fatal(err)
	}
}

// setPolicy replaces settings.provisioning.
func (w *world) setPolicy(t testing.TB, policy string) {
	t.Helper()
	rec, err := w.app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("provisioning", policy)
	if err := w.app.Save(rec); err != nil {
		t.Fatal(err)
	}
}

// today is the billing day now.
func (w *world) today(t testing.TB) money.Date {
	t.Helper()
	p, err := billing.LoadPolicy(w.app)
	if err != nil {
		t.Fatal(err)
	}
	return money.DateOf(types.NowDateTime().Time(), p.Location)
}
