package paypalfake

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Order statuses (Orders v2).
const (
	statusCreated   = "CREATED"
	statusApproved  = "APPROVED"
	statusCompleted = "COMPLETED"
)

type order struct {
	id        string
	status    string
	intent    string
	unit      purchaseUnitRequest
	units     units
	returnURL string
	cancelURL string
	payerID   string
	captureID string
	created   time.Time
}

type purchaseUnitRequest struct {
	ReferenceID string  `json:"reference_id,omitempty"`
	Amount      *amount `json:"amount"`
	Description string  `json:"description,omitempty"`
	CustomID    string  `json:"custom_id,omitempty"`
	InvoiceID   string  `json:"invoice_id,omitempty"`
}

type returnURLs struct {
	ReturnURL string `json:"return_url"`
	CancelURL string `json:"cancel_url"`
}

type createOrderRequest struct {
	Intent             string                `json:"intent"`
	PurchaseUnits      []purchaseUnitRequest `json:"purchase_units"`
	ApplicationContext *returnURLs           `json:"application_context"`
	PaymentSource      *struct {
		PayPal *struct {
			ExperienceContext *returnURLs `json:"experience_context"`
		} `json:"paypal"`
	} `json:"payment_source"`
}

type link struct {
	Href   string `json:"href"`
	Rel    string `json:"rel"`
	Method string `json:"method"`
}

func (s *Server) createOrder(w http.ResponseWriter, r *http.Request) {
	var req createOrderRequest
	if !decodeBody(w, r, &req) {
		return
	}
	requestID := r.Header.Get("PayPal-Request-Id")

	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.orderByRequest[requestID]; ok && requestID != "" {
		writeJSON(w, http.StatusOK, s.orderJSON(s.orders[id]))
		return
	}

	if req.Intent != "CAPTURE" {
		writeInvalid(w, "/intent", "INVALID_PARAMETER_VALUE", "The fake supports intent CAPTURE only.")
		return
	}
	if len(req.PurchaseUnits) != 1 {
		writeInvalid(w, "/purchase_units", "INVALID_ARRAY_LENGTH", "The fake takes exactly one purchase unit.")
		return
	}
	unit := req.PurchaseUnits[0]
	if unit.Amount == nil {
		writeInvalid(w, "/purchase_units/@reference_id=='default'/amount", "MISSING_REQUIRED_PARAMETER", "A required field / parameter is missing.")
		return
	}
	n, _, issue := parseValue(*unit.Amount)
	if issue == "" && n == 0 {
		issue = "CANNOT_BE_ZERO_OR_NEGATIVE"
	}
	if issue != "" {
		writeUnprocessable(w, issue, "The amount "+unit.Amount.Value+" "+unit.Amount.CurrencyCode+" is not valid.")
		return
	}
	if tooLong(unit.CustomID, 127) || tooLong(unit.InvoiceID, 127) || tooLong(unit.Description, 127) {
		writeInvalid(w, "/purchase_units/@reference_id=='default'", "INVALID_STRING_MAX_LENGTH", "custom_id, invoice_id and description are at most 127 characters.")
		return
	}
	if unit.InvoiceID != "" {
		if _, used := s.orderByInvoice[unit.InvoiceID]; used {
			writeUnprocessable(w, "DUPLICATE_INVOICE_ID", "Duplicate Invoice ID detected. To avoid a potential duplicate transaction your account setting requires that Invoice ID be unique for each transaction.")
			return
		}
	}
	if unit.ReferenceID == "" {
		unit.ReferenceID = "default"
	}

	o := &order{
		id:      randomID(17),
		status:  statusCreated,
		intent:  req.Intent,
		unit:    unit,
		units:   n,
		created: time.Now().UTC(),
	}
	// the Orders API takes the return URLs in either place (application_context is the older one)
	if ac := req.ApplicationContext; ac != nil {
		o.returnURL, o.cancelURL = ac.ReturnURL, ac.CancelURL
	}
	if ps := req.PaymentSource; ps != nil && ps.PayPal != nil && ps.PayPal.ExperienceContext != nil {
		o.returnURL, o.cancelURL = ps.PayPal.ExperienceContext.ReturnURL, ps.PayPal.ExperienceContext.CancelURL
	}
	s.orders[o.id] = o
	if requestID != "" {
		s.orderByRequest[requestID] = o.id
	}
	if unit.InvoiceID != "" {
		s.orderByInvoice[unit.InvoiceID] = o.id
	}
	writeJSON(w, http.StatusCreated, s.orderJSON(o))
}

