package affiliates

import (
	"strings"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// signupReferrer is the affiliate a signup request was referred by ("" for
// none): the hb_ref cookie within its window, of an active affiliate of an
// open programme, and not a self-referral. A signup is the affiliate's own
// when its email is the affiliate's (ignoring case and a "+tag"), or when
// it comes from a browser the affiliate used signed in (hb_vid).
func signupReferrer(e *core.RecordRequestEvent) (string, error) {
	prog, err := LoadProgramme(e.App)
	if err != nil || !prog.Enabled {
		return "", err
	}
	claim, ok := refOf(e.RequestEvent, prog, time.Now())
	if !ok {
		return "", nil
	}
	aff, ok, err := findActive(e.App, "id", claim.Affiliate)
	if err != nil || !ok {
		return "", err
	}
	if aff.visitedBy(visitorOf(e.RequestEvent)) {
		return "", nil
	}
	owner, err := collections.FindCustomer(e.App, aff.Customer)
	if err != nil {
		return "", err
	}
	if SameMailbox(owner.Email(), e.Record.Email()) {
		return "", nil
	}
	return aff.ID, nil
}

// SameMailbox reports whether two addresses reach the same person:
// compared without case and without a "+tag" in the local part.
func SameMailbox(a, b string) bool {
	na, nb := mailbox(a), mailbox(b)
	return na != "" && na == nb
}

func mailbox(addr string) string {
	local, domain, ok := strings.Cut(strings.ToLower(strings.TrimSpace(addr)), "@")
	if !ok {
		return ""
	}
	local, _, _ = strings.Cut(local, "+")
	return local + "@" + domain
}

// markReferred sets referred_by on a customer signing up through the API
// (a password signup or an OAuth2 one) from the request's cookie. The
// collection's create rule refuses referred_by in a visitor's body: only
// this server-side step sets it. A customer staff create is no signup: the
// cookie of staff's own browser refers nobody.
func markReferred(e *core.RecordRequestEvent) error {
	if e.Auth == nil && e.Record.GetString(collections.CustomerFields.ReferredBy) == "" {
		affiliate, err := signupReferrer(e)
		if err != nil {
			e.App.Logger().Warn("affiliates: signup referral", "error", err)
		} else if affiliate != "" {
			e.Record.Set(collections.CustomerFields.ReferredBy, affiliate)
		}
	}
	return e.Next()
}

// recordReferralOnCreate writes the referral of a customer created with a
// referrer in the same transaction as the customer.
func recordReferralOnCreate(e *core.RecordEvent) error {
	affiliate := e.Record.GetString(collections.CustomerFields.ReferredBy)
	if affiliate == "" {
		return e.Next()
	}
	return inTransaction(e, func(txApp core.App) error { return addReferral(txApp, affiliate, e.Record.Id) })
}

// guardReferrerOnUpdate keeps a customer's referrer for good once set (one
// referrer per customer), refuses the customer's own affiliate account, and
// records the referral when staff set the first one.
func guardReferrerOnUpdate(e *core.RecordEvent) error {
	f := collections.CustomerFields
	before, after := e.Record.Original().GetString(f.ReferredBy), e.Record.GetString(f.ReferredBy)
	if before == after {
		return e.Next()
	}
	// A record saved again right after its creation (an OAuth2 signup marks
	// the email verified) still shows its state before the creation as the
	// original: the referral row says what is recorded.
	recorded, ok, err := referralOf(e.App, e.Record.Id)
	if err != nil {
		return err
	}
	if ok && recorded.Affiliate == after {
		return e.Next()
	}
	if before != "" || ok {
		return validation.Errors{f.ReferredBy: validation.NewError("validation_referrer_fixed", "A customer's referrer never changes once recorded.")}
	}
	aff, err := collections.FindAffiliate(e.App, after)
	if err != nil {
		return validation.Errors{f.ReferredBy: validation.NewError("validation_not_found", "No such affiliate.")}
	}
	if aff.CustomerID() == e.Record.Id {
		return validation.Errors{f.ReferredBy: validation.NewError("validation_self_referral", "A customer cannot be referred by their own affiliate account.")}
	}
	return inTransaction(e, func(txApp core.App) error { return addReferral(txApp, after, e.Record.Id) })
}

// inTransaction saves the event's record and runs then inside one
// transaction.
func inTransaction(e *core.RecordEvent, then func(txApp core.App) error) error {
	outer := e.App
	defer func() { e.App = outer }()
	return outer.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		return then(txApp)
	})
}

func addReferral(txApp core.App, affiliate, customer string) error {
	ref, err := collections.NewReferral(txApp)
	if err != nil {
		return err
	}
	ref.SetAffiliateID(affiliate)
	ref.SetCustomerID(customer)
	ref.SetStatus(collections.ReferralStatusSignedUp)
	return txApp.Save(ref)
}
