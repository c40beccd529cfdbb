package paypalfake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"net/http"
	"strings"
	"time"
)

// Transmission headers PayPal sends with every webhook.
const (
	HeaderTransmissionID   = "PAYPAL-TRANSMISSION-ID"
	HeaderTransmissionTime = "PAYPAL-TRANSMISSION-TIME"
	HeaderTransmissionSig  = "PAYPAL-TRANSMISSION-SIG"
	HeaderCertURL          = "PAYPAL-CERT-URL"
	HeaderAuthAlgo         = "PAYPAL-AUTH-ALGO"
)

// authAlgo is what PayPal signs with. The fake signs with an HMAC instead
// (it has no certificate), which only its own verify endpoint checks.
const authAlgo = "SHA256withRSA"

// transmission is one webhook delivery the fake signed.
type transmission struct {
	time    string
	sig     string
	certURL string
}

type webhookEvent struct {
	ID              string         `json:"id"`
	EventVersion    string         `json:"event_version"`
	CreateTime      string         `json:"create_time"`
	ResourceType    string         `json:"resource_type"`
	ResourceVersion string         `json:"resource_version"`
	EventType       string         `json:"event_type"`
	Summary         string         `json:"summary"`
	Resource        map[string]any `json:"resource"`
	Links           []link         `json:"links"`
}

// Event builds a webhook event as PayPal delivers it (id WH-…, event_type,
// resource_type, resource, create_time, summary, links) and the
// transmission headers the fake's verify-webhook-signature endpoint
// accepts for exactly this body and WebhookID. Build resource with
// CaptureResource or RefundResource for objects the fake made, or by hand.
func (s *Server) Event(eventType string, resource map[string]any) (body []byte, header http.Header) {
	return s.EventWithID("WH-"+randomID(17)+"-"+randomID(17), eventType, resource)
}

// EventWithID is Event with a chosen event id, to deliver the same event
// twice (PayPal retries until it gets a 2xx).
func (s *Server) EventWithID(id, eventType string, resource map[string]any) (body []byte, header http.Header) {
	now := time.Now().UTC()
	ev := webhookEvent{
		ID:              id,
		EventVersion:    "1.0",
		CreateTime:      now.Format("2006-01-02T15:04:05.000Z"),
		ResourceType:    resourceTypeOf(eventType),
		ResourceVersion: "2.0",
		EventType:       eventType,
		Summary:         summaryOf(eventType, resource),
		Resource:        resource,
		Links: []link{
			{Href: s.URL() + "/v1/notifications/webhooks-events/" + id, Rel: "self", Method: http.MethodGet},
			{Href: s.URL() + "/v1/notifications/webhooks-events/" + id + "/resend", Rel: "resend", Method: http.MethodPost},
		},
	}
	if ev.ResourceType == "dispute" {
		ev.ResourceVersion = "1.1"
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ev); err != nil {
		panic(fmt.Sprintf("paypalfake: event resource does not encode as JSON: %v", err))
	}
	body = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))

	t := transmission{
		time:    now.Format(time.RFC3339),
		certURL: s.URL() + "/v1/notifications/certs/CERT-360caa42-fca2a594-" + randomHex(8),
	}
	txID := fmt.Sprintf("%s-%s-%s-%s-%s", randomHex(8), randomHex(4), randomHex(4), randomHex(4), randomHex(12))
	t.sig = s.sign(txID, t.time, WebhookID, body)
	s.mu.Lock()
	s.transmissions[txID] = t
	s.mu.Unlock()

	header = http.Header{}
	header.Set("Content-Type", "application/json")
	header.Set(HeaderTransmissionID, txID)
	header.Set(HeaderTransmissionTime, t.time)
	header.Set(HeaderTransmissionSig, t.sig)
	header.Set(HeaderCertURL, t.certURL)
	header.Set(HeaderAuthAlgo, authAlgo)
	return body, header
}