func (s *Server) showOrder(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[r.PathValue("id")]
	if !ok {
		writeNotFound(w, "Specified resource ID does not exist. Please check the resource ID and try again.")
		return
	}
	writeJSON(w, http.StatusOK, s.orderJSON(o))
}

// ErrUnknownOrder is what Approve says of an order id the fake never made.
var ErrUnknownOrder = errors.New("paypalfake: unknown order")

// Approve is what the buyer's click on "Pay" at PayPal does: the order
// becomes APPROVED and can be captured. Approving an approved or completed
// order changes nothing.
func (s *Server) Approve(orderID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.approveLocked(orderID)
	return err
}

func (s *Server) approveLocked(orderID string) (*order, error) {
	o, ok := s.orders[orderID]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownOrder, orderID)
	}
	if o.status == statusCreated {
		o.status = statusApproved
		o.payerID = randomID(13)
	}
	return o, nil
}

// checkoutNow is the approve link: the buyer approves at once and is sent
// back to the order's return_url with ?token=ORDER&PayerID=…, as PayPal
// does.
func (s *Server) checkoutNow(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	o, err := s.approveLocked(r.URL.Query().Get("token"))
	var back, payer, id string
	if o != nil {
		back, payer, id = o.returnURL, o.payerID, o.id
	}
	s.mu.Unlock()
	if err != nil {
		http.Error(w, "This checkout session is not valid.", http.StatusNotFound)
		return
	}
	if back == "" {
		fmt.Fprintf(w, "Order %s approved. The merchant gave no return_url.\n", id)
		return
	}
	u, err := url.Parse(back)
	if err != nil {
		http.Error(w, "The merchant's return_url is not a URL.", http.StatusBadRequest)
		return
	}
	q := u.Query()
	q.Set("token", id)
	q.Set("PayerID", payer)
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// orderJSON is the order as the Orders API shows it.
func (s *Server) orderJSON(o *order) map[string]any {
	unit := map[string]any{
		"reference_id": o.unit.ReferenceID,
		"amount":       o.unit.Amount,
	}
	for k, v := range map[string]string{"description": o.unit.Description, "custom_id": o.unit.CustomID, "invoice_id": o.unit.InvoiceID} {
		if v != "" {
			unit[k] = v
		}
	}
	self := s.URL() + "/v2/checkout/orders/" + o.id
	links := []link{{Href: self, Rel: "self", Method: http.MethodGet}}
	switch o.status {
	case statusCreated:
		links = append(links,
			link{Href: s.URL() + "/checkoutnow?token=" + o.id, Rel: "approve", Method: http.MethodGet},
			link{Href: self, Rel: "update", Method: http.MethodPatch},
			link{Href: self + "/capture", Rel: "capture", Method: http.MethodPost})
	case statusApproved:
		links = append(links,
			link{Href: self, Rel: "update", Method: http.MethodPatch},
			link{Href: self + "/capture", Rel: "capture", Method: http.MethodPost})
	}
	if c, ok := s.captures[o.captureID]; ok {
		unit["payments"] = map[string]any{"captures": []captureJSON{s.captureJSON(c)}}
	}
	out := map[string]any{
		"id":             o.id,
		"intent":         o.intent,
		"status":         o.status,
		"purchase_units": []any{unit},
		"create_time":    o.created.Format(time.RFC3339),
		"links":          links,
	}
	if o.payerID != "" {
		out["payer"] = map[string]any{
			"name":          map[string]string{"given_name": "John", "surname": "Doe"},
			"email_address": "buyer@example.com",
			"payer_id":      o.payerID,
		}
	}
	return out
}
