package provisioning_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/money"
)

// Cancelling at once terminates the service now and removes it from the
// panel; a bad request, a stranger and a service already over change
// nothing.
func TestCancelImmediatelyTerminatesNow(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.alice)
	path := "/api/hb/services/" + svc + "/cancel"

	for _, body := range []map[string]any{{"type": "whenever"}, {"type": ""}, {"reason": "too slow"}, {"type": "IMMEDIATE"}} {
		code, out := w.app.Do(t, "POST", path, w.aliceTok, body)
		hbtest.WantField(t, code, out, "type")
	}
	code, out := w.app.Do(t, "POST", path, w.aliceTok, map[string]any{"type": "immediate", "reason": strings.Repeat("x", 2001)})
	hbtest.WantField(t, code, out, "reason")
	if code, out := w.app.Do(t, "POST", path, w.bobTok, map[string]any{"type": "immediate"}); code != 404 {
		t.Fatalf("another customer cancelled the service: %d %s", code, out)
	}
	if code, _ := w.app.Do(t, "POST", path, "", map[string]any{"type": "immediate"}); code != 401 {
		t.Fatalf("a visitor: %d, want 401", code)
	}
	if s := w.svc(t, svc); s.Status() != collections.ServiceStatusActive || s.CancelType() != "" || !s.CancelRequestedAt().IsZero() || len(w.jobs(t, svc)) != 1 {
		t.Fatalf("refused cancellations changed the service: %s, type %q, %d jobs", s.Status(), s.CancelType(), len(w.jobs(t, svc)))
	}

	code, out = w.app.Do(t, "POST", path, w.aliceTok, map[string]any{"type": "immediate", "reason": "moving to bare metal"})
	if code != 200 || hbtest.Decode(t, out)["status"] != "terminated" {
		t.Fatalf("cancel: %d %s", code, out)
	}
	s := w.svc(t, svc)
	if s.Status() != collections.ServiceStatusTerminated || s.CancelType() != collections.ServiceCancelTypeImmediate ||
		s.CancelReason() != "moving to bare metal" || s.TerminatedAt().IsZero() || s.CancelRequestedAt().IsZero() {
		t.Fatalf("after cancel: %s, type %q, reason %q, terminated at %v", s.Status(), s.CancelType(), s.CancelReason(), s.TerminatedAt())
	}
	jobs := w.jobs(t, svc)
	if len(jobs) != 2 || jobs[1].Action() != collections.ProvisioningJobActionTerminate || jobs[1].Status() != collections.ProvisioningJobStatusQueued {
		t.Fatalf("%d jobs, want the create and a queued terminate", len(jobs))
	}
	w.runDue(t)
	if files := panelFiles(t, w.panelDir); len(files) != 0 {
		t.Fatalf("the panel still holds %d servers", len(files))
	}

	code, out = w.app.Do(t, "POST", path, w.aliceTok, map[string]any{"type": "immediate"})
	if code != 409 || !strings.Contains(string(out), "terminated") {
		t.Fatalf("cancelling a terminated service: %d %s, want 409 naming its status", code, out)
	}
	if n := len(w.jobs(t, svc)); n != 2 {
		t.Fatalf("cancelling again wrote jobs: %d", n)
	}
}

// Cancelling at the end of the period keeps the service until its next due
// date: the billing run neither renews it nor ends it early, and ends it
// on that day, once.
func TestCancelAtTheEndOfThePeriodEndsItOnTheDueDate(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.alice)
	control := w.activeService(t, w.alice)
	today := w.today(t)
	due := today.AddDays(10)
	// Both are due in ten days and their renewal is invoiced a week before.
	for _, id := range []string{svc, control} {
		s := w.svc(t, id)
		s.SetNextDueDate(date(t, due))
		s.SetNextInvoiceDate(date(t, due.AddDays(-7)))
		s.SetAnchorDate(date(t, due.AddDays(-30)))
		if err := w.app.Save(s); err != nil {
			t.Fatal(err)
		}
	}

	code, out := w.app.Do(t, "POST", "/api/hb/services/"+svc+"/cancel", w.aliceTok, map[string]any{"type": "end_of_period"})
	if code != 200 {
		t.Fatalf("cancel: %d %s", code, out)
	}
	res := hbtest.Decode(t, out)
	s := w.svc(t, svc)
	if res["status"] != "active" || s.Status() != collections.ServiceStatusActive || billing.DayOf(s.CancelAt().String()) != due ||
		s.CancelType() != collections.ServiceCancelTypeEndOfPeriod {
		t.Fatalf("after cancel: %s, cancel_at %v (want %v), type %q", s.Status(), s.CancelAt(), due, s.CancelType())
	}
	if n := len(w.jobs(t, svc)); n != 1 {
		t.Fatalf("%d jobs, want only the create: nothing to do on the panel yet", n)
	}

	run := func(asOf money.Date) *billing.Report {
		t.Helper()
		rep, err := billing.Run(context.Background(), w.app, billing.RunOptions{AsOf: asOf, Now: time.Now(), Wait: true})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := run(due.AddDays(-1))
	if s := w.svc(t, svc); s.Status() != collections.ServiceStatusActive || len(w.jobs(t, svc)) != 1 {
		t.Fatalf("the day before its due date the service is %s with %d jobs", s.Status(), len(w.jobs(t, svc)))
	}
	if rep.Steps["services terminated on cancellation"] != 0 {
		t.Fatalf("report %s", rep)
	}
	// The renewal invoices the control, not the cancelled service.
	if n := count(t, w.app, collections.InvoiceItems, "service = {:s}", dbx.Params{"s": control}); n != 1 {
		t.Fatalf("the control service has %d invoice lines, want its renewal", n)
	}
	if n := count(t, w.app, collections.InvoiceItems, "service = {:s}", dbx.Params{"s": svc}); n != 0 {
		t.Fatalf("the cancelled service was renewed: %d invoice lines", n)
	}

	rep = run(due)
	if rep.Steps["services terminated on cancellation"] != 1 {
		t.Fatalf("report %s", rep)
	}
	if s := w.svc(t, svc); s.Status() != collections.ServiceStatusTerminated {
		t.Fatalf("on its due date the service is %s", s.Status())
	}
	if s := w.svc(t, control); s.Status() != collections.ServiceStatusActive {
		t.Fatalf("the control service is %s", s.Status())
	}
	jobs := w.jobs(t, svc)
	if len(jobs) != 2 || jobs[1].Action() != collections.ProvisioningJobActionTerminate {
		t.Fatalf("%d jobs, want a terminate after the create", len(jobs))
	}
	if rep := run(due); rep.Steps["services terminated on cancellation"] != 0 || len(w.jobs(t, svc)) != 2 {
		t.Fatalf("a second run on the day: %s, %d jobs", rep, len(w.jobs(t, svc)))
	}
	w.runDue(t)
	if files := panelFiles(t, w.panelDir); len(files) != 1 {
		t.Fatalf("the panel holds %d servers, want the control's only", len(files))
	}
}

