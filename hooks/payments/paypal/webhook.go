package paypal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/ezscale/hostbase/hooks/payments"
)

// The transmission headers PayPal signs a webhook delivery with.
const (
	headerTransmissionID   = "PAYPAL-TRANSMISSION-ID"
	headerTransmissionTime = "PAYPAL-TRANSMISSION-TIME"
	headerTransmissionSig  = "PAYPAL-TRANSMISSION-SIG"
	headerCertURL          = "PAYPAL-CERT-URL"
	headerAuthAlgo         = "PAYPAL-AUTH-ALGO"
)

// envelope is a webhook event around its resource.
type envelope struct {
	ID         string          `json:"id"`
	EventType  string          `json:"event_type"`
	CreateTime string          `json:"create_time"`
	Summary    string          `json:"summary"`
	Resource   json.RawMessage `json:"resource"`
}

// ParseWebhook verifies a delivery with PayPal's verify-webhook-signature
// API and turns it into an Event. A body that is not an event, missing
// transmission headers, or a FAILURE verdict wrap payments.ErrBadWebhook
// (the route answers 400); not reaching PayPal to verify is a plain error
// (the route answers 5xx and PayPal delivers again later).
func (g *Gateway) ParseWebhook(ctx context.Context, header http.Header, body []byte) (*payments.Event, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("%w: paypal: body is not a webhook event: %v", payments.ErrBadWebhook, err)
	}
	if env.ID == "" || env.EventType == "" {
		return nil, fmt.Errorf("%w: paypal: event without id or event_type", payments.ErrBadWebhook)
	}
	created, err := unixOf(env.CreateTime)
	if err != nil {
		return nil, fmt.Errorf("%w: paypal: event %s: create_time %q: %v", payments.ErrBadWebhook, env.ID, env.CreateTime, err)
	}
	if err := g.verify(ctx, header, body); err != nil {
		return nil, err
	}
	ev := &payments.Event{
		Gateway: payments.PayPal,
		ID:      env.ID,
		Type:    env.EventType,
		Created: created,
		Payload: body,
	}
	if err := mapEvent(ev, env); err != nil {
		return nil, fmt.Errorf("%w: paypal: event %s (%s): %v", payments.ErrBadWebhook, env.ID, env.EventType, err)
	}
	return ev, nil
}

type verifyRequestJSON struct {
	AuthAlgo         string `json:"auth_algo"`
	CertURL          string `json:"cert_url"`
	TransmissionID   string `json:"transmission_id"`
	TransmissionSig  string `json:"transmission_sig"`
	TransmissionTime string `json:"transmission_time"`
	WebhookID        string `json:"webhook_id"`
}

// verify asks PayPal whether it sent body with these headers to our
// webhook.
func (g *Gateway) verify(ctx context.Context, header http.Header, body []byte) error {
	if g.webhookID == "" {
		return fmt.Errorf("paypal: cannot verify webhooks: %s is not set", EnvWebhookID)
	}
	req := verifyRequestJSON{
		AuthAlgo:         header.Get(headerAuthAlgo),
		CertURL:          header.Get(headerCertURL),
		TransmissionID:   header.Get(headerTransmissionID),
		TransmissionSig:  header.Get(headerTransmissionSig),
		TransmissionTime: header.Get(headerTransmissionTime),
		WebhookID:        g.webhookID,
	}
	for _, h := range [][2]string{
		{headerTransmissionID, req.TransmissionID}, {headerTransmissionTime, req.TransmissionTime},
		{headerTransmissionSig, req.TransmissionSig}, {headerCertURL, req.CertURL}, {headerAuthAlgo, req.AuthAlgo},
	} {
		if h[1] == "" {
			return fmt.Errorf("%w: paypal: header %s missing", payments.ErrBadWebhook, h[0])
		}
	}
	fields, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("paypal: verify webhook: %w", err)
	}
	// the event goes back byte for byte as it came: the signature covers
	// the body as sent, and re-encoding it (as the library's
	// VerifyWebhookSignature does) can change it
	var verifyBody bytes.Buffer
	verifyBody.Write(fields[:len(fields)-1])
	verifyBody.WriteString(`,"webhook_event":`)
	verifyBody.Write(body)
	verifyBody.WriteString("}")

	var res struct {
		VerificationStatus string `json:"verification_status"`
	}
	err = g.call(ctx, "verify webhook signature", http.MethodPost, "/v1/notifications/verify-webhook-signature", verifyBody.Bytes(), "", &res)
	var ae *APIError
	if errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusUnprocessableEntity) {
		// PayPal found the transmission fields themselves invalid
		return fmt.Errorf("%w: %w", payments.ErrBadWebhook, err)
	}
	if err != nil {
		return err
	}
	if res.VerificationStatus != "SUCCESS" {
		return fmt.Errorf("%w: paypal: signature verification answered %q", payments.ErrBadWebhook, res.VerificationStatus)
	}
	return nil
}
