package demo

import (
	"crypto/rand"
	"fmt"
	"math/big"

	"github.com/ezscale/hostbase/collections"
)

// Emails of the demo accounts, the keys of Options.Passwords.
const (
	CustomerEmail = "demo@example.com"
	AdminEmail    = "admin@example.com"
	BillingEmail  = "billing@example.com"
	SupportEmail  = "support@example.com"
)

// RoleCustomer is the Account.Role of the demo customer.
const RoleCustomer = "customer"

// passwordLength is the length of a generated password.
const passwordLength = 16

// passwordAlphabet leaves out characters that are easily misread (0/O, 1/l/I).
const passwordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

// randomPassword returns passwordLength characters drawn uniformly from
// passwordAlphabet with crypto/rand.
func randomPassword() (string, error) {
	max := big.NewInt(int64(len(passwordAlphabet)))
	b := make([]byte, passwordLength)
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", fmt.Errorf("demo: random password: %w", err)
		}
		b[i] = passwordAlphabet[n.Int64()]
	}
	return string(b), nil
}

// password returns the password Options gives email, or a random one.
func (s *seeder) password(email string) (string, error) {
	if pw := s.passwords[email]; pw != "" {
		return pw, nil
	}
	return randomPassword()
}

var staffSpecs = []struct {
	email, name, signature string
	role                   collections.StaffMemberRole
	departments            []string // department slugs
	notify                 bool
}{
	{AdminEmail, "Miriam Keller", "Miriam Keller\nManaging Director", collections.StaffMemberRoleAdmin, nil, false},
	{BillingEmail, "Jonas Weber", "Jonas Weber\nBilling Team", collections.StaffMemberRoleBilling, []string{"billing"}, true},
	{SupportEmail, "Sofia Novak", "Sofia Novak\nSupport Engineer", collections.StaffMemberRoleSupport, []string{"support", "abuse"}, true},
}

// staff creates one active, verified member of staff per role. Admins see
// every department, so the admin has none of their own.
func (s *seeder) staff() error {
	for _, spec := range staffSpecs {
		pw, err := s.password(spec.email)
		if err != nil {
			return err
		}
		m, err := collections.NewStaffMember(s.app)
		if err != nil {
			return err
		}
		m.SetEmail(spec.email)
		m.SetVerified(true)
		m.SetPassword(pw)
		m.SetName(spec.name)
		m.SetRole(spec.role)
		m.SetActive(true)
		m.SetSignature(spec.signature + "\n" + s.company)
		m.SetNotifyNewTickets(spec.notify)
		depts := make([]string, 0, len(spec.departments))
		for _, slug := range spec.departments {
			depts = append(depts, s.departments[slug])
		}
		m.SetDepartmentIDs(depts)
		if err := s.save(m, spec.email); err != nil {
			return err
		}
		s.res.Accounts = append(s.res.Accounts, Account{
			Collection: collections.Staff, Email: spec.email, Name: spec.name,
			Role: string(spec.role), Password: pw,
		})
	}
	return nil
}

// customer creates the demo customer: a small German web agency paying in
// EUR, active and verified, so that it can log in at once.
func (s *seeder) customer() error {
	pw, err := s.password(CustomerEmail)
	if err != nil {
		return err
	}
	c, err := collections.NewCustomer(s.app)
	if err != nil {
		return err
	}
	const name = "Anna Schmidt"
	c.SetEmail(CustomerEmail)
	c.SetVerified(true)
	c.SetPassword(pw)
	c.SetName(name)
	c.SetCompany("Schmidt Webdesign UG")
	c.SetAddressLine1("Hauptstraße 5")
	c.SetAddressLine2("Hinterhaus")
	c.SetCity("Berlin")
	c.SetState("Berlin")
	c.SetPostcode("10827")
	c.SetCountry("DE")
	c.SetPhone("+49 30 5550 1234")
	c.SetCurrency("EUR")
	c.SetStatus(collections.CustomerStatusActive)
	c.SetLanguage("en")
	if err := s.save(c, CustomerEmail); err != nil {
		return err
	}
	// The customer is listed first: it is the account a demo starts with.
	s.res.Accounts = append([]Account{{
		Collection: collections.Customers, Email: CustomerEmail, Name: name,
		Role: RoleCustomer, Password: pw,
	}}, s.res.Accounts...)
	return nil
}
