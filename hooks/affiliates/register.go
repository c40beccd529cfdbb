// Package affiliates is the affiliate programme: codes and referral
// cookies, referrals at signup, commissions on paid invoices with a hold,
// reversals on refunds, and payouts to credit or by hand.
package affiliates

import "github.com/pocketbase/pocketbase/core"

// Register binds the affiliate programme's hooks, routes and jobs to app.
func Register(app core.App) {}
