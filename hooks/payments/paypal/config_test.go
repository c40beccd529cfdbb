package paypal_test

import (
	"strings"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest/paypalfake"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/payments/paypal"
)

func setEnv(t *testing.T, id, secret, base, webhook string) {
	t.Setenv(paypal.EnvClientID, id)
	t.Setenv(paypal.EnvSecret, secret)
	t.Setenv(paypal.EnvAPIBase, base)
	t.Setenv(paypal.EnvWebhookID, webhook)
}

func TestFromEnvNotConfigured(t *testing.T) {
	setEnv(t, "", "", "", "")
	gw, ok, err := paypal.FromEnv()
	if gw != nil || ok || err != nil {
		t.Fatalf("FromEnv with nothing set: %v %v %v, want nil, false, nil", gw, ok, err)
	}
}

func TestFromEnvNamesWhatIsMissing(t *testing.T) {
	setEnv(t, "AYSq3RDGsmBLJE-otTkBtM-jBRd1TCQwFf9RGfwddNXWz0uFU9ztymylOhRS", "", "", "")
	_, ok, err := paypal.FromEnv()
	if ok || err == nil || !strings.Contains(err.Error(), paypal.EnvSecret) || !strings.Contains(err.Error(), paypal.EnvWebhookID) {
		t.Fatalf("FromEnv with only a client id: %v %v, want an error naming %s and %s", ok, err, paypal.EnvSecret, paypal.EnvWebhookID)
	}
}

func TestFromEnvDefaultsToLive(t *testing.T) {
	setEnv(t, "id", "secret", "", "1HB59326PF448521K")
	gw, ok, err := paypal.FromEnv()
	if err != nil || !ok {
		t.Fatalf("FromEnv: %v %v", ok, err)
	}
	if gw.APIBase() != paypal.APIBaseLive || gw.Name() != payments.PayPal {
		t.Errorf("API base %q name %q, want %q %q", gw.APIBase(), gw.Name(), paypal.APIBaseLive, payments.PayPal)
	}
}

func TestFromEnvWorks(t *testing.T) {
	fake := paypalfake.Start(t)
	setEnv(t, paypalfake.ClientID, paypalfake.Secret, fake.URL()+"/", paypalfake.WebhookID)
	gw, ok, err := paypal.FromEnv()
	if err != nil || !ok {
		t.Fatalf("FromEnv: %v %v", ok, err)
	}
	if gw.APIBase() != fake.URL() {
		t.Errorf("API base %q, want %q without the trailing slash", gw.APIBase(), fake.URL())
	}
	body, header := fake.Event("PAYMENT.CAPTURE.PENDING", map[string]any{"id": "2GG279541U471931P"})
	if _, err := gw.ParseWebhook(ctx(t), header, body); err != nil {
		t.Fatalf("a webhook through the gateway from the environment: %v", err)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	for name, cfg := range map[string]paypal.Config{
		"no secret":    {ClientID: "id", APIBase: paypal.APIBaseSandbox},
		"no client id": {Secret: "s", APIBase: paypal.APIBaseSandbox},
		"not a URL":    {ClientID: "id", Secret: "s", APIBase: "api-m.sandbox.paypal.com"},
	} {
		if _, err := paypal.New(cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
