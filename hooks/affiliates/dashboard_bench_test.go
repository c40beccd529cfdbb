package affiliates_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/ezscale/hostbase/collections"
)

// BenchmarkDashboard measures GET /api/hb/affiliate for an affiliate with
// 10,000 clicks, 1,000 referrals and 1,000 commissions, from a browser it
// already knows (hb_vid).
func BenchmarkDashboard(b *testing.B) {
	w := newWorld(b)
	db := w.app.DB()
	for i := range 10000 {
		if _, err := db.Insert(collections.AffiliateClicks, map[string]any{"id": security.RandomString(15), "affiliate": w.affiliate,
			"visitor": fmt.Sprintf("visitor%012d", i), "day": "2026-01-01"}).Execute(); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 1000 {
		ref := security.RandomString(15)
		if _, err := db.Insert(collections.Referrals, map[string]any{"id": ref, "affiliate": w.affiliate,
			"customer": fmt.Sprintf("c%014d", i), "status": "converted"}).Execute(); err != nil {
			b.Fatal(err)
		}
		status := []string{"pending", "approved", "paid", "reversed"}[i%4]
		if _, err := db.Insert(collections.Commissions, map[string]any{"id": security.RandomString(15), "affiliate": w.affiliate,
			"referral": ref, "invoice": fmt.Sprintf("i%014d", i), "amount": 130, "earned": 130, "currency": "USD", "status": status,
			"created": fmt.Sprintf("2026-01-01 00:00:%02d.000Z", i%60)}).Execute(); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if status, body := w.do(b, "GET", "/api/hb/affiliate", w.aliceTok, nil, w.aliceVisitorCookie); status != http.StatusOK {
			b.Fatal(string(body))
		}
	}
}

// BenchmarkClick measures GET /api/hb/affiliate/click for a returning
// visitor (the click row exists: the unique index ignores it).
func BenchmarkClick(b *testing.B) {
	w := newWorld(b)
	ref := w.refCookie(b, "visitor0000000000bench")
	b.ResetTimer()
	for b.Loop() {
		if status, body := w.do(b, "GET", "/api/hb/affiliate/click?ref="+w.code, "", nil, ref, "hb_vid=visitor0000000000bench"); status != http.StatusOK {
			b.Fatal(string(body))
		}
	}
}
