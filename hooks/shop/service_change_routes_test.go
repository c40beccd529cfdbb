package shop_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// people are the callers of the change routes.
type people struct {
	anna, bob, billingStaff, support, root string // tokens
}

// changeShop is the catalog with Anna's VPS-S (Ubuntu, 1 GB, no backups:
// 1200 a month) in the middle of a month whose invoice is out: anchored on
// the first of this month, next due on the first of the next, in the
// company's timezone. The routes use today's real date, so the service does
// too.
type changeShop struct {
	*catalog
	service string
	who     people
	// today is the billing day; total and remaining the month's days and
	// the days left of it, today included.
	today            money.Date
	total, remaining int
}

func newChangeShop(t *testing.T) *changeShop {
	t.Helper()
	c := newCatalog(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	today := money.DateOf(time.Now(), berlin)
	anchor := money.Date{Year: today.Year, Month: today.Month, Day: 1}
	next := money.AddCycles(anchor, money.Monthly, 1)
	stored := func(d money.Date) string { return d.String() + " 00:00:00.000Z" }

	anna := mk(t, c.app, "customers", map[string]any{"name": "Anna", "email": "anna@example.com", "country": "DE"})
	bob := mk(t, c.app, "customers", map[string]any{"name": "Bob", "email": "bob@example.com", "country": "US"})
	bs := mk(t, c.app, "staff", map[string]any{"name": "Bill", "email": "bill@example.com", "role": "billing", "active": true})
	sup := mk(t, c.app, "staff", map[string]any{"name": "Sue", "email": "sue@example.com", "role": "support", "active": true})
	root := mk(t, c.app, core.CollectionNameSuperusers, map[string]any{"email": "root@example.com"})
	svc := mk(t, c.app, "services", map[string]any{"customer": anna.Id, "product": c.vpsS, "status": "active",
		"cycle": "monthly", "currency": "USD", "recurring_amount": 1200,
		"config":      map[string]any{c.os: c.ubuntu, c.ram: 1, c.backup: false},
		"anchor_date": stored(anchor), "next_due_date": stored(next), "next_invoice_date": stored(next.AddDays(-7))})
	return &changeShop{catalog: c, service: svc.Id,
		who:   people{token(t, anna), token(t, bob), token(t, bs), token(t, sup), token(t, root)},
		today: today, total: anchor.DaysUntil(next), remaining: today.DaysUntil(next)}
}

// prorated is price × remaining / total, rounded half-even.
func (s *changeShop) prorated(t *testing.T, price int64) int64 {
	t.Helper()
	v, err := money.MulDivHalfEven(price, int64(s.remaining), int64(s.total))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (s *changeShop) url(suffix string) string {
	return "/api/hb/services/" + s.service + "/change" + suffix
}

func (s *changeShop) nothingWritten(t *testing.T, when string) {
	t.Helper()
	if n, m := count(t, s.app, "service_changes"), count(t, s.app, "invoices"); n+m != 0 {
		t.Fatalf("%s wrote %d changes and %d invoices", when, n, m)
	}
	svc, err := collections.FindService(s.app, s.service)
	if err != nil {
		t.Fatal(err)
	}
	if svc.ProductID() != s.vpsS || svc.RecurringAmount() != 1200 {
		t.Fatalf("%s changed the service: %s at %d", when, svc.ProductID(), svc.RecurringAmount())
	}
}

func TestChangePreviewProratesTheNewPlan(t *testing.T) {
	s := newChangeShop(t)

	// Windows and 4 GB on the same product: 1000 + 1500 + 4 × 200.
	status, body := s.app.Do(t, "POST", s.url("/preview"), s.who.anna, map[string]any{"options": map[string]any{s.os: s.windows, s.ram: 4}})
	if status != http.StatusOK {
		t.Fatalf("Anna previews her own upgrade: %d %s", status, body)
	}
	p := decode(t, body)
	credit, charge := s.prorated(t, 1200), s.prorated(t, 3300)
	want := map[string]any{"kind": "upgrade", "currency": "USD", "total_days": s.total, "remaining_days": s.remaining,
		"old_price": 1200, "new_price": 3300, "credit": credit, "charge": charge, "net": charge - credit,
		"due_now": charge - credit, "credit_now": 0, "period_start": fmt.Sprintf("%04d-%02d-01", s.today.Year, s.today.Month)}
	for k, v := range want {
		if fmt.Sprint(p[k]) != fmt.Sprint(v) {
			t.Errorf("preview %s = %v, want %v (%s)", k, p[k], v, body)
		}
	}
	s.nothingWritten(t, "a preview")

	// Another product of the group keeps the options it also offers
	// (Ubuntu, 1 GB) and drops the backups VPS-L has not: 3000 + 200.
	status, body = s.app.Do(t, "POST", s.url("/preview"), s.who.anna, map[string]any{"product": s.vpsL})
	if status != http.StatusOK || decode(t, body)["new_price"] != float64(3200) {
		t.Fatalf("preview VPS-L: %d %s", status, body)
	}

	// A cheaper plan is a downgrade with the unused difference credited.
	// VPS-R needs its region chosen: 1000.
	status, body = s.app.Do(t, "POST", s.url("/preview"), s.who.anna, map[string]any{"product": s.vpsRegion})
	wantField(t, status, body, "options."+s.region)
	status, body = s.app.Do(t, "POST", s.url("/preview"), s.who.anna, map[string]any{"product": s.vpsRegion, "options": map[string]any{s.region: s.regionFRA}})
	p = decode(t, body)
	back := s.prorated(t, 1200) - s.prorated(t, 1000)
	if status != http.StatusOK || p["kind"] != "downgrade" || p["credit_now"] != float64(back) || p["due_now"] != float64(0) {
		t.Fatalf("downgrade preview, %d back: %d %s", back, status, body)
	}

	// Staff may move a service to a hidden product; the customer may not.
	status, body = s.app.Do(t, "POST", s.url("/preview"), s.who.billingStaff, map[string]any{"product": s.vpsHidden})
	if status != http.StatusOK || decode(t, body)["new_price"] != float64(2000) || decode(t, body)["kind"] != "upgrade" {
		t.Fatalf("billing staff preview the hidden product: %d %s", status, body)
	}
	status, body = s.app.Do(t, "POST", s.url("/preview"), s.who.root, map[string]any{"options": map[string]any{s.ram: 0}})
	wantField(t, status, body, "options."+s.ram)
	s.nothingWritten(t, "the previews")
}

func TestChangeUpgradeMakesAnUnpaidInvoice(t *testing.T) {
	s := newChangeShop(t)
	// VPS-L with Windows; RAM left out is its minimum: 3000 + 1500 + 200.
	status, body := s.app.Do(t, "POST", s.url(""), s.who.anna, map[string]any{"product": s.vpsL, "options": map[string]any{s.os: s.windows}})
	if status != http.StatusOK {
		t.Fatalf("Anna upgrades: %d %s", status, body)
	}
	res := decode(t, body)
	due := s.prorated(t, 4700) - s.prorated(t, 1200)
	if res["kind"] != "upgrade" || res["status"] != "invoiced" || res["amount_due"] != float64(due) || res["invoice"] == "" || res["change"] == "" {
		t.Fatalf("upgrade answer %s, want amount_due %d", body, due)
	}
	inv, err := collections.FindInvoice(s.app, res["invoice"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if inv.Status() != collections.InvoiceStatusUnpaid || inv.AmountDue() != due || inv.CustomerID() == "" {
		t.Fatalf("invoice %s, due %d", inv.Status(), inv.AmountDue())
	}
	ch, err := collections.FindServiceChange(s.app, res["change"].(string))
	if err != nil {
		t.Fatal(err)
	}
	var to map[string]any
	if err := ch.UnmarshalToConfig(&to); err != nil {
		t.Fatal(err)
	}
	if ch.ToProductID() != s.vpsL || ch.ToAmount() != 4700 || to[s.os] != s.windows || to[s.ram] != float64(1) || len(to) != 2 {
		t.Fatalf("change to %s at %d with %v", ch.ToProductID(), ch.ToAmount(), to)
	}
	// Applied only once paid.
	svc, _ := collections.FindService(s.app, s.service)
	if svc.ProductID() != s.vpsS || svc.RecurringAmount() != 1200 {
		t.Fatalf("the plan changed before payment: %s %d", svc.ProductID(), svc.RecurringAmount())
	}

	status, body = s.app.Do(t, "POST", s.url(""), s.who.anna, map[string]any{"options": map[string]any{s.ram: 8}})
	wantField(t, status, body, "service")
	if n := count(t, s.app, "invoices"); n != 1 {
		t.Fatalf("a second change while the first awaits payment: %d invoices", n)
	}
}

func TestChangeRoutesOnlyForTheOwnerAndBillingStaff(t *testing.T) {
	s := newChangeShop(t)
	body := map[string]any{"product": s.vpsL}
	for _, suffix := range []string{"/preview", ""} {
		for who, c := range map[string]struct {
			tok  string
			want int
		}{
			"another customer": {s.who.bob, http.StatusNotFound},
			"support staff":    {s.who.support, http.StatusForbidden},
			"anonymous":        {"", http.StatusUnauthorized},
		} {
			if status, resp := s.app.Do(t, "POST", s.url(suffix), c.tok, body); status != c.want {
				t.Errorf("%s on %q: want %d, got %d %s", who, suffix, c.want, status, resp)
			}
		}
		// A stranger cannot tell a service that is not theirs from none.
		for who, tok := range map[string]string{"Bob": s.who.bob, "Anna": s.who.anna} {
			if status, _ := s.app.Do(t, "POST", "/api/hb/services/nosuchservice12/change"+suffix, tok, body); status != http.StatusNotFound {
				t.Errorf("%s, unknown service %q: %d", who, suffix, status)
			}
		}
	}
	s.nothingWritten(t, "refused callers")
	status, resp := s.app.Do(t, "POST", s.url("/preview"), s.who.billingStaff, body)
	if status != http.StatusOK {
		t.Fatalf("billing staff preview: %d %s", status, resp)
	}
}

func TestChangeRefusesBadInputNamingTheField(t *testing.T) {
	s := newChangeShop(t)
	cases := []struct {
		name, body, field string
	}{
		{"unknown product", `{"product": "nosuchproduct12"}`, "product"},
		{"product of another group", fmt.Sprintf(`{"product": %q}`, s.game), "product"},
		{"hidden product", fmt.Sprintf(`{"product": %q}`, s.vpsHidden), "product"},
		{"retired product", fmt.Sprintf(`{"product": %q}`, s.vpsRetired), "product"},
		{"value of another option", fmt.Sprintf(`{"options": {%q: %q}}`, s.os, s.eu), "options." + s.os},
		{"option of another product", fmt.Sprintf(`{"options": {%q: %q}}`, s.location, s.eu), "options." + s.location},
		{"negative quantity", fmt.Sprintf(`{"options": {%q: -1}}`, s.ram), "options." + s.ram},
		{"oversized quantity", fmt.Sprintf(`{"options": {%q: 100000}}`, s.ram), "options." + s.ram},
		{"fractional quantity", fmt.Sprintf(`{"options": {%q: 2.5}}`, s.ram), "options." + s.ram},
		{"product not a string", `{"product": 5}`, "product"},
		{"malformed JSON", `{"product": `, "body"},
		{"unknown field", `{"price": 1}`, "body"},
		{"the current plan", `{}`, "product"},
		{"the current plan, options spelled out", fmt.Sprintf(`{"options": {%q: %q, %q: 1}}`, s.os, s.ubuntu, s.ram), "product"},
	}
	for _, c := range cases {
		for _, suffix := range []string{"/preview", ""} {
			status, body := s.app.Do(t, "POST", s.url(suffix), s.who.anna, strings.NewReader(c.body))
			if status != http.StatusBadRequest {
				t.Errorf("%s on %q: want 400 naming %s, got %d %s", c.name, suffix, c.field, status, body)
				continue
			}
			if data, _ := decode(t, body)["data"].(map[string]any); data[c.field] == nil {
				t.Errorf("%s on %q: the 400 must name %s: %s", c.name, suffix, c.field, body)
			}
		}
	}
	s.nothingWritten(t, "refused changes")
}
