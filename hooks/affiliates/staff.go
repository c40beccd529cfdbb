package affiliates

import (
	"encoding/json"
	"errors"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// affiliateUpdate is what billing staff may change of an affiliate: its
// status (suspend, reinstate) and its own commission instead of the
// programme's (commission_kind "" removes it).
type affiliateUpdate struct {
	Status          *string          `json:"status"`
	CommissionKind  *string          `json:"commission_kind"`
	CommissionBP    *int64           `json:"commission_bp"`
	CommissionFixed map[string]int64 `json:"commission_fixed"`
}

// updateAffiliate is PATCH /api/hb/affiliates/{id}, for billing staff.
func updateAffiliate(e *core.RequestEvent) error {
	if !request.IsBillingStaff(e) {
		return e.ForbiddenError("Only billing staff change affiliates.", nil)
	}
	aff, err := collections.FindAffiliate(e.App, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("No such affiliate.", nil)
	}
	var body affiliateUpdate
	if err := request.ReadJSON(e, &body); err != nil {
		return err
	}
	f := collections.AffiliateFields
	if body.Status != nil {
		aff.Set(f.Status, *body.Status)
	}
	if body.CommissionKind != nil {
		aff.Set(f.CommissionKind, *body.CommissionKind)
	}
	if body.CommissionBP != nil {
		aff.Set(f.CommissionBP, *body.CommissionBP)
	}
	if body.CommissionFixed != nil {
		aff.SetCommissionFixed(body.CommissionFixed)
	}
	if err := e.App.Save(aff); err != nil {
		var verrs validation.Errors
		if errors.As(err, &verrs) {
			return e.BadRequestError("Invalid affiliate.", verrs)
		}
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, aff)
}

// validateAffiliate checks an affiliate's own commission, whoever saves it
// (the dashboard, staff's route, our code): a fixed one names amounts of
// minor units per currency.
func validateAffiliate(e *core.RecordEvent) error {
	aff := collections.WrapAffiliate(e.Record)
	if aff.CommissionKind() == collections.AffiliateCommissionKindFixed || hasJSON(aff.CommissionFixedJSON()) {
		var fixed map[string]int64
		r := Rule{Kind: KindFixed}
		if err := json.Unmarshal(orEmptyRaw(aff.CommissionFixedJSON()), &fixed); err != nil {
			return validation.Errors{collections.AffiliateFields.CommissionFixed: validation.NewError("validation_invalid_amounts", `Give whole minor units per currency, e.g. {"USD": 500}.`)}
		}
		r.Fixed = fixed
		if err := r.Validate(); err != nil {
			return validation.Errors{collections.AffiliateFields.CommissionFixed: validation.NewError("validation_invalid_amounts", err.Error())}
		}
		if aff.CommissionKind() == collections.AffiliateCommissionKindFixed && len(fixed) == 0 {
			return validation.Errors{collections.AffiliateFields.CommissionFixed: validation.NewError("validation_required", `A fixed commission needs an amount per currency, e.g. {"USD": 500}.`)}
		}
	}
	return e.Next()
}

// validateProductCommission checks a product's affiliate_commission.
func validateProductCommission(e *core.RecordEvent) error {
	raw := collections.WrapProduct(e.Record).AffiliateCommissionJSON()
	if _, _, err := ParseRule(raw); err != nil {
		return validation.Errors{collections.ProductFields.AffiliateCommission: validation.NewError("validation_invalid_commission",
			`Give {"kind":"percent","percent_bp":1500} or {"kind":"fixed","fixed":{"USD":500}}: `+err.Error())}
	}
	return e.Next()
}

// validateProgramme checks settings.affiliates when the settings are saved.
func validateProgramme(e *core.RecordEvent) error {
	if _, err := ParseProgramme(collections.WrapCompanySettings(e.Record).AffiliatesJSON()); err != nil {
		return validation.Errors{collections.CompanySettingsFields.Affiliates: validation.NewError("validation_invalid_affiliates", err.Error())}
	}
	return e.Next()
}

func hasJSON(raw []byte) bool {
	s := string(raw)
	return s != "" && s != "null" && s != "{}"
}

func orEmptyRaw(raw []byte) []byte {
	if !hasJSON(raw) {
		return []byte("{}")
	}
	return raw
}
