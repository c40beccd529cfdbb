package coupons

import (
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	starts := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	expires := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	afternoon := time.Date(2026, 4, 1, 15, 0, 0, 0, time.UTC)
	berlin := time.FixedZone("CEST", 2*60*60) // Europe/Berlin in summer
	open := Coupon{Code: "SPRING", Kind: Percent, PercentBP: 2500, Active: true}
	with := func(edit func(*Coupon)) Coupon {
		c := open
		edit(&c)
		return c
	}

	tests := []struct {
		name    string
		c       Coupon
		now     time.Time
		u       Usage
		reason  Reason // "" = accepted
		message string
	}{
		{"open coupon", open, afternoon, Usage{Total: 1000, ByCustomer: 50, CustomerHasPaidBefore: true}, "", ""},
		{"inactive", with(func(c *Coupon) { c.Active = false }), afternoon, Usage{},
			ReasonInactive, "This coupon is not active."},

		{"one nanosecond before the start", with(func(c *Coupon) { c.StartsAt = starts }), starts.Add(-1), Usage{},
			ReasonNotStarted, "This coupon can be used from 1 Apr 2026."},
		{"starts exactly now: usable (inclusive)", with(func(c *Coupon) { c.StartsAt = starts }), starts, Usage{}, "", ""},
		{"start with a time of day", with(func(c *Coupon) { c.StartsAt = afternoon }), starts, Usage{},
			ReasonNotStarted, "This coupon can be used from 1 Apr 2026 at 15:00 UTC."},
		{"start in the company's zone", with(func(c *Coupon) { c.StartsAt = starts.In(berlin) }), starts.Add(-time.Hour), Usage{},
			ReasonNotStarted, "This coupon can be used from 1 Apr 2026 at 02:00 CEST."},

		{"one nanosecond before expiry: usable", with(func(c *Coupon) { c.ExpiresAt = expires }), expires.Add(-1), Usage{}, "", ""},
		{"expires exactly now: expired (exclusive)", with(func(c *Coupon) { c.ExpiresAt = expires }), expires, Usage{},
			ReasonExpired, "This coupon expired on 31 Mar 2026."},
		{"long expired", with(func(c *Coupon) { c.ExpiresAt = expires }), afternoon, Usage{},
			ReasonExpired, "This coupon expired on 31 Mar 2026."},
		{"within its window", with(func(c *Coupon) { c.StartsAt, c.ExpiresAt = starts, starts.AddDate(0, 1, 0) }), afternoon, Usage{}, "", ""},

		{"below the limit", with(func(c *Coupon) { c.MaxUses = 100 }), afternoon, Usage{Total: 99}, "", ""},
		{"at the limit", with(func(c *Coupon) { c.MaxUses = 100 }), afternoon, Usage{Total: 100},
			ReasonUsedUp, "This coupon has reached its usage limit."},
		{"over the limit", with(func(c *Coupon) { c.MaxUses = 100 }), afternoon, Usage{Total: 101},
			ReasonUsedUp, "This coupon has reached its usage limit."},

		{"first use by the customer", with(func(c *Coupon) { c.MaxUsesPerCustomer = 1 }), afternoon, Usage{Total: 7}, "", ""},
		{"once per customer, used", with(func(c *Coupon) { c.MaxUsesPerCustomer = 1 }), afternoon, Usage{Total: 7, ByCustomer: 1},
			ReasonUsedUpByCustomer, "You have already used this coupon."},
		{"three per customer, two used", with(func(c *Coupon) { c.MaxUsesPerCustomer = 3 }), afternoon, Usage{ByCustomer: 2}, "", ""},
		{"three per customer, used", with(func(c *Coupon) { c.MaxUsesPerCustomer = 3 }), afternoon, Usage{ByCustomer: 3},
			ReasonUsedUpByCustomer, "You have already used this coupon 3 times, the most allowed."},

		{"new customer", with(func(c *Coupon) { c.NewCustomersOnly = true }), afternoon, Usage{}, "", ""},
		{"customer who paid before", with(func(c *Coupon) { c.NewCustomersOnly = true }), afternoon, Usage{CustomerHasPaidBefore: true},
			ReasonNewCustomersOnly, "This coupon is for new customers only."},

		// the first reason in the documented order wins
		{"inactive and expired", with(func(c *Coupon) { c.Active, c.ExpiresAt = false, expires }), afternoon, Usage{},
			ReasonInactive, "This coupon is not active."},
		{"expired and used up", with(func(c *Coupon) { c.ExpiresAt, c.MaxUses = expires, 1 }), afternoon, Usage{Total: 1},
			ReasonExpired, "This coupon expired on 31 Mar 2026."},
		{"used up everywhere and by the customer", with(func(c *Coupon) { c.MaxUses, c.MaxUsesPerCustomer = 1, 1 }), afternoon, Usage{Total: 1, ByCustomer: 1},
			ReasonUsedUp, "This coupon has reached its usage limit."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.c, tt.now, tt.u)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("Check = %v, want nil", err)
				}
				return
			}
			r, ok := err.(*Refusal)
			if !ok {
				t.Fatalf("Check = %#v, want a *Refusal", err)
			}
			if r.Reason != tt.reason || r.Message != tt.message {
				t.Errorf("Check = %q %q, want %q %q", r.Reason, r.Message, tt.reason, tt.message)
			}
		})
	}
}
