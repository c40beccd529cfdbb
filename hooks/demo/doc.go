// Package demo seeds a realistic demo shop, "Northwind Hosting", into an
// empty Hostbase database: currencies, company settings, a catalog of VPS,
// dedicated, web hosting and game server plans with configurable options and
// add-ons, EU VAT and US sales tax rules, coupons, support departments, a
// knowledge base, announcements, one demo customer and one member of staff
// per role. Email templates are not seeded: the defaults are embedded in
// emails/, and a record would only override one.
//
// It backs the `hostbase demo` command. Everything is written in one
// transaction through the typed proxies of package collections and app.Save,
// so the hooks and validation of a running Hostbase apply to the demo data as
// to any other; a database that already has products is left untouched.
//
//	res, err := demo.Seed(app, demo.Options{})
//	if errors.Is(err, demo.ErrNotEmpty) {
//		return errors.New("the shop already has a catalog; not seeding demo data")
//	}
//	if err != nil {
//		return err
//	}
//	res.Print(os.Stdout) // the accounts and their passwords, shown once
package demo
