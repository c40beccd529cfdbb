// Package pb_migrations holds Hostbase's Go migrations: the collections, their
// fields, indexes and API rules, and the default data a fresh install needs.
//
// The initial schema is declared as a table of collectionSpec values, one file
// per family (schema_*.go), and applied by the first migration. Those files are
// part of a migration: once released they never change. A later schema change
// is a new migration file with its own up and down.
package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// collectionSpec declares one collection of the initial schema.
type collectionSpec struct {
	name      string
	auth      bool
	fields    []core.Field
	relations []relationSpec
	indexes   []indexSpec
	rules     ruleSet
	// configure adjusts type-specific options (auth methods, MFA, tokens).
	configure func(c *core.Collection)
}

// relationSpec is a relation field, added once every collection exists so
// that collections may reference each other in any order.
type relationSpec struct {
	name     string
	target   string
	required bool
	// cascade deletes this record when the target is deleted. It is never set
	// on a money record's relations: an invoice, item, transaction or ledger
	// entry is never deleted by a cascade.
	cascade bool
	multi   bool
	help    string
}

type indexSpec struct {
	unique  bool
	columns string
	where   string
}

// ruleSet holds a collection's API rules; nil means superusers only.
type ruleSet struct {
	list, view, create, update, delete *string
	// auth collections only
	auth, manage *string
}

// Rule fragments. Staff rules require an active staff account, so that
// deactivating a member of staff takes effect on their next request.
const (
	isCustomer = `@request.auth.collectionName = "customers"`
	isStaff    = `(@request.auth.collectionName = "staff" && @request.auth.active = true)`
	isAdmin    = `(@request.auth.collectionName = "staff" && @request.auth.active = true && @request.auth.role = "admin")`
	isBilling  = `(@request.auth.collectionName = "staff" && @request.auth.active = true && (@request.auth.role = "admin" || @request.auth.role = "billing"))`
	isSupport  = `(@request.auth.collectionName = "staff" && @request.auth.active = true && (@request.auth.role = "admin" || @request.auth.role = "support"))`
)

// ownedBy is true for a customer whose id is in the given field path.
func ownedBy(path string) string {
	return "(" + isCustomer + " && " + path + " = @request.auth.id)"
}

// anyOf joins rule fragments with OR.
func anyOf(parts ...string) *string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += " || "
		}
		s += p
	}
	return types.Pointer(s)
}

func rule(s string) *string { return types.Pointer(s) }

// public is the rule that lets everyone, anonymous visitors included, through.
var public = types.Pointer("")

var zero = 0.0

func ptr(f float64) *float64 { return &f }

func text(name string, max int) *core.TextField {
	return &core.TextField{Name: name, Max: max}
}

func requiredText(name string, max int) *core.TextField {
	return &core.TextField{Name: name, Max: max, Required: true}
}

func patterned(name, pattern string, required bool) *core.TextField {
	return &core.TextField{Name: name, Pattern: pattern, Required: required}
}

// longText is for markdown and rendered HTML bodies.
func longText(name string) *core.TextField {
	return &core.TextField{Name: name, Max: 200000}
}

// hiddenText is for values only superusers may see through the API
// (encrypted credentials, reply tokens).
func hiddenText(name string) *core.TextField {
	return &core.TextField{Name: name, Max: 20000, Hidden: true}
}

// currencyCode is an ISO 4217 code; hooks check it against the currency table.
func currencyCode(name string, required bool) *core.TextField {
	return &core.TextField{Name: name, Pattern: `^[A-Z]{3}$`, Min: 3, Max: 3, Required: required}
}

// countryCode is an ISO 3166-1 alpha-2 code.
func countryCode(name string, required bool) *core.TextField {
	return &core.TextField{Name: name, Pattern: `^[A-Z]{2}$`, Min: 2, Max: 2, Required: required}
}

// money is a non-negative amount in minor units.
func money(name string) *core.NumberField {
	return &core.NumberField{Name: name, OnlyInt: true, Min: &zero}
}

// signedMoney is an amount in minor units that may be negative
// (discount lines, ledger entries).
func signedMoney(name string) *core.NumberField {
	return &core.NumberField{Name: name, OnlyInt: true}
}

func integer(name string, min, max *float64) *core.NumberField {
	return &core.NumberField{Name: name, OnlyInt: true, Min: min, Max: max}
}

// basisPoints is a rate in hundredths of a percent (20% = 2000).
func basisPoints(name string) *core.NumberField {
	return &core.NumberField{Name: name, OnlyInt: true, Min: &zero, Max: ptr(10000)}
}

func boolean(name string) *core.BoolField { return &core.BoolField{Name: name} }

func date(name string) *core.DateField { return &core.DateField{Name: name} }

func jsonField(name string, maxSize int64) *core.JSONField {
	return &core.JSONField{Name: name, MaxSize: maxSize}
}

