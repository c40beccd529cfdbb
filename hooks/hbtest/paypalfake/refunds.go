package paypalfake

import (
	"net/http"
	"time"
)

// Refund statuses (Payments v2).
const (
	refundCompleted = "COMPLETED"
	refundPending   = "PENDING"
	refundFailed    = "FAILED"
)

type refund struct {
	id          string
	captureID   string
	status      string
	currency    string
	value       units
	customID    string
	invoiceID   string
	noteToPayer string
	created     time.Time
}

type refundRequest struct {
	Amount      *amount `json:"amount"`
	CustomID    string  `json:"custom_id"`
	InvoiceID   string  `json:"invoice_id"`
	NoteToPayer string  `json:"note_to_payer"`
}

type refundJSON struct {
	ID                     string            `json:"id"`
	Status                 string            `json:"status"`
	StatusDetails          map[string]string `json:"status_details,omitempty"`
	Amount                 amount            `json:"amount"`
	CustomID               string            `json:"custom_id,omitempty"`
	InvoiceID              string            `json:"invoice_id,omitempty"`
	NoteToPayer            string            `json:"note_to_payer,omitempty"`
	SellerPayableBreakdown map[string]amount `json:"seller_payable_breakdown"`
	Links                  []link            `json:"links"`
	CreateTime             string            `json:"create_time"`
	UpdateTime             string            `json:"update_time"`
}

// NextRefundStatus makes the next refund end in status "PENDING" or
// "FAILED" instead of "COMPLETED". A failed refund returns no money, so it
// does not count against the capture.
func (s *Server) NextRefundStatus(status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refundStatus = append(s.refundStatus, status)
}

func (s *Server) refundCapture(w http.ResponseWriter, r *http.Request) {
	var req refundRequest
	if !decodeBody(w, r, &req) {
		return
	}
	requestID := r.Header.Get("PayPal-Request-Id")

	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.captures[r.PathValue("id")]
	if !ok {
		writeNotFound(w, "Specified resource ID does not exist. Please check the resource ID and try again.")
		return
	}
	key := c.id + "\x00" + requestID
	if id, ok := s.refundByKey[key]; ok && requestID != "" {
		writeJSON(w, http.StatusOK, s.refundJSON(s.refunds[id]))
		return
	}

	remaining := c.gross - c.refunded
	value := remaining // no amount refunds what is left
	if req.Amount != nil {
		if req.Amount.CurrencyCode != c.currency {
			writeUnprocessable(w, "CURRENCY_MISMATCH", "The currency of the refund must match the currency of the capture ("+c.currency+").")
			return
		}
		n, _, issue := parseValue(*req.Amount)
		if issue == "" && n == 0 {
			issue = "CANNOT_BE_ZERO_OR_NEGATIVE"
		}
		if issue != "" {
			writeUnprocessable(w, issue, "The amount "+req.Amount.Value+" "+req.Amount.CurrencyCode+" is not valid.")
			return
		}
		value = n
	}
	if remaining == 0 {
		writeUnprocessable(w, "CAPTURE_FULLY_REFUNDED", "The capture has already been fully refunded.")
		return
	}
	if value > remaining {
		writeUnprocessable(w, "REFUND_AMOUNT_EXCEEDED", "The refund amount must be less than or equal to the capture amount that has not yet been refunded.")
		return
	}
	if tooLong(req.NoteToPayer, 255) || tooLong(req.CustomID, 127) || tooLong(req.InvoiceID, 127) {
		writeInvalid(w, "/", "INVALID_STRING_MAX_LENGTH", "note_to_payer is at most 255 characters, custom_id and invoice_id 127.")
		return
	}

	status := refundCompleted
	if len(s.refundStatus) > 0 {
		status, s.refundStatus = s.refundStatus[0], s.refundStatus[1:]
	}
	rf := &refund{
		id:          randomID(17),
		captureID:   c.id,
		status:      status,
		currency:    c.currency,
		value:       value,
		customID:    req.CustomID,
		invoiceID:   req.InvoiceID,
		noteToPayer: req.NoteToPayer,
		created:     time.Now().UTC(),
	}
	if status != refundFailed {
		c.refunded += value
		c.status = "PARTIALLY_REFUNDED"
		if c.refunded == c.gross {
			c.status = "REFUNDED"
		}
		c.updated = rf.created
	}
	s.refunds[rf.id] = rf
	if requestID != "" {
		s.refundByKey[key] = rf.id
	}
	writeJSON(w, http.StatusCreated, s.refundJSON(rf))
}

func (s *Server) showRefund(w http.ResponseWriter, r *http.Request) {
	show(s, w, s.refunds, r.PathValue("id"), s.refundJSON)
}

func (s *Server) refundJSON(rf *refund) refundJSON {
	out := refundJSON{
		ID:          rf.id,
		Status:      rf.status,
		Amount:      formatValue(rf.value, rf.currency),
		CustomID:    rf.customID,
		InvoiceID:   rf.invoiceID,
		NoteToPayer: rf.noteToPayer,
		SellerPayableBreakdown: map[string]amount{
			"gross_amount":          formatValue(rf.value, rf.currency),
			"paypal_fee":            formatValue(0, rf.currency),
			"net_amount":            formatValue(rf.value, rf.currency),
			"total_refunded_amount": formatValue(s.captures[rf.captureID].refunded, rf.currency),
		},
		Links: []link{
			{Href: s.URL() + "/v2/payments/refunds/" + rf.id, Rel: "self", Method: http.MethodGet},
			{Href: s.URL() + "/v2/payments/captures/" + rf.captureID, Rel: "up", Method: http.MethodGet},
		},
		CreateTime: rf.created.Format(time.RFC3339),
		UpdateTime: rf.created.Format(time.RFC3339),
	}
	if rf.status == refundPending {
		out.StatusDetails = map[string]string{"reason": "ECHECK"}
	}
	return out
}
