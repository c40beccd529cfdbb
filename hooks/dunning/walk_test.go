package dunning_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest/mailpit"
)

// An unpaid invoice, day by day with every run repeated: reminders on +1,
// +3 and +7, each once; the service and its addon suspended on +14 with
// the reason, an audit row and one email; paying on +20 brings them back.
func TestOverdueInvoiceRemindsSuspendsAndComesBackWhenPaid(t *testing.T) {
	mp := mailpit.Start(t)
	sh := newShop(t)
	sh.mailTo(mp)
	anna := sh.customer(t, "anna", nil)
	svc := sh.service(t, anna, sh.product, "2026-03-01", "vps1.anna.example", nil)
	addon := sh.addon(t, svc, anna, "2026-03-01")
	due := day(t, "2026-03-01")
	run(t, sh.app, due.AddDays(-7))
	inv := invoiceOf(t, sh.app, svc)

	for d := 0; d <= 20; d++ {
		first, again := run(t, sh.app, due.AddDays(d)), run(t, sh.app, due.AddDays(d))
		wantReminders := map[bool]int{true: 1}[d == 1 || d == 3 || d == 7]
		wantSuspended := map[bool]int{true: 1}[d == 14]
		if first.Steps["reminders"] != wantReminders || first.Steps["suspended"] != wantSuspended ||
			again.Steps["reminders"] != 0 || again.Steps["suspended"] != 0 {
			t.Fatalf("+%d: first run %v, again %v", d, first.Steps, again.Steps)
		}
		status := service(t, sh.app, svc).Status()
		if (d < 14) != (status == collections.ServiceStatusActive) {
			t.Fatalf("+%d: service %s", d, status)
		}
	}
	if got := steps(t, sh.app, inv.Id); !reflect.DeepEqual(got, []string{"remind+1", "remind+3", "remind+7", "suspend " + svc}) {
		t.Fatalf("steps: %v", got)
	}
	s := service(t, sh.app, svc)
	if s.SuspendReason() != "Overdue invoice "+inv.Number() || s.SuspendedAt().IsZero() {
		t.Fatalf("suspended: %q at %s", s.SuspendReason(), s.SuspendedAt())
	}
	if a, _ := collections.FindServiceAddon(sh.app, addon); a.Status() != collections.ServiceAddonStatusSuspended {
		t.Fatalf("addon: %s", a.Status())
	}
	if rows := audits(t, sh.app, svc); len(rows) != 1 || rows[0].Action != "service.suspend" || rows[0].ActorName != "dunning" {
		t.Fatalf("audit: %+v", rows)
	}

	if got := mails(t, mp, "anna@example.com", "is overdue"); len(got) != 3 {
		t.Fatalf("overdue notices: %v", got)
	}
	if got := mails(t, mp, "anna@example.com", "Service suspended"); !slices.Equal(got, []string{"Service suspended: VPS S (vps1.anna.example)"}) {
		t.Fatalf("suspension notices: %v", got)
	}
	link := "https://northwind.example/client/invoices/" + inv.Id
	text := mailText(t, mp, "anna@example.com", "Service suspended")
	for _, want := range []string{inv.Number(), "132.00 USD", link, "15 March 2026", "15 April 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the suspension notice lacks %q:\n%s", want, text)
		}
	}
	text = mailText(t, mp, "anna@example.com", "is overdue")
	for _, want := range []string{inv.Number(), "132.00 USD", link, "1 March 2026", "suspended on **15 March 2026**", "VPS S (vps1.anna.example)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the overdue notice lacks %q:\n%s", want, text)
		}
	}

	pay(t, sh.app, mp, inv, due.AddDays(20))
	s = service(t, sh.app, svc)
	if s.Status() != collections.ServiceStatusActive || s.SuspendReason() != "" {
		t.Fatalf("after paying: %s, %q", s.Status(), s.SuspendReason())
	}
	if a, _ := collections.FindServiceAddon(sh.app, addon); a.Status() != collections.ServiceAddonStatusActive {
		t.Fatalf("addon after paying: %s", a.Status())
	}
	if rows := audits(t, sh.app, svc); len(rows) != 2 || rows[1].Action != "service.unsuspend" || rows[1].ActorName != "dunning" {
		t.Fatalf("audit: %+v", rows)
	}
	// The paid hooks may run again for the same invoice: nothing changes.
	if err := sh.app.RunInTransaction(func(tx core.App) error {
		return billing.InvoicePaid(tx, inv.Id, types.NowDateTime())
	}); err != nil {
		t.Fatal(err)
	}
	if rows := audits(t, sh.app, svc); len(rows) != 2 {
		t.Fatalf("InvoicePaid again: audit %+v", rows)
	}
	for _, d := range []int{21, 45, 60} {
		if r := run(t, sh.app, due.AddDays(d)); len(r.Steps) != 0 {
			t.Fatalf("+%d after paying: %v", d, r.Steps)
		}
	}
	if service(t, sh.app, svc).Status() != collections.ServiceStatusActive || len(steps(t, sh.app, inv.Id)) != 4 {
		t.Fatal("a paid invoice is done with dunning")
	}
}

// Unpaid until +45, the service is terminated, once, with its addon and one
// email; paying afterwards does not bring it back.
func TestUnpaidInvoiceEndsInTermination(t *testing.T) {
	mp := mailpit.Start(t)
	sh := newShop(t)
	sh.mailTo(mp)
	ben := sh.customer(t, "ben", nil)
	svc := sh.service(t, ben, sh.product, "2026-03-01", "vps2.ben.example", nil)
	addon := sh.addon(t, svc, ben, "2026-03-01")
	due := day(t, "2026-03-01")
	run(t, sh.app, due.AddDays(-7))
	inv := invoiceOf(t, sh.app, svc)

	for d := 1; d <= 46; d++ {
		r := run(t, sh.app, due.AddDays(d))
		if got := r.Steps["terminated"]; got != map[bool]int{true: 1}[d == 45] {
			t.Fatalf("+%d: %v", d, r.Steps)
		}
		if d == 44 && service(t, sh.app, svc).Status() != collections.ServiceStatusSuspended {
			t.Fatalf("+44: %s", service(t, sh.app, svc).Status())
		}
	}
	run(t, sh.app, due.AddDays(45))
	s := service(t, sh.app, svc)
	if s.Status() != collections.ServiceStatusTerminated || s.TerminatedAt().IsZero() {
		t.Fatalf("+46: %s", s.Status())
	}
	if a, _ := collections.FindServiceAddon(sh.app, addon); a.Status() != collections.ServiceAddonStatusTerminated {
		t.Fatalf("addon: %s", a.Status())
	}
	want := []string{"remind+1", "remind+3", "remind+7", "suspend " + svc, "terminate " + svc}
	if got := steps(t, sh.app, inv.Id); !reflect.DeepEqual(got, want) {
		t.Fatalf("steps: %v", got)
	}
	if got := mails(t, mp, "ben@example.com", "Service terminated"); len(got) != 1 {
		t.Fatalf("termination notices: %v", got)
	}
	if text := mailText(t, mp, "ben@example.com", "Service terminated"); !strings.Contains(text, "15 April 2026") || !strings.Contains(text, "vps2.ben.example") {
		t.Fatalf("termination notice:\n%s", text)
	}

	pay(t, sh.app, mp, inv, due.AddDays(50))
	if s := service(t, sh.app, svc); s.Status() != collections.ServiceStatusTerminated {
		t.Fatalf("a late payment must not undo a termination: %s", s.Status())
	}
}
