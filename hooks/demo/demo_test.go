package demo_test

import (
	"errors"
	"io"
	"log"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/demo"
	"github.com/ezscale/hostbase/hooks/money"
	_ "github.com/ezscale/hostbase/pb_migrations"
)

// seedNow is the moment the tests seed at.
var seedNow = time.Date(2026, time.March, 10, 9, 30, 0, 0, time.UTC)

const customerPassword = "demo-customer-pass-1"

// migratedDir is a data directory with every migration applied, made once
// by TestMain: migrating the whole schema takes seconds, cloning it
// milliseconds.
var migratedDir string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	empty, err := os.MkdirTemp("", "hostbase_demo_*")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(empty)
	base, err := tests.NewTestApp(empty)
	if err != nil {
		log.Fatal(err)
	}
	defer base.Cleanup()
	// Close the databases so that the clones see every page.
	base.ResetBootstrapState()
	migratedDir = base.DataDir()
	return m.Run()
}

// newApp returns a fresh, migrated and empty app of its own.
func newApp(t *testing.T) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(migratedDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	return app
}

// rowCounts counts the records of every domain collection and of superusers.
func rowCounts(t *testing.T, app core.App) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, name := range append([]string{core.CollectionNameSuperusers}, collections.Names...) {
		n, err := app.CountRecords(name)
		if err != nil {
			t.Fatalf("count %s: %v", name, err)
		}
		out[name] = n
	}
	return out
}

func count(t *testing.T, app core.App, collection string, exprs ...dbx.Expression) int64 {
	t.Helper()
	n, err := app.CountRecords(collection, exprs...)
	if err != nil {
		t.Fatalf("count %s: %v", collection, err)
	}
	return n
}

func diffCounts(t *testing.T, before, after map[string]int64) {
	t.Helper()
	for name, n := range before {
		if after[name] != n {
			t.Errorf("%s: %d rows before, %d after", name, n, after[name])
		}
	}
}

