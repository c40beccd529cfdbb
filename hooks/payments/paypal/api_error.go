package paypal

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	paypalsdk "github.com/plutov/paypal/v4"
)

// ErrBadCredentials is wrapped by every error caused by PayPal refusing
// the client id and secret.
var ErrBadCredentials = errors.New("paypal: PayPal refused the client id and secret")

// ErrOrderNotApproved is wrapped by Capture's error when the buyer has not
// approved the order at PayPal (they cancelled, or came back by hand).
var ErrOrderNotApproved = errors.New("paypal: the buyer has not approved the order")

// APIError is an error answer of PayPal's REST API
// ({"name","message","debug_id","details":[{"issue","description"}]}).
type APIError struct {
	Status  int
	Name    string // e.g. UNPROCESSABLE_ENTITY
	Message string
	// Issue and Description are the first detail's, e.g.
	// ORDER_ALREADY_CAPTURED; Issue is "" when PayPal gave no detail.
	Issue       string
	Description string
	// DebugID is what PayPal support asks for.
	DebugID string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", e.Status)
	for _, s := range []string{e.Name, e.Issue} {
		if s != "" {
			b.WriteString(" " + s)
		}
	}
	text := e.Description
	if text == "" {
		text = e.Message
	}
	if text != "" {
		b.WriteString(": " + text)
	}
	if e.DebugID != "" {
		b.WriteString(" (debug_id " + e.DebugID + ")")
	}
	return b.String()
}

// Temporary reports whether the same call may succeed later (PayPal's side
// failed or throttled us).
func (e *APIError) Temporary() bool {
	return e.Status >= 500 || e.Status == http.StatusTooManyRequests
}

// apiErrorOf turns the library's errors into ours: op says what we were
// doing, for the message.
func apiErrorOf(op string, err error) error {
	if err == nil {
		return nil
	}
	var er *paypalsdk.ErrorResponse
	if !errors.As(err, &er) || er.Response == nil {
		return fmt.Errorf("paypal: %s: %w", op, err)
	}
	status := er.Response.StatusCode
	if er.Response.Request != nil && strings.HasSuffix(er.Response.Request.URL.Path, "/v1/oauth2/token") &&
		(status == http.StatusUnauthorized || status == http.StatusForbidden) {
		// the library's own message here is a bare "401 , []"
		return fmt.Errorf("%w (%s: HTTP %d from %s): check %s and %s, and that %s is the environment they belong to (live %s or sandbox %s)",
			ErrBadCredentials, op, status, er.Response.Request.URL.Host,
			EnvClientID, EnvSecret, EnvAPIBase, APIBaseLive, APIBaseSandbox)
	}
	ae := &APIError{Status: status, Name: er.Name, Message: er.Message, DebugID: er.DebugID}
	if len(er.Details) > 0 {
		ae.Issue, ae.Description = er.Details[0].Issue, er.Details[0].Description
	}
	if ae.DebugID == "" {
		ae.DebugID = er.Response.Header.Get("Paypal-Debug-Id")
	}
	if status == http.StatusUnauthorized && ae.Name == "" {
		// a refused access token: {"error":"invalid_token"} carries no name
		ae.Name = "invalid_token"
	}
	return fmt.Errorf("paypal: %s: %w", op, ae)
}

// issueOf is the PayPal issue of err ("" for anything else).
func issueOf(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Issue
	}
	return ""
}
