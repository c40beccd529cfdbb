package main

import (
	"fmt"

	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/paypal"
	"github.com/ezscale/hostbase/hooks/payments/stripe"
)

// gatewaysFromEnv builds the online gateways whose credentials are in the
// environment (HOSTBASE_STRIPE_*, HOSTBASE_PAYPAL_*); a gateway without
// them is simply not offered.
func gatewaysFromEnv() ([]payments.Gateway, error) {
	var out []payments.Gateway
	s, ok, err := stripe.FromEnv()
	if err != nil {
		return nil, err
	}
	if ok {
		out = append(out, s)
	}
	p, ok, err := paypal.FromEnv()
	if err != nil {
		return nil, fmt.Errorf("paypal: %w", err)
	}
	if ok {
		out = append(out, p)
	}
	return out, nil
}