// TestSeedDemoShop seeds a fresh database once and checks what an operator
// and the storefront would read back, then that a second seed is refused.
func TestSeedDemoShop(t *testing.T) {
	app := newApp(t)
	before := rowCounts(t, app)

	res, err := demo.Seed(app, demo.Options{
		Passwords: map[string]string{demo.CustomerEmail: customerPassword},
		Now:       seedNow,
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	after := rowCounts(t, app)

	t.Run("counts read back from the database", func(t *testing.T) {
		atLeast := map[string]int64{
			collections.Products: 14, collections.ProductGroups: 4, collections.Currencies: 3,
			collections.TaxRules: 9, collections.Coupons: 3, collections.Staff: 3, collections.Customers: 1,
			collections.ConfigOptions: 4, collections.ConfigOptionValues: 9, collections.Addons: 4,
			collections.ServerGroups: 4, collections.TicketDepartments: 4, collections.KBCategories: 3,
			collections.KBArticles: 4, collections.Announcements: 1,
		}
		for name, min := range atLeast {
			if after[name] < min {
				t.Errorf("%s: %d records, want at least %d", name, after[name], min)
			}
		}
		exactly := map[string]int64{
			collections.ProductGroups: 4, collections.Currencies: 3, collections.Staff: 3,
			collections.Customers: 1, collections.Settings: 1,
			// the defaults are embedded (emails/): a record would override one
			collections.EmailTemplates: 0,
		}
		for name, n := range exactly {
			if after[name] != n {
				t.Errorf("%s: %d records, want exactly %d", name, after[name], n)
			}
		}
		if after[core.CollectionNameSuperusers] != before[core.CollectionNameSuperusers] {
			t.Error("a superuser was created")
		}
		// Result.Counts agrees with the database for created collections.
		for _, name := range []string{collections.Products, collections.TaxRules, collections.Coupons, collections.KBArticles} {
			if int64(res.Counts[name]) != after[name]-before[name] {
				t.Errorf("Result.Counts[%s] = %d, database grew by %d", name, res.Counts[name], after[name]-before[name])
			}
		}
	})

	t.Run("every product is priced in USD, EUR and GBP", func(t *testing.T) {
		records, err := app.FindAllRecords(collections.Products)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range records {
			p := collections.WrapProduct(r)
			pricing, err := money.ParsePricing(p.PricingJSON())
			if err != nil {
				t.Errorf("%s: pricing does not parse: %v", p.Slug(), err)
				continue
			}
			for _, code := range []string{"USD", "EUR", "GBP"} {
				cycles := pricing.Cycles(code)
				if len(cycles) < 3 {
					t.Errorf("%s: %s has %d cycles, want at least monthly, quarterly and annual", p.Slug(), code, len(cycles))
				}
				monthly, ok := pricing.Lookup(code, money.Monthly)
				if !ok || monthly.Price <= 0 {
					t.Errorf("%s: %s has no positive monthly price: %+v", p.Slug(), code, monthly)
					continue
				}
				for _, c := range []money.Cycle{money.Quarterly, money.Annual} {
					if _, ok := pricing.Lookup(code, c); !ok {
						t.Errorf("%s: %s has no %s price", p.Slug(), code, c)
					}
				}
				// A longer commitment never costs more per month.
				for _, c := range cycles {
					price := pricing[code][c]
					if price.Price <= 0 || price.Setup < 0 {
						t.Errorf("%s: %s %s: %+v", p.Slug(), code, c, price)
					}
					if price.Price > monthly.Price*int64(c.Months()) {
						t.Errorf("%s: %s %s costs %d, more than %d months at %d", p.Slug(), code, c, price.Price, c.Months(), monthly.Price)
					}
				}
			}
			if p.Kind() == collections.ProductKindDedicated {
				if price, _ := pricing.Lookup("USD", money.Monthly); price.Setup <= 0 {
					t.Errorf("%s: dedicated server without a setup fee", p.Slug())
				}
			}
			if p.Provisioner() == "" || p.ServerGroupID() == "" || p.GroupID() == "" {
				t.Errorf("%s: provisioner %q, server group %q, group %q", p.Slug(), p.Provisioner(), p.ServerGroupID(), p.GroupID())
			}
			var features []string
			if err := p.UnmarshalFeatures(&features); err != nil || len(features) < 3 {
				t.Errorf("%s: features %v (%v)", p.Slug(), features, err)
			}
			var config map[string]any
			if err := p.UnmarshalProvisionerConfig(&config); err != nil || len(config) == 0 {
				t.Errorf("%s: provisioner_config %v (%v)", p.Slug(), config, err)
			}
			if p.DescriptionHTML() != "" {
				t.Errorf("%s: description_html set by the seeder", p.Slug())
			}
		}
	})

	t.Run("stock, visibility and featured products", func(t *testing.T) {
		outOfStock := count(t, app, collections.Products, dbx.HashExp{
			collections.ProductFields.TrackStock: true, collections.ProductFields.Stock: 0,
		})
		if outOfStock != 1 {
			t.Errorf("%d products out of stock, want 1", outOfStock)
		}
		if n := count(t, app, collections.Products, dbx.HashExp{collections.ProductFields.Hidden: true}); n != 1 {
			t.Errorf("%d hidden products, want 1", n)
		}
		if n := count(t, app, collections.Products, dbx.HashExp{collections.ProductFields.Featured: true}); n < 3 || n > 4 {
			t.Errorf("%d featured products, want 3 or 4", n)
		}
		if n := count(t, app, collections.Products, dbx.HashExp{
			collections.ProductFields.Kind:       string(collections.ProductKindDedicated),
			collections.ProductFields.TrackStock: true,
			collections.ProductFields.AutoSetup:  string(collections.ProductAutoSetupManual),
		}); n != 3 {
			t.Errorf("%d stock-tracked, manually set up dedicated servers, want 3", n)
		}
		vps, err := app.FindFirstRecordByData(collections.ProductGroups, collections.ProductGroupFields.Slug, "cloud-vps")
		if err != nil {
			t.Fatalf("group cloud-vps: %v", err)
		}
		if n := count(t, app, collections.Products, dbx.HashExp{collections.ProductFields.Group: vps.Id}); n < 4 {
			t.Errorf("cloud-vps has %d products, want at least 4", n)
		}
	})

	t.Run("configurable options and add-ons are priced and linked", func(t *testing.T) {
		options, err := app.FindAllRecords(collections.ConfigOptions)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]*collections.ConfigOption{}
		for _, r := range options {
			o := collections.WrapConfigOption(r)
			byName[o.Name()] = o
			if len(o.ProductIDs()) == 0 {
				t.Errorf("option %q is linked to no product", o.Name())
			}
			values, err := app.FindAllRecords(collections.ConfigOptionValues, dbx.HashExp{collections.ConfigOptionValueFields.Option: o.Id})
			if err != nil {
				t.Fatal(err)
			}
			defaults := 0
			for _, vr := range values {
				v := collections.WrapConfigOptionValue(vr)
				if _, err := money.ParsePricing(v.PricingJSON()); err != nil {
					t.Errorf("%s / %s: pricing: %v", o.Name(), v.Label(), err)
				}
				if v.ProvisionerValue() == "" {
					t.Errorf("%s / %s: no provisioner value", o.Name(), v.Label())
				}
				if v.IsDefault() {
					defaults++
				}
			}
			if len(values) == 0 || defaults != 1 {
				t.Errorf("option %q: %d values, %d defaults; want values and exactly one default", o.Name(), len(values), defaults)
			}
		}
		for _, name := range []string{"RAM", "IPv4 addresses", "Operating System", "Backups"} {
			if byName[name] == nil {
				t.Errorf("option %q missing", name)
			}
		}

		addons, err := app.FindAllRecords(collections.Addons)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range addons {
			a := collections.WrapAddon(r)
			pricing, err := money.ParsePricing(a.PricingJSON())
			if err != nil || len(pricing.Currencies()) != 3 {
				t.Errorf("addon %q: pricing %v (%v)", a.Name(), pricing, err)
			}
			if len(a.ProductIDs()) == 0 || a.ProvisionerKey() == "" {
				t.Errorf("addon %q: products %v, provisioner key %q", a.Name(), a.ProductIDs(), a.ProvisionerKey())
			}
		}
	})

	t.Run("currencies, settings, taxes and coupons", func(t *testing.T) {
		if n := count(t, app, collections.Currencies, dbx.HashExp{collections.CurrencyFields.Active: true}); n != 3 {
			t.Errorf("%d active currencies, want 3", n)
		}
		usd, err := app.FindFirstRecordByData(collections.Currencies, collections.CurrencyFields.Code, "USD")
		if err != nil {
			t.Fatal(err)
		}
		if c := collections.WrapCurrency(usd); !c.IsDefault() || c.RateNano() != 1_000_000_000 || c.Decimals() != 2 {
			t.Errorf("USD: default %v, rate %d, decimals %d", c.IsDefault(), c.RateNano(), c.Decimals())
		}
		eur, err := app.FindFirstRecordByData(collections.Currencies, collections.CurrencyFields.Code, "EUR")
		if err != nil {
			t.Fatal(err)
		}
		if c := collections.WrapCurrency(eur); c.RateNano() != 920_000_000 || c.Symbol() != "€" || c.IsDefault() {
			t.Errorf("EUR: rate %d, symbol %q, default %v", c.RateNano(), c.Symbol(), c.IsDefault())
		}

		settings, err := app.FindAllRecords(collections.Settings)
		if err != nil {
			t.Fatal(err)
		}
		st := collections.WrapCompanySettings(settings[0])
		if st.CompanyName() != demo.DefaultCompanyName || st.Timezone() != "Europe/Berlin" || st.CompanyCountry() != "DE" {
			t.Errorf("settings: %q, %q, %q", st.CompanyName(), st.Timezone(), st.CompanyCountry())
		}
		var gateways map[string]bool
		if err := st.UnmarshalGateways(&gateways); err != nil || !gateways["stripe"] || !gateways["paypal"] || !gateways["credit"] || !gateways["manual"] {
			t.Errorf("gateways %v (%v)", gateways, err)
		}

		de, err := app.FindFirstRecordByData(collections.TaxRules, collections.TaxRuleFields.Country, "DE")
		if err != nil {
			t.Fatal(err)
		}
		if r := collections.WrapTaxRule(de); r.RateBP() != 1900 || !r.Active() || r.Name() != "VAT" {
			t.Errorf("DE: %d bp, active %v, %q", r.RateBP(), r.Active(), r.Name())
		}
		tx, err := app.FindFirstRecordByData(collections.TaxRules, collections.TaxRuleFields.State, "TX")
		if err != nil {
			t.Fatal(err)
		}
		if r := collections.WrapTaxRule(tx); r.RateBP() != 625 || r.Country() != "US" {
			t.Errorf("TX: %d bp, %s", r.RateBP(), r.Country())
		}

		coupons, err := app.FindAllRecords(collections.Coupons)
		if err != nil {
			t.Fatal(err)
		}
		expired := 0
		for _, r := range coupons {
			c := collections.WrapCoupon(r)
			if !c.Active() {
				t.Errorf("coupon %s inactive", c.Code())
			}
			if !c.ExpiresAt().IsZero() && c.ExpiresAt().Time().Before(seedNow) {
				expired++
			}
			if c.Code() == "SAVE5" {
				var amounts map[string]int64
				if err := c.UnmarshalAmounts(&amounts); err != nil || amounts["USD"] != 500 || amounts["GBP"] != 400 {
					t.Errorf("SAVE5 amounts %v (%v)", amounts, err)
				}
				if c.RecurringCycles() != 3 || len(c.ProductIDs()) < 4 {
					t.Errorf("SAVE5: %d cycles, %d products", c.RecurringCycles(), len(c.ProductIDs()))
				}
			}
		}
		if expired != 1 {
			t.Errorf("%d expired coupons, want 1", expired)
		}
	})

	t.Run("people can log in", func(t *testing.T) {
		customer, err := app.FindAuthRecordByEmail(collections.Customers, demo.CustomerEmail)
		if err != nil {
			t.Fatal(err)
		}
		acct, ok := res.Account(demo.CustomerEmail)
		if !ok || acct.Password != customerPassword || acct.Role != demo.RoleCustomer {
			t.Fatalf("customer account in result: %+v, %v", acct, ok)
		}
		c := collections.WrapCustomer(customer)
		if !customer.ValidatePassword(acct.Password) || !customer.Verified() || c.Status() != collections.CustomerStatusActive {
			t.Errorf("customer: password ok %v, verified %v, status %s", customer.ValidatePassword(acct.Password), customer.Verified(), c.Status())
		}
		if c.Country() != "DE" || c.Currency() != "EUR" || c.AddressLine1() == "" || c.City() == "" || c.Postcode() == "" {
			t.Errorf("customer address: %q %q %q %q %q", c.AddressLine1(), c.Postcode(), c.City(), c.Country(), c.Currency())
		}

		wantDepts := map[string][]string{
			demo.AdminEmail: nil, demo.BillingEmail: {"billing"}, demo.SupportEmail: {"support", "abuse"},
		}
		wantRoles := map[string]collections.StaffMemberRole{
			demo.AdminEmail: collections.StaffMemberRoleAdmin, demo.BillingEmail: collections.StaffMemberRoleBilling,
			demo.SupportEmail: collections.StaffMemberRoleSupport,
		}
		for email, role := range wantRoles {
			r, err := app.FindAuthRecordByEmail(collections.Staff, email)
			if err != nil {
				t.Fatalf("staff %s: %v", email, err)
			}
			m := collections.WrapStaffMember(r)
			acct, ok := res.Account(email)
			if !ok || len(acct.Password) != 16 || acct.Role != string(role) {
				t.Errorf("%s in result: %+v", email, acct)
			}
			if m.Role() != role || !m.Active() || !r.Verified() || !r.ValidatePassword(acct.Password) {
				t.Errorf("%s: role %s, active %v, verified %v, password ok %v", email, m.Role(), m.Active(), r.Verified(), r.ValidatePassword(acct.Password))
			}
			var slugs []string
			for _, id := range m.DepartmentIDs() {
				d, err := collections.FindTicketDepartment(app, id)
				if err != nil {
					t.Fatal(err)
				}
				slugs = append(slugs, d.Slug())
			}
			if strings.Join(slugs, ",") != strings.Join(wantDepts[email], ",") {
				t.Errorf("%s: departments %v, want %v", email, slugs, wantDepts[email])
			}
		}
		a1, _ := res.Account(demo.AdminEmail)
		a2, _ := res.Account(demo.SupportEmail)
		if a1.Password == a2.Password {
			t.Error("two random passwords are equal")
		}
	})

	t.Run("support content", func(t *testing.T) {
		abuse, err := app.FindFirstRecordByData(collections.TicketDepartments, collections.TicketDepartmentFields.Slug, "abuse")
		if err != nil || !collections.WrapTicketDepartment(abuse).Hidden() {
			t.Errorf("abuse department hidden: %v", err)
		}
		published := count(t, app, collections.KBArticles, dbx.HashExp{collections.KBArticleFields.Status: string(collections.KBArticleStatusPublished)})
		drafts := count(t, app, collections.KBArticles, dbx.HashExp{collections.KBArticleFields.Status: string(collections.KBArticleStatusDraft)})
		if published < 4 || drafts != 1 {
			t.Errorf("%d published articles and %d drafts, want at least 4 and 1", published, drafts)
		}
		articles, err := app.FindAllRecords(collections.KBArticles)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range articles {
			a := collections.WrapKBArticle(r)
			if a.BodyHTML() != "" || len(a.Body()) < 200 {
				t.Errorf("%s: body %d bytes, body_html %q", a.Slug(), len(a.Body()), a.BodyHTML())
			}
			if a.Status() == collections.KBArticleStatusPublished && (a.PublishedAt().IsZero() || a.PublishedAt().Time().After(seedNow)) {
				t.Errorf("%s: published at %v", a.Slug(), a.PublishedAt())
			}
		}
		live := count(t, app, collections.Announcements, dbx.And(
			dbx.HashExp{collections.AnnouncementFields.Published: true},
			dbx.NewExp("["+collections.AnnouncementFields.PublishAt+"] <= {:now}", dbx.Params{"now": seedNow.Format(time.DateTime)}),
		))
		if live != 1 {
			t.Errorf("%d announcements published in the past, want 1", live)
		}
	})

	t.Run("result prints every account and a summary", func(t *testing.T) {
		out := res.String()
		for _, a := range res.Accounts {
			if !strings.Contains(out, a.Email) || !strings.Contains(out, a.Password) {
				t.Errorf("output lacks %s or its password:\n%s", a.Email, out)
			}
		}
		if len(res.Accounts) != 4 || res.Accounts[0].Email != demo.CustomerEmail {
			t.Errorf("accounts: %+v", res.Accounts)
		}
		if !strings.Contains(out, "14 products") || strings.Count(strings.TrimSpace(res.Summary()), "\n") != 0 {
			t.Errorf("summary: %q", res.Summary())
		}
		if err := res.Print(io.Discard); err != nil {
			t.Error(err)
		}
		t.Log("\n" + out)
	})

	t.Run("a second seed is refused and writes nothing", func(t *testing.T) {
		again, err := demo.Seed(app, demo.Options{Now: seedNow})
		if !errors.Is(err, demo.ErrNotEmpty) || again != nil {
			t.Fatalf("second seed: %v, %v; want ErrNotEmpty", again, err)
		}
		diffCounts(t, after, rowCounts(t, app))
	})
}

// TestSeedRollsBackOnError proves that a seed failing half-way leaves the
// database as it was, and that seeding then works with a custom brand.
func TestSeedRollsBackOnError(t *testing.T) {
	app := newApp(t)
	before := rowCounts(t, app)

	// Too short for the staff collection's password field: the admin's save
	// fails after the catalog has been written inside the transaction.
	_, err := demo.Seed(app, demo.Options{Passwords: map[string]string{demo.AdminEmail: "short"}, Now: seedNow})
	if err == nil || errors.Is(err, demo.ErrNotEmpty) {
		t.Fatalf("seed with a bad password: %v; want a validation error", err)
	}
	if !strings.Contains(err.Error(), demo.AdminEmail) {
		t.Errorf("error does not name the account: %v", err)
	}
	diffCounts(t, before, rowCounts(t, app))
	usd, err := app.FindFirstRecordByData(collections.Currencies, collections.CurrencyFields.Code, "USD")
	if err != nil {
		t.Fatal(err)
	}
	if collections.WrapCurrency(usd).Symbol() != "$" {
		t.Error("USD changed")
	}
	settings, err := app.FindAllRecords(collections.Settings)
	if err != nil {
		t.Fatal(err)
	}
	if name := collections.WrapCompanySettings(settings[0]).CompanyName(); name == demo.DefaultCompanyName {
		t.Errorf("settings were updated by a failed seed: %q", name)
	}

	res, err := demo.Seed(app, demo.Options{CompanyName: "Acme Cloud"})
	if err != nil {
		t.Fatalf("seed after rollback: %v", err)
	}
	settings, err = app.FindAllRecords(collections.Settings)
	if err != nil {
		t.Fatal(err)
	}
	if name := collections.WrapCompanySettings(settings[0]).CompanyName(); name != "Acme Cloud" || res.Company != "Acme Cloud" {
		t.Errorf("company %q, result %q; want Acme Cloud", name, res.Company)
	}
	for _, a := range res.Accounts {
		if len(a.Password) != 16 {
			t.Errorf("%s: random password of %d characters", a.Email, len(a.Password))
		}
	}
}