// sign covers what PayPal's signature covers: transmission id, time,
// webhook id and the CRC32 of the body as sent.
func (s *Server) sign(transmissionID, transmissionTime, webhookID string, body []byte) string {
	mac := hmac.New(sha256.New, s.signKey)
	fmt.Fprintf(mac, "%s|%s|%s|%d", transmissionID, transmissionTime, webhookID, crc32.ChecksumIEEE(body))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func resourceTypeOf(eventType string) string {
	switch {
	case eventType == "PAYMENT.CAPTURE.REFUNDED", eventType == "PAYMENT.CAPTURE.REVERSED":
		return "refund"
	case strings.HasPrefix(eventType, "PAYMENT.CAPTURE."):
		return "capture"
	case strings.HasPrefix(eventType, "CUSTOMER.DISPUTE."):
		return "dispute"
	case strings.HasPrefix(eventType, "CHECKOUT.ORDER."):
		return "checkout-order"
	}
	// e.g. BILLING.SUBSCRIPTION.CREATED is about a "subscription"
	if parts := strings.Split(eventType, "."); len(parts) > 1 {
		return strings.ToLower(parts[1])
	}
	return strings.ToLower(eventType)
}

func summaryOf(eventType string, resource map[string]any) string {
	var amt string
	if a, ok := resource["amount"].(map[string]any); ok {
		amt = fmt.Sprintf(" %v %v", a["value"], a["currency_code"])
	}
	switch eventType {
	case "PAYMENT.CAPTURE.COMPLETED":
		return "Payment completed for" + amt
	case "PAYMENT.CAPTURE.DENIED":
		return "Payment denied for" + amt
	case "PAYMENT.CAPTURE.REFUNDED":
		return "A" + amt + " capture payment was refunded"
	case "PAYMENT.CAPTURE.REVERSED":
		return "A" + amt + " capture payment was reversed"
	case "CUSTOMER.DISPUTE.CREATED":
		return "A new dispute opened"
	case "CUSTOMER.DISPUTE.RESOLVED":
		return "A dispute was resolved"
	}
	return eventType
}

// CaptureResource is the capture the fake made, as a webhook resource (and
// GET /v2/payments/captures/{id}) shows it; nil for an unknown id.
func (s *Server) CaptureResource(captureID string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.captures[captureID]
	if !ok {
		return nil
	}
	return asMap(s.captureJSON(c))
}

// RefundResource is the refund the fake made, as the resource of a
// PAYMENT.CAPTURE.REFUNDED event; nil for an unknown id.
func (s *Server) RefundResource(refundID string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	rf, ok := s.refunds[refundID]
	if !ok {
		return nil
	}
	return asMap(s.refundJSON(rf))
}

func asMap(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
}

type verifyRequest struct {
	AuthAlgo         string          `json:"auth_algo"`
	CertURL          string          `json:"cert_url"`
	TransmissionID   string          `json:"transmission_id"`
	TransmissionSig  string          `json:"transmission_sig"`
	TransmissionTime string          `json:"transmission_time"`
	WebhookID        string          `json:"webhook_id"`
	WebhookEvent     json.RawMessage `json:"webhook_event"`
}

// verifyWebhookSignature answers SUCCESS only for a transmission this fake
// signed, with the same headers, for WebhookID and the very bytes of the
// event it built.
func (s *Server) verifyWebhookSignature(w http.ResponseWriter, r *http.Request) {
	var req verifyRequest
	if !decodeBody(w, r, &req) {
		return
	}
	for field, v := range map[string]string{
		"auth_algo": req.AuthAlgo, "cert_url": req.CertURL, "transmission_id": req.TransmissionID,
		"transmission_sig": req.TransmissionSig, "transmission_time": req.TransmissionTime,
		"webhook_id": req.WebhookID, "webhook_event": string(req.WebhookEvent),
	} {
		if v == "" {
			body := errorBody{
				Name:    "VALIDATION_ERROR",
				Message: "Invalid request - see details",
				DebugID: randomHex(13),
				Details: []errorDetail{{Field: field, Issue: "Required field cannot be blank"}},
			}
			writeJSON(w, http.StatusBadRequest, body)
			return
		}
	}
	s.mu.Lock()
	t, known := s.transmissions[req.TransmissionID]
	s.mu.Unlock()
	ok := known &&
		req.WebhookID == WebhookID &&
		req.AuthAlgo == authAlgo &&
		req.CertURL == t.certURL &&
		req.TransmissionTime == t.time &&
		hmac.Equal([]byte(req.TransmissionSig), []byte(t.sig)) &&
		hmac.Equal([]byte(t.sig), []byte(s.sign(req.TransmissionID, req.TransmissionTime, req.WebhookID, req.WebhookEvent)))
	status := "FAILURE"
	if ok {
		status = "SUCCESS"
	}
	writeJSON(w, http.StatusOK, map[string]string{"verification_status": status})
}
