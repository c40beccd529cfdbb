package demo

import (
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// DefaultCompanyName is the brand of the demo shop when Options.CompanyName
// is empty.
const DefaultCompanyName = "Northwind Hosting"

// ErrNotEmpty is returned by Seed, which then writes nothing, when the
// database already has at least one product.
var ErrNotEmpty = errors.New("demo: the catalog already has products; demo data is only seeded into an empty shop")

// Options adjusts what Seed writes. The zero value seeds the standard demo
// shop with random passwords.
type Options struct {
	// CompanyName is the shop's brand; empty means DefaultCompanyName.
	CompanyName string

	// Passwords maps an account's email (see Result.Accounts) to the
	// password it gets, for tests and scripted demos. Accounts missing from
	// the map, or mapped to "", get a random 16-character password.
	Passwords map[string]string

	// Now is the moment the demo content is dated from (publication dates of
	// articles and announcements); zero means the current time. Seed reads
	// the clock at most once.
	Now time.Time

	// ExamplePanelDir, when set, has the Cloud VPS plans provisioned by the
	// example plugin instead of VirtFusion, on one server whose panel keeps
	// its servers in this directory (it must exist): a demo, or a browser
	// test, that goes from an order to a running server without a real
	// panel.
	ExamplePanelDir string
}

// Seed writes the demo shop into app's database in one transaction and
// returns the accounts it created, with their plaintext passwords, and how
// many records it wrote per collection.
//
// It returns ErrNotEmpty, writing nothing, if any product exists. On any
// other error the transaction is rolled back and nothing is written either.
// The currencies and the settings record that the migrations create are
// updated rather than duplicated. No superuser is created.
func Seed(app core.App, opts Options) (*Result, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	company := opts.CompanyName
	if company == "" {
		company = DefaultCompanyName
	}

	var res *Result
	err := app.RunInTransaction(func(txApp core.App) error {
		n, err := txApp.CountRecords(collections.Products)
		if err != nil {
			return fmt.Errorf("demo: count products: %w", err)
		}
		if n > 0 {
			return ErrNotEmpty
		}

		s := &seeder{
			app:          txApp,
			now:          now.UTC(),
			company:      company,
			passwords:    opts.Passwords,
			examplePanel: opts.ExamplePanelDir,
			res:          &Result{Company: company, Counts: map[string]int{}},
			groups:       map[string]string{},
			serverGroups: map[string]string{},
			products:     map[string]*collections.Product{},
			departments:  map[string]string{},
		}
		for _, step := range []func() error{
			s.currencies,
			s.settings,
			s.serverGroupsStep,
			s.productGroups,
			s.productsStep,
			s.configOptions,
			s.addons,
			s.taxRules,
			s.coupons,
			s.ticketDepartments,
			s.staff,
			s.customer,
			s.knowledgeBase,
			s.announcements,
		} {
			if err := step(); err != nil {
				return err
			}
		}
		res = s.res
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// seeder carries the state of one Seed run. Every read and write goes
// through app, the transaction's app.
type seeder struct {
	app       core.App
	now       time.Time
	company   string
	passwords map[string]string
	res       *Result
	// examplePanel is Options.ExamplePanelDir.
	examplePanel string

	groups       map[string]string               // product group slug → id
	serverGroups map[string]string               // provisioner → server group id
	products     map[string]*collections.Product // slug → saved product
	departments  map[string]string               // department slug → id
}

// save saves a record through the transaction's app, so that hooks and
// validation run, and counts it under its collection.
func (s *seeder) save(r core.RecordProxy, label string) error {
	rec := r.ProxyRecord()
	name := rec.Collection().Name
	if err := s.app.Save(rec); err != nil {
		return fmt.Errorf("demo: save %s %q: %w", name, label, err)
	}
	s.res.Counts[name]++
	return nil
}

// productIDs returns the ids of the saved products of the given kinds, in
// catalog order.
func (s *seeder) productIDs(kinds ...collections.ProductKind) []string {
	var ids []string
	for _, spec := range catalog {
		for _, k := range kinds {
			if spec.kind == k {
				ids = append(ids, s.products[spec.slug].Id)
			}
		}
	}
	return ids
}

// productIDsBySlug returns the ids of the saved products with the given
// slugs.
func (s *seeder) productIDsBySlug(slugs ...string) []string {
	ids := make([]string, 0, len(slugs))
	for _, slug := range slugs {
		ids = append(ids, s.products[slug].Id)
	}
	return ids
}
