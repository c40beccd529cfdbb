package coupons

import (
	"errors"
	"fmt"
	"testing"
)

func TestRefusal(t *testing.T) {
	var err error = &Refusal{ReasonExpired, "This coupon expired on 31 Mar 2026."}
	if err.Error() != "This coupon expired on 31 Mar 2026." {
		t.Errorf("Error() = %q", err.Error())
	}
	tests := []struct {
		err  error
		want Reason
	}{
		{err, ReasonExpired},
		{fmt.Errorf("cart: %w", err), ReasonExpired},
		{nil, ""},
		{errors.New("database is locked"), ""},
		{ErrInvalidCoupon, ""},
	}
	for _, tt := range tests {
		if got := ReasonOf(tt.err); got != tt.want {
			t.Errorf("ReasonOf(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
