package paypal

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// Environment variables FromEnv reads.
const (
	EnvClientID  = "HOSTBASE_PAYPAL_CLIENT_ID"
	EnvSecret    = "HOSTBASE_PAYPAL_SECRET"
	EnvAPIBase   = "HOSTBASE_PAYPAL_API_BASE"
	EnvWebhookID = "HOSTBASE_PAYPAL_WEBHOOK_ID"
)

// PayPal's REST API bases.
const (
	APIBaseLive    = "https://api-m.paypal.com"
	APIBaseSandbox = "https://api-m.sandbox.paypal.com"
)

// DefaultTimeout bounds one HTTP call to PayPal when Config.Timeout is
// zero (the library's own client waits forever).
const DefaultTimeout = 30 * time.Second

// Config is what a Gateway needs.
type Config struct {
	ClientID string
	Secret   string
	// APIBase is APIBaseLive, APIBaseSandbox, or a fake's URL in tests;
	// "" means APIBaseLive.
	APIBase string
	// WebhookID is the id PayPal gave the webhook subscription pointing at
	// /api/hb/webhooks/paypal; verifying a webhook needs it.
	WebhookID string
	// Timeout bounds each HTTP call; zero means DefaultTimeout.
	Timeout time.Duration
}

// FromEnv builds the gateway from HOSTBASE_PAYPAL_* variables. ok is false,
// with no error, when neither a client id nor a secret is set: PayPal is
// simply not configured. Setting one without the other, or both without a
// webhook id, is an error that names what is missing.
func FromEnv() (gw *Gateway, ok bool, err error) {
	cfg := Config{
		ClientID:  os.Getenv(EnvClientID),
		Secret:    os.Getenv(EnvSecret),
		APIBase:   os.Getenv(EnvAPIBase),
		WebhookID: os.Getenv(EnvWebhookID),
	}
	if cfg.ClientID == "" && cfg.Secret == "" {
		return nil, false, nil
	}
	var missing []error
	for _, v := range [][2]string{{EnvClientID, cfg.ClientID}, {EnvSecret, cfg.Secret}} {
		if v[1] == "" {
			missing = append(missing, fmt.Errorf("%s is not set (the client id and the secret both come from the app's page at developer.paypal.com)", v[0]))
		}
	}
	if cfg.WebhookID == "" {
		// without it no refund, reversal or dispute made at PayPal would
		// ever reach the books
		missing = append(missing, fmt.Errorf("%s is not set: create a webhook for /api/hb/webhooks/paypal in the PayPal app and set its id", EnvWebhookID))
	}
	if len(missing) > 0 {
		return nil, false, fmt.Errorf("paypal: %w", errors.Join(missing...))
	}
	gw, err = New(cfg)
	if err != nil {
		return nil, false, err
	}
	return gw, true, nil
}
