// Package stripe is Hostbase's Stripe gateway: Checkout Sessions for paying
// invoices and saving cards (card data never reaches us), off-session
// PaymentIntents for auto-charge, refunds, and verified webhooks turned into
// payments.Event values.
//
// It speaks Stripe API version 2024-06-20 through stripe-go v79, with a
// client of its own per Gateway: the library's global key and backends are
// never touched, so two gateways (or a test's and the app's) never mix.
package stripe

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	stripego "github.com/stripe/stripe-go/v79"
	"github.com/stripe/stripe-go/v79/client"

	"github.com/ezscale/hostbase/hooks/payments"
)

// Environment variables FromEnv reads (documented in the README).
const (
	EnvSecretKey     = "HOSTBASE_STRIPE_SECRET_KEY"
	EnvWebhookSecret = "HOSTBASE_STRIPE_WEBHOOK_SECRET"
	EnvAPIBase       = "HOSTBASE_STRIPE_API_BASE"
)

// DefaultTimeout bounds one HTTP request to Stripe when Config.Timeout is 0.
const DefaultTimeout = 30 * time.Second

// defaultNetworkRetries is how often stripe-go resends a request that failed
// on the network or with a 5xx. Resending is safe: the retry carries the same
// Idempotency-Key header, so Stripe replays the first answer.
const defaultNetworkRetries = 2

// Config configures a Gateway.
type Config struct {
	// SecretKey is the Stripe secret (sk_…) or restricted (rk_…) key.
	SecretKey string
	// WebhookSecret is the endpoint's signing secret (whsec_…). Without it
	// every webhook is refused.
	WebhookSecret string
	// APIBase replaces https://api.stripe.com (stripe-mock in tests).
	APIBase string
	// HTTPClient is copied, and given Timeout when it has none; nil means a
	// new client.
	HTTPClient *http.Client
	// Timeout bounds one HTTP request; 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxNetworkRetries is how often a request that failed on the network or
	// with a 5xx is resent with the same idempotency key: 0 means 2,
	// negative means never.
	MaxNetworkRetries int
}

// Gateway is the Stripe payments.Gateway and payments.MethodSaver.
type Gateway struct {
	api           *client.API
	webhookSecret string
}

var (
	_ payments.Gateway     = (*Gateway)(nil)
	_ payments.MethodSaver = (*Gateway)(nil)
)

// New builds a Gateway from cfg. It makes no request to Stripe.
func New(cfg Config) (*Gateway, error) {
	key := strings.TrimSpace(cfg.SecretKey)
	if key == "" {
		return nil, errors.New("stripe: no secret key")
	}
	apiBase := stripego.APIURL
	if cfg.APIBase != "" {
		u, err := url.Parse(cfg.APIBase)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("stripe: API base %q is not an http(s) URL", cfg.APIBase)
		}
		apiBase = strings.TrimRight(cfg.APIBase, "/")
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	httpClient := &http.Client{Timeout: timeout}
	if cfg.HTTPClient != nil {
		// A copy, so that setting the timeout never changes the caller's client.
		c := *cfg.HTTPClient
		if c.Timeout == 0 {
			c.Timeout = timeout
		}
		httpClient = &c
	}
	retries := int64(defaultNetworkRetries)
	switch {
	case cfg.MaxNetworkRetries < 0:
		retries = 0
	case cfg.MaxNetworkRetries > 0:
		retries = int64(cfg.MaxNetworkRetries)
	}
	backend := stripego.GetBackendWithConfig(stripego.APIBackend, &stripego.BackendConfig{
		URL:               stripego.String(apiBase),
		HTTPClient:        httpClient,
		MaxNetworkRetries: stripego.Int64(retries),
		// Errors come back to the caller, who logs them with context; the
		// library's own stderr lines would only duplicate them.
		LeveledLogger: &stripego.LeveledLogger{Level: stripego.LevelNull},
	})
	// Connect and Uploads are never used; they get the same backend so that
	// no call can fall back to the library's global one.
	api := client.New(key, &stripego.Backends{API: backend, Connect: backend, Uploads: backend})
	return &Gateway{api: api, webhookSecret: cfg.WebhookSecret}, nil
}

// FromEnv builds the Gateway configured by HOSTBASE_STRIPE_SECRET_KEY,
// HOSTBASE_STRIPE_WEBHOOK_SECRET and HOSTBASE_STRIPE_API_BASE. It answers
// false when no secret key is set (Stripe is off). A key without a webhook
// secret is an error: Checkout payments would be taken and never recorded.
func FromEnv() (*Gateway, bool, error) {
	key := strings.TrimSpace(os.Getenv(EnvSecretKey))
	if key == "" {
		return nil, false, nil
	}
	secret := strings.TrimSpace(os.Getenv(EnvWebhookSecret))
	if secret == "" {
		return nil, false, fmt.Errorf("stripe: %s is set but %s is not: copy the signing secret (whsec_…) of the webhook endpoint for /api/hb/webhooks/stripe", EnvSecretKey, EnvWebhookSecret)
	}
	gw, err := New(Config{
		SecretKey:     key,
		WebhookSecret: secret,
		APIBase:       strings.TrimSpace(os.Getenv(EnvAPIBase)),
	})
	if err != nil {
		return nil, false, err
	}
	return gw, true, nil
}

// Name is payments.Stripe.
func (g *Gateway) Name() string { return payments.Stripe }
