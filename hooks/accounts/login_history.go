package accounts

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// recordLogin writes a login_history row for every successful sign-in of a
// customer or a member of staff, so that both can spot a login that was not
// theirs. A failure to write it never blocks the login.
func recordLogin(method collections.LoginRecordMethod) func(e *core.RecordAuthRequestEvent) error {
	return func(e *core.RecordAuthRequestEvent) error {
		// The first factor of an MFA login ends here with apis.ErrMFA and no
		// token: only a completed sign-in is recorded.
		if err := e.Next(); err != nil {
			return err
		}
		entry, err := collections.NewLoginRecord(e.App)
		if err != nil {
			return nil
		}
		entry.SetAuthCollection(e.Record.Collection().Name)
		entry.SetAuthRecord(e.Record.Id)
		entry.SetMethod(method)
		entry.SetSuccess(true)
		entry.SetIP(e.RealIP())
		ua := e.Request.UserAgent()
		if len(ua) > 500 {
			ua = ua[:500]
		}
		entry.SetUserAgent(ua)
		if err := e.App.Save(entry); err != nil {
			e.App.Logger().Warn("login history not written", "error", err)
		}
		return nil
	}
}
