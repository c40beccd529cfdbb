package shop_test

import (
	"fmt"
	"net/http"
	"testing"
)

// BenchmarkCheckout places one order a loop (the quote's VPS cart and a
// game server, paid by bank transfer): pricing, the transaction that writes
// the order, services, addons and invoice, and the answer.
func BenchmarkCheckout(b *testing.B) {
	s := newShopper(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		code, raw := s.app.Do(b, "POST", "/api/hb/checkout", s.aliceTok, s.order("manual", fmt.Sprint("bench-", i), nil))
		if code != http.StatusCreated {
			b.Fatalf("checkout: %d %s", code, raw)
		}
	}
}
