package tax

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidParty is returned (wrapped with the reason) by Resolve for a
// buyer or seller whose country is not an ISO 3166-1 alpha-2 code.
var ErrInvalidParty = errors.New("tax: invalid party")

// ErrVATIDRejected is the reason in Applied.CheckError when the VATChecker
// answered that a well-formed VAT number is not valid (not registered, or
// no longer).
var ErrVATIDRejected = errors.New("tax: VAT ID rejected by the VAT number check")

// ErrVATCheck is the reason in Applied.CheckError when the VATChecker failed
// (VIES down, a timeout); the checker's own error is wrapped too.
var ErrVATCheck = errors.New("tax: VAT number check failed")

// Party is the seller or the buyer of an invoice, as far as tax cares.
type Party struct {
	// Country is the ISO 3166-1 alpha-2 code of the party's address, in any
	// case. The buyer's is required; the seller's may be empty (then there
	// is no reverse charge).
	Country string

	// State is the state or province ("TX", "QC"), "" if none.
	State string

	// VATID is the party's VAT number as typed, with or without its country
	// prefix; only the buyer's is used (for the EU reverse charge).
	VATID string

	// Exempt is set for a buyer the shop does not charge tax (a charity, a
	// reseller with an exemption certificate); it is ignored for the
	// seller.
	Exempt bool
}

// VATChecker checks that a VAT number exists, for example with the European
// Commission's VIES service. countryCode is the VAT prefix ("DE", and "EL"
// for Greece) and vatNumber the number without it, normalized by
// NormalizeVATID ("123456789").
type VATChecker interface {
	Check(ctx context.Context, countryCode, vatNumber string) (valid bool, err error)
}

// Options are the shop's tax settings that Resolve needs.
type Options struct {
	// ReverseCharge enables the EU business-to-business reverse charge (the
	// eu_reverse_charge setting).
	ReverseCharge bool

	// Checker, when not nil, must confirm a buyer's VAT number before it is
	// reverse charged. When nil (the default) a well-formed number is
	// enough.
	Checker VATChecker
}

// Resolve decides which taxes a buyer pays to a seller, given the shop's tax
// rules. It returns an error only for bad input (a buyer country that is not
// an ISO 3166-1 alpha-2 code, an invalid rule, two rules claiming the same
// tax); a failed VAT number check is not an error (see below).
//
// In this order:
//
//   - A buyer with Exempt set pays no tax: Applied.Exempt.
//   - With opts.ReverseCharge, a seller in an EU member state selling to a
//     buyer in a different member state whose VATID is well-formed for the
//     buyer's country (NormalizeVATID) and, when opts.Checker is set,
//     confirmed by it, pays no tax: Applied.ReverseCharge, with
//     Applied.Notice (ReverseChargeNotice) and Applied.BuyerVATID. When
//     the number is malformed, rejected by the checker or the checker
//     fails, the buyer is taxed as a consumer and Applied.CheckError says
//     why.
//   - Otherwise the rules that apply to the buyer's country and state are
//     applied (a business in the seller's own country is taxed like a
//     consumer; a buyer outside the EU pays only the rules of their country
//     and the AnyCountry ones, usually none).
//
// Rule matching: a rule applies when its Country is the buyer's (or
// AnyCountry) and its State is "" or the buyer's, both compared
// case-insensitively. When several applying rules have the same Priority
// and the same Name (case-insensitively), only the most specific applies: a
// State rule over a country-wide rule over an AnyCountry rule. So
// {US, "", "Sales tax", 0%} and {US, TX, "Sales tax", 6.25%} charge a Texan
// 6.25% and a Californian nothing, and a {*, "", "VAT", 20%} fallback is
// replaced by {DE, "", "VAT", 19%} for a German buyer. Rules with different
// names or priorities all apply, e.g. {CA, "", "GST", 5%, priority 1} and
// {CA, QC, "QST", 9.5%, compound, priority 2} for a buyer in Quebec. Two applying
// rules of the same Priority, Name and specificity are an error
// (ErrInvalidRule) rather than a tax charged twice. Every rule given is
// validated, whether it applies or not. The applied rules are ordered by
// Priority, then Name, then ID.
func Resolve(ctx context.Context, seller, buyer Party, rules []Rule, opts Options) (Applied, error) {
	country := strings.ToUpper(strings.TrimSpace(buyer.Country))
	if !isCountryCode(country) {
		return Applied{}, fmt.Errorf("%w: the buyer's country %q must be an ISO 3166-1 alpha-2 code", ErrInvalidParty, buyer.Country)
	}
	sellerCountry := strings.ToUpper(strings.TrimSpace(seller.Country))
	if sellerCountry != "" && !isCountryCode(sellerCountry) {
		return Applied{}, fmt.Errorf("%w: the seller's country %q must be an ISO 3166-1 alpha-2 code", ErrInvalidParty, seller.Country)
	}
	for i, r := range rules {
		if err := r.validate(i); err != nil {
			return Applied{}, err
		}
	}

	if buyer.Exempt {
		return Applied{Exempt: true}, nil
	}

	var applied Applied
	if opts.ReverseCharge && IsEU(sellerCountry) && IsEU(country) &&
		sellerCountry != country && strings.TrimSpace(buyer.VATID) != "" {
		id, err := reverseChargeID(ctx, country, buyer.VATID, opts.Checker)
		if err == nil {
			return Applied{ReverseCharge: true, Notice: ReverseChargeNotice, BuyerVATID: id}, nil
		}
		applied.CheckError = err
	}

	matched, err := match(rules, country, buyer.State)
	if err != nil {
		return Applied{}, err
	}
	applied.rules = matched
	return applied, nil
}

// reverseChargeID returns the normalized VAT number of a buyer in an EU
// country (a valid, upper-case code) if it qualifies for the reverse charge,
// or why not.
func reverseChargeID(ctx context.Context, country, vatID string, checker VATChecker) (string, error) {
	id, err := NormalizeVATID(country, vatID)
	if err != nil {
		return "", err
	}
	if checker == nil {
		return id, nil
	}
	prefix := euMembers[country]
	valid, err := checker.Check(ctx, prefix, id[len(prefix):])
	switch {
	case err != nil:
		return "", fmt.Errorf("%w for %s: %w", ErrVATCheck, id, err)
	case !valid:
		return "", fmt.Errorf("%w: %s", ErrVATIDRejected, id)
	}
	return id, nil
}
