// Package affiliates is the affiliate programme: codes and referral
// cookies, referrals at signup, commissions on paid invoices with a hold,
// reversals on refunds, and payouts to credit or by hand. Its policy is
// settings.affiliates (Programme).
//
// The rules, each with its test:
//
//   - A customer activates an account (POST /api/hb/affiliate/activate) and
//     gets a random readable code, or one they chose; codes are unique
//     without regard to case. Activating again answers the same account.
//   - ?ref=CODE on any page the app serves outside /api and /_/ (and
//     GET /api/hb/affiliate/click?ref=CODE) sets hb_ref for cookie_days and
//     counts one click per visitor (hb_vid), affiliate and UTC day. The
//     first click within the window wins: a later link does not take the
//     referral over. An unknown or suspended code does nothing.
//   - A signup through the API (password or OAuth2) with a live hb_ref is
//     referred: referred_by is set by the server and the referral row is
//     written in the customer's transaction. Not when the email is the
//     affiliate's (case and +tags aside) or the browser is one the
//     affiliate used signed in. A referrer never changes once recorded.
//   - The first paid invoice (every one, with every_invoice) of a referred
//     customer earns a pending commission held hold_days (Compute: basis
//     points rounded half-even, per-product overrides); the daily billing
//     run approves it after the hold. A refund within the hold reduces it in
//     proportion, a full refund or a chargeback reverses it; after the hold
//     it is the company's risk.
//   - Payouts move every approved commission of a currency: to account
//     credit at once (one credit_ledger entry), or by hand, for billing
//     staff to mark paid or reject; never below min_payout.
//   - Every figure the affiliate sees (GET /api/hb/affiliate) comes from
//     aggregate queries; billing staff suspend an affiliate or give them
//     their own commission (PATCH /api/hb/affiliates/{id}).
package affiliates
