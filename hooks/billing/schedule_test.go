package billing_test

import (
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/billing"
)

// The scheduler runs the billing cycle at the billing hour of the company's
// timezone (Europe/Berlin, 09:00 by default), for the company's local day,
// and at no other hour.
func TestSchedulerRunsAtTheBillingHourInTheCompanysTimezone(t *testing.T) {
	sh := newShop(t)
	sh.service(t, sh.customerDE, "monthly", 1000, "2026-03-31", "2026-03-31")
	berlin, _ := time.LoadLocation("Europe/Berlin")

	clock := time.Date(2026, 3, 29, 8, 0, 0, 0, berlin) // the DST change day, 08:00 local
	s := billing.NewScheduler(sh.app).WithClock(func() time.Time { return clock })
	s.Tick()
	if n := len(invoices(t, sh.app)); n != 0 {
		t.Fatalf("08:00 is not the billing hour, yet %d invoice(s)", n)
	}
	// 07:00 UTC is 09:00 in Berlin on summer time.
	clock = time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC)
	s.Tick()
	invs := invoices(t, sh.app)
	if len(invs) != 1 {
		t.Fatalf("09:00 Berlin is the billing hour: %d invoice(s)", len(invs))
	}
	var issued string
	if err := sh.app.DB().Select("issued_at").From("invoices").Row(&issued); err != nil || issued[:10] != "2026-03-29" {
		t.Fatalf("issued on the company's local day: %q %v", issued, err)
	}
	s.Tick()
	if n := len(invoices(t, sh.app)); n != 1 {
		t.Fatalf("a second tick in the same hour invoices nothing more, got %d", n)
	}
}