func enum(name string, required bool, values ...string) *core.SelectField {
	return &core.SelectField{Name: name, Values: values, MaxSelect: 1, Required: required}
}

func enumMulti(name string, values ...string) *core.SelectField {
	return &core.SelectField{Name: name, Values: values, MaxSelect: len(values)}
}

func email(name string, required bool) *core.EmailField {
	return &core.EmailField{Name: name, Required: required}
}

func url(name string) *core.URLField { return &core.URLField{Name: name} }

// timestamps are the created/updated autodate fields every collection has.
func timestamps() []core.Field {
	return []core.Field{
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	}
}

// cycles are the billing cycles of the catalog (see hooks/money).
var cycles = []string{"monthly", "quarterly", "semiannual", "annual", "biennial", "triennial", "one_time"}

// serviceStatuses is the service lifecycle of DESIGN.md.
var serviceStatuses = []string{"pending", "provisioning", "active", "suspended", "terminated", "cancelled", "failed"}

func idx(unique bool, columns string) indexSpec { return indexSpec{unique: unique, columns: columns} }

func partialIdx(unique bool, columns, where string) indexSpec {
	return indexSpec{unique: unique, columns: columns, where: where}
}

// applySchema creates the given collections in three passes: plain fields,
// then relations and indexes, then rules (which may reach through relations
// of other collections).
func applySchema(app core.App, specs []collectionSpec) error {
	for _, s := range specs {
		var c *core.Collection
		if s.auth {
			c = core.NewAuthCollection(s.name)
		} else {
			c = core.NewBaseCollection(s.name)
		}
		for _, f := range s.fields {
			c.Fields.Add(f)
		}
		for _, f := range timestamps() {
			c.Fields.Add(f)
		}
		if s.configure != nil {
			s.configure(c)
		}
		// Auth collections start with PocketBase's default rules; nothing is
		// open until the rules pass sets them.
		c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
		if err := app.Save(c); err != nil {
			return fmt.Errorf("create collection %s: %w", s.name, err)
		}
	}

	for _, s := range specs {
		c, err := app.FindCollectionByNameOrId(s.name)
		if err != nil {
			return err
		}
		for _, r := range s.relations {
			target, err := app.FindCollectionByNameOrId(r.target)
			if err != nil {
				return fmt.Errorf("%s.%s: relation target %s: %w", s.name, r.name, r.target, err)
			}
			f := &core.RelationField{
				Name:          r.name,
				CollectionId:  target.Id,
				Required:      r.required,
				CascadeDelete: r.cascade,
				MaxSelect:     1,
				Help:          r.help,
			}
			if r.multi {
				f.MaxSelect = 999
			}
			c.Fields.Add(f)
		}
		for i, ix := range s.indexes {
			name := fmt.Sprintf("idx_%s_%d", s.name, i+1)
			if ix.unique {
				name = fmt.Sprintf("uq_%s_%d", s.name, i+1)
			}
			c.AddIndex(name, ix.unique, ix.columns, ix.where)
		}
		if err := app.Save(c); err != nil {
			return fmt.Errorf("relations and indexes of %s: %w", s.name, err)
		}
	}

	for _, s := range specs {
		c, err := app.FindCollectionByNameOrId(s.name)
		if err != nil {
			return err
		}
		c.ListRule, c.ViewRule = s.rules.list, s.rules.view
		c.CreateRule, c.UpdateRule, c.DeleteRule = s.rules.create, s.rules.update, s.rules.delete
		if s.auth {
			c.AuthRule, c.ManageRule = s.rules.auth, s.rules.manage
		}
		if err := app.Save(c); err != nil {
			return fmt.Errorf("rules of %s: %w", s.name, err)
		}
	}
	return nil
}

// dropSchema reverses applySchema: relations and rules first (collections
// reference each other), then the collections themselves.
func dropSchema(app core.App, specs []collectionSpec) error {
	for _, s := range specs {
		c, err := app.FindCollectionByNameOrId(s.name)
		if err != nil {
			continue
		}
		c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
		if c.IsAuth() {
			c.AuthRule, c.ManageRule = nil, nil
		}
		for i := range s.indexes {
			c.RemoveIndex(fmt.Sprintf("idx_%s_%d", s.name, i+1))
			c.RemoveIndex(fmt.Sprintf("uq_%s_%d", s.name, i+1))
		}
		for _, r := range s.relations {
			c.Fields.RemoveByName(r.name)
		}
		if c.IsAuth() {
			c.MFA.Rule = ""
		}
		if err := app.Save(c); err != nil {
			return fmt.Errorf("drop relations of %s: %w", s.name, err)
		}
	}
	for i := len(specs) - 1; i >= 0; i-- {
		c, err := app.FindCollectionByNameOrId(specs[i].name)
		if err != nil {
			continue
		}
		if err := app.Delete(c); err != nil {
			return fmt.Errorf("drop collection %s: %w", specs[i].name, err)
		}
	}
	return nil
}
