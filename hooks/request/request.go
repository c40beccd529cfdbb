// Package request holds what every Hostbase route does with a request: read
// a strict JSON body, answer a 400 that names the field, read an amount of
// minor units, and tell billing staff from everyone else.
package request

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// maxBody bounds a JSON body.
const maxBody = 1 << 20

// FieldError is a 400 naming field, with a code and a message for people.
func FieldError(e *core.RequestEvent, field, code, msg string) error {
	return e.BadRequestError("Invalid "+field+".", validation.Errors{field: validation.NewError(code, msg)})
}

// ReadJSON decodes one JSON object strictly (unknown fields refused),
// keeping numbers exact; a malformed body is a 400 on "body", or on the
// field of the wrong type.
func ReadJSON(e *core.RequestEvent, dst any) error {
	raw, err := io.ReadAll(io.LimitReader(e.Request.Body, maxBody))
	if err != nil {
		return e.BadRequestError("Cannot read the request body.", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		field := "body"
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			field = te.Field
		}
		return FieldError(e, field, "validation_invalid_json", "The body must be a JSON object with the documented fields: "+err.Error())
	}
	if dec.More() {
		return FieldError(e, "body", "validation_invalid_json", "The body must be one JSON object.")
	}
	return nil
}

// MinorUnits reads a JSON number (not a string that looks like one) that
// must be a whole number of minor units.
func MinorUnits(e *core.RequestEvent, field string, raw json.RawMessage) (int64, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, FieldError(e, field, "validation_required", "Give an amount in minor units (cents), e.g. 1250 for 12.50.")
	}
	if s[0] != '-' && (s[0] < '0' || s[0] > '9') {
		return 0, FieldError(e, field, "validation_not_a_number", "Must be a JSON number of minor units (cents), e.g. 1250, not a string.")
	}
	v, err := json.Number(s).Int64()
	if err != nil {
		return 0, FieldError(e, field, "validation_not_minor_units", fmt.Sprintf("%s is not a whole number of minor units (cents).", s))
	}
	return v, nil
}

// IsBillingStaff reports whether the request comes from a superuser or an
// active admin or billing member of staff.
func IsBillingStaff(e *core.RequestEvent) bool {
	if e.HasSuperuserAuth() {
		return true
	}
	if e.Auth == nil || e.Auth.Collection().Name != collections.Staff {
		return false
	}
	s := collections.WrapStaffMember(e.Auth)
	return s.Active() && (s.Role() == collections.StaffMemberRoleAdmin || s.Role() == collections.StaffMemberRoleBilling)
}

// IsStaff reports whether the request comes from a superuser or any active
// member of staff.
func IsStaff(e *core.RequestEvent) bool {
	if e.HasSuperuserAuth() {
		return true
	}
	if e.Auth == nil || e.Auth.Collection().Name != collections.Staff {
		return false
	}
	return collections.WrapStaffMember(e.Auth).Active()
}

// CustomerID is the id of the customer asking, "" when the request is not
// a customer's.
func CustomerID(e *core.RequestEvent) string {
	if e.Auth == nil || e.Auth.Collection().Name != collections.Customers {
		return ""
	}
	return e.Auth.Id
}

// Actor names who is asking, for audit rows and job records:
// "staff:<id>", "customers:<id>", "_superusers:<id>" or "".
func Actor(e *core.RequestEvent) (collection, id string) {
	if e.Auth == nil {
		return "", ""
	}
	return e.Auth.Collection().Name, e.Auth.Id
}
