package affiliates

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// Account is an affiliate account as its owner sees it.
type Account struct {
	ID     string `json:"id"`
	Code   string `json:"code"`
	Status string `json:"status"`
	Link   string `json:"link"`
}

func viewOf(app core.App, aff *collections.Affiliate) Account {
	return Account{ID: aff.Id, Code: aff.Code(), Status: string(aff.Status()), Link: referralLink(app, aff.Code())}
}

// referralLink is the storefront link that carries code.
func referralLink(app core.App, code string) string {
	return strings.TrimRight(storefrontURL(app), "/") + "/?ref=" + code
}

// activate is POST /api/hb/affiliate/activate (a customer): it opens the
// customer's affiliate account with a random code, or the code they chose
// ({"code": "..."}). Activating again answers the account they have,
// whatever code is asked for.
func activate(e *core.RequestEvent) error {
	customerID := request.CustomerID(e)
	var body struct {
		Code string `json:"code"`
	}
	if e.Request.ContentLength != 0 {
		if err := request.ReadJSON(e, &body); err != nil {
			return err
		}
	}
	body.Code = strings.TrimSpace(body.Code)
	prog, err := LoadProgramme(e.App)
	if err != nil {
		return e.InternalServerError("The affiliate programme's settings cannot be read.", err)
	}
	if !prog.Enabled {
		return e.ForbiddenError("The affiliate programme is closed: no new affiliate accounts are opened.", nil)
	}
	customer, err := collections.FindCustomer(e.App, customerID)
	if err != nil {
		return e.NotFoundError("", err)
	}
	if s := customer.Status(); s == collections.CustomerStatusFraud || s == collections.CustomerStatusClosed {
		return e.ForbiddenError("This account cannot open an affiliate account.", nil)
	}
	if aff, err := affiliateOf(e.App, customerID); err != nil {
		return err
	} else if aff != nil {
		return answerAccount(e, aff)
	}
	if body.Code != "" {
		if msg := CheckCode(body.Code); msg != "" {
			return request.FieldError(e, "code", "validation_invalid_code", msg)
		}
		if taken, err := codeTaken(e.App, body.Code); err != nil {
			return err
		} else if taken {
			return request.FieldError(e, "code", "validation_code_taken", "This code is taken; choose another.")
		}
	}
	for range 5 {
		code := body.Code
		if code == "" {
			code = NewCode()
		}
		aff, err := collections.NewAffiliate(e.App)
		if err != nil {
			return err
		}
		aff.SetCustomerID(customerID)
		aff.SetCode(code)
		aff.SetStatus(collections.AffiliateStatusActive)
		aff.SetPayoutMethod(collections.AffiliatePayoutMethod(prog.PayoutMethods[0]))
		saveErr := e.App.Save(aff)
		if saveErr == nil {
			return answerAccount(e, aff)
		}
		// A unique index refused it: the customer activated meanwhile (a
		// double click), or the code was taken.
		if existing, err := affiliateOf(e.App, customerID); err != nil {
			return err
		} else if existing != nil {
			return answerAccount(e, existing)
		}
		if taken, err := codeTaken(e.App, code); err != nil || !taken {
			return e.InternalServerError("The affiliate account could not be opened.", saveErr)
		}
		if body.Code != "" {
			return request.FieldError(e, "code", "validation_code_taken", "This code is taken; choose another.")
		}
	}
	return e.InternalServerError("No free affiliate code was found; try again.", nil)
}

func answerAccount(e *core.RequestEvent, aff *collections.Affiliate) error {
	if err := rememberVisitor(e.App, aff, ensureVisitor(e)); err != nil {
		e.App.Logger().Warn("affiliates: remember visitor", "error", err)
	}
	return e.JSON(http.StatusOK, viewOf(e.App, aff))
}

func codeTaken(app core.App, code string) (bool, error) {
	var n int
	err := app.DB().NewQuery("SELECT count(*) FROM {{" + collections.Affiliates + "}} WHERE [[" + collections.AffiliateFields.Code + "]] = {:c} COLLATE NOCASE").
		Bind(map[string]any{"c": code}).Row(&n)
	return n > 0, err
}
