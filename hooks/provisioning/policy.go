package provisioning

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// Refund choices for an order no server can fulfil.
const (
	RefundNone    = "none"
	RefundCredit  = "credit"
	RefundGateway = "gateway"
)

// Policy is settings.provisioning.
type Policy struct {
	// MaxAttempts is how many times a job is tried before it is dead.
	MaxAttempts int `json:"max_attempts"`
	// BackoffSeconds is the wait after the first failure; each next one
	// doubles, up to BackoffMaxSeconds, with ±20% jitter.
	BackoffSeconds    int `json:"backoff_seconds"`
	BackoffMaxSeconds int `json:"backoff_max_seconds"`
	// AutoRefundUnfulfillable refunds a paid order whose Create failed for
	// lack of capacity: "none" (staff decide), "credit" or "gateway".
	AutoRefundUnfulfillable string `json:"auto_refund_unfulfillable"`
	// ReconcileApply lets the nightly reconciliation act on drift (suspend
	// or terminate on the panel what is suspended or terminated here);
	// otherwise it only reports.
	ReconcileApply bool `json:"reconcile_apply"`
}

// DefaultPolicy is used for keys settings.provisioning leaves out.
var DefaultPolicy = Policy{MaxAttempts: 8, BackoffSeconds: 30, BackoffMaxSeconds: 3600, AutoRefundUnfulfillable: RefundNone}

// ParsePolicy reads settings.provisioning over DefaultPolicy. Unknown keys
// and out-of-range values are refused: a typo must not silently change
// how often a server is created.
func ParsePolicy(raw []byte) (Policy, error) {
	p := DefaultPolicy
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && string(raw) != "null" {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return Policy{}, fmt.Errorf("settings.provisioning: %w", err)
		}
	}
	switch {
	case p.MaxAttempts < 1 || p.MaxAttempts > 100:
		return Policy{}, fmt.Errorf("settings.provisioning.max_attempts must be 1–100, got %d", p.MaxAttempts)
	case p.BackoffSeconds < 1 || p.BackoffSeconds > 86400:
		return Policy{}, fmt.Errorf("settings.provisioning.backoff_seconds must be 1–86400, got %d", p.BackoffSeconds)
	case p.BackoffMaxSeconds < p.BackoffSeconds || p.BackoffMaxSeconds > 7*86400:
		return Policy{}, fmt.Errorf("settings.provisioning.backoff_max_seconds must be between backoff_seconds and 604800, got %d", p.BackoffMaxSeconds)
	}
	switch p.AutoRefundUnfulfillable {
	case RefundNone, RefundCredit, RefundGateway:
	default:
		return Policy{}, fmt.Errorf(`settings.provisioning.auto_refund_unfulfillable must be "none", "credit" or "gateway", got %q`, p.AutoRefundUnfulfillable)
	}
	return p, nil
}

// LoadPolicy reads the app's settings.provisioning.
func LoadPolicy(app core.App) (Policy, error) {
	rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return Policy{}, fmt.Errorf("provisioning: no settings: %w", err)
	}
	return ParsePolicy([]byte(rec.GetString(collections.CompanySettingsFields.Provisioning)))
}

func (p Policy) backoffBase() time.Duration { return time.Duration(p.BackoffSeconds) * time.Second }
func (p Policy) backoffMax() time.Duration  { return time.Duration(p.BackoffMaxSeconds) * time.Second }