// Asking for immediate after end of period ends the service now, with one
// terminate job.
func TestCancelEndOfPeriodThenImmediate(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.alice)
	s := w.svc(t, svc)
	s.SetNextDueDate(date(t, w.today(t).AddDays(10)))
	if err := w.app.Save(s); err != nil {
		t.Fatal(err)
	}
	path := "/api/hb/services/" + svc + "/cancel"
	code, out := w.app.Do(t, "POST", path, w.aliceTok, map[string]any{"type": "end_of_period"})
	if code != 200 || hbtest.Decode(t, out)["status"] != "active" {
		t.Fatalf("end of period: %d %s", code, out)
	}
	code, out = w.app.Do(t, "POST", path, w.aliceTok, map[string]any{"type": "immediate"})
	if code != 200 || hbtest.Decode(t, out)["status"] != "terminated" {
		t.Fatalf("then immediate: %d %s", code, out)
	}
	if n := count(t, w.app, collections.ProvisioningJobs, "service = {:s} AND action = 'terminate'", dbx.Params{"s": svc}); n != 1 {
		t.Fatalf("%d terminate jobs, want 1", n)
	}
}

// A service that never ran is cancelled, not terminated: its unpaid first
// invoice is cancelled, a create still queued is closed, and since it was
// never placed on a server nothing is sent to a panel.
func TestCancellingAServiceThatNeverRan(t *testing.T) {
	w := newWorld(t)

	pending := w.pendingService(t, w.alice)
	inv := w.orderInvoice(t, pending)
	code, out := w.app.Do(t, "POST", "/api/hb/services/"+pending+"/cancel", w.aliceTok, map[string]any{"type": "end_of_period", "reason": "ordered by mistake"})
	if code != 200 || hbtest.Decode(t, out)["status"] != "cancelled" {
		t.Fatalf("cancel a pending service: %d %s", code, out)
	}
	if got, _ := collections.FindInvoice(w.app, inv.Id); got.Status() != collections.InvoiceStatusCancelled {
		t.Fatalf("its unpaid invoice is %s, want cancelled", got.Status())
	}
	if n := len(w.jobs(t, pending)); n != 0 {
		t.Fatalf("cancelling a pending service wrote %d jobs", n)
	}

	paid := w.pendingService(t, w.alice)
	w.paid(t, paid)
	code, out = w.app.Do(t, "POST", "/api/hb/services/"+paid+"/cancel", w.aliceTok, map[string]any{"type": "immediate"})
	if code != 200 || hbtest.Decode(t, out)["status"] != "cancelled" {
		t.Fatalf("cancel a provisioning service: %d %s", code, out)
	}
	jobs := w.jobs(t, paid)
	if len(jobs) != 1 || jobs[0].Action() != collections.ProvisioningJobActionCreate || jobs[0].Status() != collections.ProvisioningJobStatusDone {
		t.Fatalf("%d jobs, want only the create, closed", len(jobs))
	}
	var result map[string]any
	if err := jobs[0].UnmarshalResult(&result); err != nil || result["cancelled"] != true {
		t.Fatalf("the closed create's result is %v (%v), want cancelled", result, err)
	}
	if n := w.runDue(t); n != 0 {
		t.Fatalf("ran %d jobs after the cancellation", n)
	}
	if w.panel.createCalls() != 0 || len(panelFiles(t, w.panelDir)) != 0 {
		t.Fatalf("the panel was asked to create %d servers", w.panel.createCalls())
	}
	if code, out := w.app.Do(t, "POST", "/api/hb/services/"+paid+"/cancel", w.aliceTok, map[string]any{"type": "immediate"}); code != 409 || !strings.Contains(string(out), "cancelled") {
		t.Fatalf("cancelling a cancelled service: %d %s", code, out)
	}
}

// date is a billing day as a stored date.
func date(t testing.TB, d money.Date) types.DateTime {
	t.Helper()
	dt, err := types.ParseDateTime(billing.StoredDate(d))
	if err != nil {
		t.Fatal(err)
	}
	return dt
}
