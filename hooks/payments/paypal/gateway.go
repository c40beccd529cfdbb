// Package paypal is the PayPal gateway: PayPal Checkout through the Orders
// v2 API (the customer approves at PayPal, comes back, and we capture),
// refunds through Payments v2, and webhooks verified by PayPal's
// verify-webhook-signature API.
//
// It speaks to PayPal through github.com/plutov/paypal/v4, which keeps the
// OAuth2 token; requests whose fields that library lacks (custom_id on a
// refund, the capture's status details) are sent through its
// authenticated transport with our own types.
package paypal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	paypalsdk "github.com/plutov/paypal/v4"

	"github.com/ezscale/hostbase/hooks/payments"
)

// Gateway is PayPal as a payments.Gateway and payments.Capturer. It is safe
// for concurrent use.
type Gateway struct {
	client    *paypalsdk.Client
	apiBase   string
	webhookID string
}

var (
	_ payments.Gateway  = (*Gateway)(nil)
	_ payments.Capturer = (*Gateway)(nil)
)

// New builds a gateway; it makes no network call (a bad credential shows on
// the first one, as ErrBadCredentials).
func New(cfg Config) (*Gateway, error) {
	if cfg.ClientID == "" || cfg.Secret == "" {
		return nil, errors.New("paypal: a client id and a secret are required")
	}
	base := strings.TrimRight(cfg.APIBase, "/")
	if base == "" {
		base = APIBaseLive
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("paypal: API base %q is not an http(s) URL such as %s", cfg.APIBase, APIBaseSandbox)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	client, err := paypalsdk.NewClient(cfg.ClientID, cfg.Secret, base)
	if err != nil {
		return nil, fmt.Errorf("paypal: %w", err)
	}
	client.SetHTTPClient(&http.Client{
		Timeout:   timeout,
		Transport: jsonErrorBodies{next: http.DefaultTransport},
	})
	return &Gateway{client: client, apiBase: base, webhookID: cfg.WebhookID}, nil
}

// APIBase is the PayPal API the gateway talks to.
func (g *Gateway) APIBase() string { return g.apiBase }

// Name is payments.PayPal.
func (g *Gateway) Name() string { return payments.PayPal }

// ChargeSaved is not offered: PayPal vaulting is not part of this gateway,
// so auto-charge uses the card gateway.
func (g *Gateway) ChargeSaved(context.Context, payments.ChargeRequest) (payments.ChargeResult, error) {
	return payments.ChargeResult{}, payments.ErrNotSupported
}

// unixOf reads one of PayPal's RFC 3339 times as Unix seconds.
func unixOf(s string) (int64, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return 0, err
	}
	return t.Unix(), nil
}
