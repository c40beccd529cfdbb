package paypalfake

import (
	"net/http"
	"time"
)

type capture struct {
	id       string
	orderID  string
	status   string
	currency string
	decimals int
	gross    units
	fee      units
	refunded units // by COMPLETED and PENDING refunds
	customID string
	invoice  string
	created  time.Time
	updated  time.Time
}

type captureJSON struct {
	ID                        string            `json:"id"`
	Status                    string            `json:"status"`
	Amount                    amount            `json:"amount"`
	FinalCapture              bool              `json:"final_capture"`
	SellerProtection          map[string]any    `json:"seller_protection"`
	SellerReceivableBreakdown receivableJSON    `json:"seller_receivable_breakdown"`
	CustomID                  string            `json:"custom_id,omitempty"`
	InvoiceID                 string            `json:"invoice_id,omitempty"`
	SupplementaryData         map[string]any    `json:"supplementary_data"`
	Links                     []link            `json:"links"`
	CreateTime                string            `json:"create_time"`
	UpdateTime                string            `json:"update_time"`
	StatusDetails             map[string]string `json:"status_details,omitempty"`
}

type receivableJSON struct {
	GrossAmount amount `json:"gross_amount"`
	PayPalFee   amount `json:"paypal_fee"`
	NetAmount   amount `json:"net_amount"`
}

// DeclineNextCapture makes the next capture of an approved order answer
// 422 INSTRUMENT_DECLINED; the order stays APPROVED (at PayPal the buyer
// would be sent back to pick another funding source).
func (s *Server) DeclineNextCapture() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.declineNext++
}

// HoldNextCapture makes the next capture end PENDING (status_details
// reason PENDING_REVIEW), as PayPal does when it reviews a payment: the
// order is COMPLETED but no money has moved until ReleaseCapture.
func (s *Server) HoldNextCapture() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdNext++
}

// ReleaseCapture completes a held capture (PayPal would now send
// PAYMENT.CAPTURE.COMPLETED); it reports whether there was one.
func (s *Server) ReleaseCapture(captureID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.captures[captureID]
	if !ok || c.status != capturePending {
		return false
	}
	c.status, c.updated = statusCompleted, time.Now().UTC()
	return true
}

// capturePending is the status of a held capture.
const capturePending = "PENDING"

func (s *Server) captureOrder(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[r.PathValue("id")]
	if !ok {
		writeNotFound(w, "Specified resource ID does not exist. Please check the resource ID and try again.")
		return
	}
	switch o.status {
	case statusCompleted:
		writeUnprocessable(w, "ORDER_ALREADY_CAPTURED", "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.")
		return
	case statusCreated:
		writeUnprocessable(w, "ORDER_NOT_APPROVED", "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.")
		return
	}
	if s.declineNext > 0 {
		s.declineNext--
		writeUnprocessable(w, "INSTRUMENT_DECLINED", "The instrument presented  was either declined by the processor or bank, or it can't be used for this payment.")
		return
	}
	_, decimals, _ := parseValue(*o.unit.Amount)
	now := time.Now().UTC()
	c := &capture{
		id:       randomID(17),
		orderID:  o.id,
		status:   statusCompleted,
		currency: o.unit.Amount.CurrencyCode,
		decimals: decimals,
		gross:    o.units,
		fee:      feeOf(o.units, decimals),
		customID: o.unit.CustomID,
		invoice:  o.unit.InvoiceID,
		created:  now,
		updated:  now,
	}
	if s.holdNext > 0 {
		s.holdNext--
		c.status = capturePending
	}
	s.captures[c.id] = c
	o.captureID = c.id
	o.status = statusCompleted
	writeJSON(w, http.StatusCreated, s.orderJSON(o))
}

func (s *Server) showCapture(w http.ResponseWriter, r *http.Request) {
	show(s, w, s.captures, r.PathValue("id"), s.captureJSON)
}

// show answers GET of one stored resource, or PayPal's 404.
func show[T, J any](s *Server, w http.ResponseWriter, stored map[string]T, id string, render func(T) J) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := stored[id]
	if !ok {
		writeNotFound(w, "Specified resource ID does not exist. Please check the resource ID and try again.")
		return
	}
	writeJSON(w, http.StatusOK, render(v))
}

func (s *Server) captureJSON(c *capture) captureJSON {
	self := s.URL() + "/v2/payments/captures/" + c.id
	var statusDetails map[string]string
	if c.status == capturePending {
		statusDetails = map[string]string{"reason": "PENDING_REVIEW"}
	}
	return captureJSON{
		ID:           c.id,
		Status:       c.status,
		Amount:       formatValue(c.gross, c.currency),
		FinalCapture: true,
		SellerProtection: map[string]any{
			"status":             "ELIGIBLE",
			"dispute_categories": []string{"ITEM_NOT_RECEIVED", "UNAUTHORIZED_TRANSACTION"},
		},
		SellerReceivableBreakdown: receivableJSON{
			GrossAmount: formatValue(c.gross, c.currency),
			PayPalFee:   formatValue(c.fee, c.currency),
			NetAmount:   formatValue(c.gross-c.fee, c.currency),
		},
		CustomID:          c.customID,
		InvoiceID:         c.invoice,
		SupplementaryData: map[string]any{"related_ids": map[string]string{"order_id": c.orderID}},
		Links: []link{
			{Href: self, Rel: "self", Method: http.MethodGet},
			{Href: self + "/refund", Rel: "refund", Method: http.MethodPost},
			{Href: s.URL() + "/v2/checkout/orders/" + c.orderID, Rel: "up", Method: http.MethodGet},
		},
		CreateTime:    c.created.Format(time.RFC3339),
		UpdateTime:    c.updated.Format(time.RFC3339),
		StatusDetails: statusDetails,
	}
}
