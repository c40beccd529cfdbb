package paypalfake

import (
	"net/http"
	"unicode/utf8"
)

// errorBody is PayPal's error response
// (https://developer.paypal.com/api/rest/responses/).
type errorBody struct {
	Name    string        `json:"name"`
	Message string        `json:"message"`
	DebugID string        `json:"debug_id"`
	Details []errorDetail `json:"details,omitempty"`
	Links   []link        `json:"links,omitempty"`
}

type errorDetail struct {
	Field       string `json:"field,omitempty"`
	Issue       string `json:"issue"`
	Description string `json:"description,omitempty"`
}

// Messages PayPal gives with each error name.
const (
	msgInvalidRequest = "Request is not well-formed, syntactically incorrect, or violates schema."
	msgUnprocessable  = "The requested action could not be performed, semantically incorrect, or failed business validation."
	msgNotFound       = "The specified resource does not exist."
)

// writeError answers PayPal's error body; issue and description, when set,
// become its one detail.
func writeError(w http.ResponseWriter, status int, name, message, issue, description string) {
	body := errorBody{Name: name, Message: message, DebugID: randomHex(13)}
	if issue != "" {
		body.Details = []errorDetail{{Issue: issue, Description: description}}
		body.Links = []link{{
			Href:   "https://developer.paypal.com/docs/api/orders/v2/#error-" + issue,
			Rel:    "information_link",
			Method: http.MethodGet,
		}}
	}
	writeJSON(w, status, body)
}

func writeUnprocessable(w http.ResponseWriter, issue, description string) {
	writeError(w, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", msgUnprocessable, issue, description)
}

func writeInvalid(w http.ResponseWriter, field, issue, description string) {
	body := errorBody{
		Name:    "INVALID_REQUEST",
		Message: msgInvalidRequest,
		DebugID: randomHex(13),
		Details: []errorDetail{{Field: field, Issue: issue, Description: description}},
	}
	writeJSON(w, http.StatusBadRequest, body)
}

func writeNotFound(w http.ResponseWriter, description string) {
	writeError(w, http.StatusNotFound, "RESOURCE_NOT_FOUND", msgNotFound, "INVALID_RESOURCE_ID", description)
}

// writeServerError answers a 5xx the way PayPal does.
func writeServerError(w http.ResponseWriter, status int) {
	name, message := "INTERNAL_SERVER_ERROR", "An internal server error has occurred."
	if status == http.StatusServiceUnavailable {
		name, message = "SERVICE_UNAVAILABLE", "Service Unavailable."
	}
	writeJSON(w, status, errorBody{Name: name, Message: message, DebugID: randomHex(13)})
}

// tooLong applies one of PayPal's maxLength limits, which count
// characters, not bytes.
func tooLong(s string, limit int) bool {
	return utf8.RuneCountInString(s) > limit
}
