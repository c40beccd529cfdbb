package shop_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/ezscale/hostbase/collections"
)

type progress struct {
	Order   string `json:"order"`
	Status  string `json:"status"`
	Invoice *struct {
		ID        string `json:"id"`
		Number    string `json:"number"`
		Status    string `json:"status"`
		AmountDue int64  `json:"amount_due"`
		Currency  string `json:"currency"`
	} `json:"invoice"`
	Services []struct {
		ID           string `json:"id"`
		Name         string `json:"name"`
		Status       string `json:"status"`
		Hostname     string `json:"hostname"`
		IP           string `json:"ip"`
		Provisioning string `json:"provisioning"`
		Message      string `json:"message"`
	} `json:"services"`
}

func (s *shopper) progress(t *testing.T, tok, order string) (int, progress) {
	t.Helper()
	code, raw := s.app.Do(t, "GET", "/api/hb/orders/"+order+"/progress", tok, nil)
	var p progress
	if code == 200 {
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
	}
	return code, p
}

func TestOrderProgressIsTheCustomersOnly(t *testing.T) {
	s := newShopper(t)
	a := s.checkout(t, s.aliceTok, s.order("manual", "p-1", nil), http.StatusCreated)

	code, p := s.progress(t, s.aliceTok, a.Order)
	if code != 200 || p.Order != a.Order || p.Status != "pending" || p.Invoice == nil || p.Invoice.ID != a.Invoice ||
		p.Invoice.Status != "unpaid" || p.Invoice.AmountDue != a.Total || len(p.Services) != 2 {
		t.Fatalf("alice: %d %+v", code, p)
	}
	if sv := p.Services[0]; sv.Name != "VPS-L" || sv.Status != "pending" || sv.Hostname != "vps1.example.com" || sv.Provisioning != "" || sv.Message != "Waiting for payment." {
		t.Fatalf("first service: %+v", sv)
	}

	staff := mk(t, s.app, "staff", map[string]any{"name": "Sam", "email": "sam@northwind.test", "role": "support", "active": true})
	if code, _ := s.progress(t, token(t, staff), a.Order); code != 200 {
		t.Fatalf("staff: %d", code)
	}
	if code, _ := s.progress(t, s.bobTok, a.Order); code != 404 {
		t.Fatalf("bob reads alice's order: %d", code)
	}
	if code, _ := s.progress(t, "", a.Order); code != 401 {
		t.Fatalf("a visitor reads alice's order: %d", code)
	}
	if code, _ := s.progress(t, s.aliceTok, "nosuchorder0000"); code != 404 {
		t.Fatalf("no such order: %d", code)
	}

	// The services the page waits on are Alice's to read (and so to
	// follow in realtime, which applies the same rules), not Bob's.
	for _, sv := range p.Services {
		if code, _ := s.app.Do(t, "GET", "/api/collections/services/records/"+sv.ID, s.aliceTok, nil); code != 200 {
			t.Fatalf("alice reads her service: %d", code)
		}
		if code, _ := s.app.Do(t, "GET", "/api/collections/services/records/"+sv.ID, s.bobTok, nil); code != 404 {
			t.Fatalf("bob reads alice's service: %d", code)
		}
	}
}

func TestOrderSetUpOnOrderStartsProvisioningBeforePayment(t *testing.T) {
	s := newShopper(t)
	rec, err := s.app.FindRecordById("products", s.game)
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("auto_setup", "on_order")
	rec.Set("provisioner", "example")
	if err := s.app.Save(rec); err != nil {
		t.Fatal(err)
	}
	a := s.checkout(t, s.aliceTok, s.order("manual", "on-order", nil), http.StatusCreated)
	_, p := s.progress(t, s.aliceTok, a.Order)
	for _, sv := range p.Services {
		want, job := "pending", ""
		if sv.Name == "MC" {
			want, job = "provisioning", "queued"
		}
		if sv.Status != want || sv.Provisioning != job || sv.Message == "" {
			t.Fatalf("%s: %+v, want %s with job %q", sv.Name, sv, want, job)
		}
	}
}

func TestCheckoutTakesTrackedStockOnceForTheLastUnit(t *testing.T) {
	s := newShopper(t)
	g := mk(t, s.app, "product_groups", map[string]any{"name": "Dedicated", "slug": "dedicated"})
	box := mk(t, s.app, "products", map[string]any{"name": "Last box", "slug": "last-box", "kind": "dedicated", "group": g.Id,
		"pricing": `{"USD":{"monthly":{"price":9000,"setup":0}}}`, "track_stock": true, "stock": 2}).Id
	buy := func(key string) map[string]any {
		return map[string]any{"currency": "USD", "gateway": "manual", "accept_terms": true, "idempotency_key": key,
			"items": []any{map[string]any{"product": box, "cycle": "monthly"}}}
	}
	s.checkout(t, s.aliceTok, buy("first"), http.StatusCreated)
	if p, _ := collections.FindProduct(s.app, box); p.Stock() != 1 {
		t.Fatalf("stock %d after one sold, want 1", p.Stock())
	}

	// Five buyers race for the last one: each passes the check before
	// the transaction, one takes it.
	const n = 5
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _ = s.app.Do(t, "POST", "/api/hb/checkout", s.bobTok, buy(fmt.Sprint("race-", i)))
		}()
	}
	wg.Wait()
	sold := 0
	for _, c := range codes {
		switch c {
		case http.StatusCreated:
			sold++
		case http.StatusBadRequest:
		default:
			t.Fatalf("codes %v", codes)
		}
	}
	p, _ := collections.FindProduct(s.app, box)
	if sold != 1 || p.Stock() != 0 || count(t, s.app, "orders") != 2 || count(t, s.app, "invoices") != 2 {
		t.Fatalf("sold %d (codes %v), stock %d, %d orders", sold, codes, p.Stock(), count(t, s.app, "orders"))
	}
}
