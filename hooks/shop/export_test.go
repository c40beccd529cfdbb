package shop

import "github.com/pocketbase/pocketbase/core"

// CrashAfterOrderCommit makes app's checkout call fn between the order's
// commit and the payment's start, standing for a crash there when fn
// returns an error.
func CrashAfterOrderCommit(app core.App, fn func(order string) error) {
	app.Store().Set(afterOrderCommitKey, fn)
}
