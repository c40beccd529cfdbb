package stripe_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest/stripemock"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/stripe"
)

func TestNewRefusesBadConfig(t *testing.T) {
	for name, cfg := range map[string]stripe.Config{
		"no key":               {},
		"blank key":            {SecretKey: "  "},
		"API base not a URL":   {SecretKey: "sk_test_x", APIBase: "127.0.0.1:12111"},
		"API base not HTTP":    {SecretKey: "sk_test_x", APIBase: "ftp://127.0.0.1"},
		"API base has no host": {SecretKey: "sk_test_x", APIBase: "http://"},
	} {
		if gw, err := stripe.New(cfg); err == nil {
			t.Errorf("%s: gateway %v, want an error", name, gw)
		}
	}
	gw, err := stripe.New(stripe.Config{SecretKey: "sk_test_x"})
	if err != nil || gw.Name() != payments.Stripe {
		t.Fatalf("a key alone: %v %v", gw, err)
	}
}

func TestFromEnv(t *testing.T) {
	t.Setenv(stripe.EnvSecretKey, "")
	t.Setenv(stripe.EnvWebhookSecret, "")
	t.Setenv(stripe.EnvAPIBase, "")
	gw, ok, err := stripe.FromEnv()
	if gw != nil || ok || err != nil {
		t.Fatalf("no key: %v %v %v, want Stripe off", gw, ok, err)
	}

	t.Setenv(stripe.EnvSecretKey, stripemock.APIKey)
	if _, ok, err := stripe.FromEnv(); ok || err == nil || !strings.Contains(err.Error(), stripe.EnvWebhookSecret) {
		t.Fatalf("key without webhook secret: %v %v, want an error naming %s", ok, err, stripe.EnvWebhookSecret)
	}

	t.Setenv(stripe.EnvWebhookSecret, "whsec_env")
	t.Setenv(stripe.EnvAPIBase, stripemock.Shared(t).URL())
	gw, ok, err = stripe.FromEnv()
	if err != nil || !ok {
		t.Fatalf("configured: %v %v", ok, err)
	}
	// The API base is used: stripe-mock answers (api.stripe.com would not
	// be reachable from a test, and would refuse the key).
	ref, created, err := gw.EnsureCustomer(context.Background(), payments.Customer{ID: "c_env"})
	if err != nil || !created || ref == "" {
		t.Fatalf("customer through the env's API base: %q %v %v", ref, created, err)
	}
}
