package paypal

import (
	"net/url"
	"path"
	"strings"
)

// The parts of PayPal's resources this gateway reads. The same capture and
// refund shapes come back from the API and inside webhook events.

type linkJSON struct {
	Href string `json:"href"`
	Rel  string `json:"rel"`
}

type statusDetailsJSON struct {
	Reason string `json:"reason"`
}

type captureJSON struct {
	ID                        string             `json:"id"`
	Status                    string             `json:"status"`
	StatusDetails             *statusDetailsJSON `json:"status_details"`
	Amount                    *moneyJSON         `json:"amount"`
	CustomID                  string             `json:"custom_id"`
	InvoiceID                 string             `json:"invoice_id"`
	SellerReceivableBreakdown *struct {
		PayPalFee *moneyJSON `json:"paypal_fee"`
	} `json:"seller_receivable_breakdown"`
	CreateTime string `json:"create_time"`
}

type orderJSON struct {
	ID            string `json:"id"`
	Status        string `json:"status"`
	PurchaseUnits []struct {
		CustomID string     `json:"custom_id"`
		Amount   *moneyJSON `json:"amount"`
		Payments *struct {
			Captures []captureJSON `json:"captures"`
		} `json:"payments"`
	} `json:"purchase_units"`
}

type refundJSON struct {
	ID            string             `json:"id"`
	Status        string             `json:"status"`
	StatusDetails *statusDetailsJSON `json:"status_details"`
	Amount        *moneyJSON         `json:"amount"`
	CustomID      string             `json:"custom_id"`
	Links         []linkJSON         `json:"links"`
}

// capturedID is the id of the capture a refund belongs to, from its link
// rel "up" (…/v2/payments/captures/{id}).
func (r refundJSON) capturedID() string {
	for _, l := range r.Links {
		if l.Rel != "up" {
			continue
		}
		u, err := url.Parse(l.Href)
		if err != nil {
			return ""
		}
		dir, id := path.Split(strings.TrimRight(u.Path, "/"))
		if strings.HasSuffix(dir, "/captures/") {
			return id
		}
	}
	return ""
}
