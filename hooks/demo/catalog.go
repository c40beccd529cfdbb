package demo

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// currencySpec is a currency the demo shop sells in.
type currencySpec struct {
	code, name string
	rateNano   int64 // units per base-currency unit × 10^9
	isDefault  bool
}

var currencySpecs = []currencySpec{
	{"USD", "US Dollar", 1_000_000_000, true},
	{"EUR", "Euro", 920_000_000, false},
	{"GBP", "Pound Sterling", 790_000_000, false},
}

// currencies makes USD (the default), EUR and GBP exist and be active,
// updating a currency that exists (the migrations create USD) rather than
// adding a second one. Another currency marked default stops being it.
func (s *seeder) currencies() error {
	all, err := s.app.FindAllRecords(collections.Currencies)
	if err != nil {
		return fmt.Errorf("demo: list currencies: %w", err)
	}
	byCode := map[string]*collections.Currency{}
	for _, r := range all {
		c := collections.WrapCurrency(r)
		byCode[c.Code()] = c
	}
	for code, c := range byCode {
		if c.IsDefault() && code != currencySpecs[0].code {
			c.SetIsDefault(false)
			if err := s.save(c, code); err != nil {
				return err
			}
		}
	}

	for i, spec := range currencySpecs {
		iso, err := money.LookupCurrency(spec.code)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		c, ok := byCode[spec.code]
		if !ok {
			if c, err = collections.NewCurrency(s.app); err != nil {
				return err
			}
			c.SetCode(spec.code)
		}
		c.SetName(spec.name)
		c.SetSymbol(iso.Symbol)
		c.SetSymbolAfter(false)
		c.SetDecimals(int64(iso.Decimals))
		c.SetRateNano(spec.rateNano)
		c.SetIsDefault(spec.isDefault)
		c.SetActive(true)
		c.SetSort(int64(i + 1))
		if err := s.save(c, spec.code); err != nil {
			return err
		}
	}
	return nil
}

// serverGroupsStep creates one server group per provisioning panel, reusing
// a group of the same name.
func (s *seeder) serverGroupsStep() error {
	for _, spec := range serverGroupSpecs {
		r, err := s.findBy(collections.ServerGroups, collections.ServerGroupFields.Name, spec.name)
		if err != nil {
			return err
		}
		var g *collections.ServerGroup
		if r != nil {
			g = collections.WrapServerGroup(r)
		} else {
			if g, err = collections.NewServerGroup(s.app); err != nil {
				return err
			}
			g.SetName(spec.name)
		}
		g.SetDescription(spec.description)
		g.SetStrategy(spec.strategy)
		if err := s.save(g, spec.name); err != nil {
			return err
		}
		s.serverGroups[spec.provisioner] = g.Id
	}
	return s.examplePanelStep()
}

// productGroups creates the four storefront categories.
func (s *seeder) productGroups() error {
	for i, spec := range productGroupSpecs {
		g, err := collections.NewProductGroup(s.app)
		if err != nil {
			return err
		}
		g.SetName(spec.name)
		g.SetSlug(spec.slug)
		g.SetTagline(spec.tagline)
		g.SetDescription(spec.description)
		g.SetSort(int64((i + 1) * 10))
		if err := s.save(g, spec.slug); err != nil {
			return err
		}
		s.groups[spec.slug] = g.Id
	}
	return nil
}

// productsStep creates the catalog's products with their price lists.
func (s *seeder) productsStep() error {
	sortInGroup := map[string]int64{}
	for _, spec := range catalog {
		pricing, err := planPricing(spec.monthly, spec.setup, spec.terms)
		if err != nil {
			return fmt.Errorf("demo: pricing of %s: %w", spec.slug, err)
		}
		p, err := collections.NewProduct(s.app)
		if err != nil {
			return err
		}
		sortInGroup[spec.group] += 10
		p.SetGroupID(s.groups[spec.group])
		p.SetName(spec.name)
		p.SetSlug(spec.slug)
		p.SetKind(spec.kind)
		p.SetTagline(spec.tagline)
		p.SetDescription(spec.description)
		p.SetFeatures(spec.features)
		p.SetPricing(pricing)
		p.SetTrackStock(spec.trackStock)
		p.SetStock(spec.stock)
		p.SetHidden(spec.hidden)
		p.SetFeatured(spec.featured)
		p.SetRequiresHostname(spec.requiresHostname)
		provisioner, config := s.provisionedBy(spec)
		p.SetProvisioner(provisioner)
		p.SetProvisionerConfig(config)
		p.SetServerGroupID(s.serverGroups[provisioner])
		p.SetAutoSetup(spec.autoSetup)
		p.SetSort(sortInGroup[spec.group])
		if err := s.save(p, spec.slug); err != nil {
			return err
		}
		s.products[spec.slug] = p
	}
	return nil
}

// optionSpec is a configurable option and its values.
type optionSpec struct {
	name, description string
	kind              collections.ConfigOptionKind
	required          bool
	min, max          int64
	unit              string
	provisionerKey    string
	products          func(s *seeder) []string
	values            []valueSpec
}

// valueSpec is one choice of an option. A quantity option has one value
// whose pricing is per unit. A nil pricing is free and stored as {}.
type valueSpec struct {
	label, provisionerValue string
	pricing                 money.Pricing
	isDefault               bool
}

var optionSpecs = []optionSpec{
	{
		name: "RAM", description: "Memory of your server. 4 GB is included in the plan price.",
		kind: collections.ConfigOptionKindSelect, required: true, provisionerKey: "memory_mb",
		products: func(s *seeder) []string { return s.productIDsBySlug(slugVPSS) },
		values: []valueSpec{
			{label: "4 GB (included)", provisionerValue: "4096", pricing: linearPricing(tri{}), isDefault: true},
			{label: "8 GB", provisionerValue: "8192", pricing: linearPricing(tri{USD: 400, EUR: 350, GBP: 300})},
			{label: "16 GB", provisionerValue: "16384", pricing: linearPricing(tri{USD: 1200, EUR: 1050, GBP: 900})},
		},
	},
	{
		// The VirtFusion plugin's "ipv4" is the server's whole count of
		// addresses, so the choice is the total, one included.
		name: "IPv4 addresses", description: "IPv4 addresses routed to your server: one is included, more are billed per address.",
		kind: collections.ConfigOptionKindSelect, required: true, provisionerKey: "ipv4",
		products: func(s *seeder) []string { return s.productIDs(collections.ProductKindVps) },
		values: []valueSpec{
			{label: "1 IPv4 (included)", provisionerValue: "1", isDefault: true},
			{label: "2 IPv4", provisionerValue: "2", pricing: linearPricing(tri{USD: 300, EUR: 250, GBP: 250})},
			{label: "4 IPv4", provisionerValue: "4", pricing: linearPricing(tri{USD: 900, EUR: 750, GBP: 750})},
			{label: "8 IPv4", provisionerValue: "8", pricing: linearPricing(tri{USD: 2100, EUR: 1750, GBP: 1750})},
		},
	},
	{
		// VirtFusion builds a server from a template by its numeric id.
		name: "Operating System", description: "Installed on first boot; you can reinstall from the client area at any time.",
		kind: collections.ConfigOptionKindSelect, required: true, provisionerKey: "os_template_id",
		products: func(s *seeder) []string { return s.productIDs(collections.ProductKindVps) },
		values: []valueSpec{
			{label: "Ubuntu 24.04 LTS", provisionerValue: "1", isDefault: true},
			{label: "Debian 12", provisionerValue: "2"},
			{label: "AlmaLinux 9", provisionerValue: "3"},
			{label: "Windows Server 2022 Standard", provisionerValue: "4",
				pricing: linearPricing(tri{USD: 1800, EUR: 1650, GBP: 1450})},
		},
	},
	{
		// Pterodactyl limits a server's backups ("backups"); player slots
		// are the game's own setting, which the plugin does not manage.
		name: "Backups", description: "Backups kept in the panel: four are included, keep more for longer history.",
		kind: collections.ConfigOptionKindSelect, required: true, provisionerKey: "backups",
		products: func(s *seeder) []string { return s.productIDs(collections.ProductKindGame) },
		values: []valueSpec{
			{label: "4 backups (included)", provisionerValue: "4", isDefault: true},
			{label: "10 backups", provisionerValue: "10", pricing: linearPricing(tri{USD: 200, EUR: 180, GBP: 160})},
			{label: "20 backups", provisionerValue: "20", pricing: linearPricing(tri{USD: 400, EUR: 360, GBP: 320})},
		},
	},
}

// configOptions creates the configurable options and their values.
func (s *seeder) configOptions() error {
	for i, spec := range optionSpecs {
		o, err := collections.NewConfigOption(s.app)
		if err != nil {
			return err
		}
		o.SetName(spec.name)
		o.SetDescription(spec.description)
		o.SetKind(spec.kind)
		o.SetRequired(spec.required)
		o.SetMinQuantity(spec.min)
		o.SetMaxQuantity(spec.max)
		o.SetUnit(spec.unit)
		o.SetProvisionerKey(spec.provisionerKey)
		o.SetProductIDs(spec.products(s))
		o.SetSort(int64((i + 1) * 10))
		if err := s.save(o, spec.name); err != nil {
			return err
		}
		for j, vs := range spec.values {
			v, err := collections.NewConfigOptionValue(s.app)
			if err != nil {
				return err
			}
			pricing := vs.pricing
			if pricing == nil {
				pricing = money.Pricing{}
			}
			v.SetOptionID(o.Id)
			v.SetLabel(vs.label)
			v.SetProvisionerValue(vs.provisionerValue)
			v.SetPricing(pricing)
			v.SetIsDefault(vs.isDefault)
			v.SetSort(int64((j + 1) * 10))
			if err := s.save(v, spec.name+": "+vs.label); err != nil {
				return err
			}
		}
	}
	return nil
}

// addonSpec is an add-on sold with some products.
type addonSpec struct {
	name, description, provisionerKey string
	monthly                           tri
	kinds                             []collections.ProductKind
}

var addonSpecs = []addonSpec{
	{"Daily Backups", "Nightly off-site snapshots of your server, 7 restore points kept.", "backups_daily",
		tri{USD: 240, EUR: 220, GBP: 190}, []collections.ProductKind{collections.ProductKindVps}},
	{"Extra IPv4", "One additional IPv4 address routed to your dedicated server.", "ipv4_extra",
		tri{USD: 300, EUR: 250, GBP: 250}, []collections.ProductKind{collections.ProductKindDedicated}},
	{"DDoS Pro", "Always-on Layer 3–7 filtering with custom rules and a 1 Tbit/s scrubbing capacity.", "ddos_pro",
		tri{USD: 1500, EUR: 1400, GBP: 1200}, []collections.ProductKind{collections.ProductKindVps, collections.ProductKindDedicated, collections.ProductKindGame}},
	{"Softaculous Premium", "One-click installer for 450+ apps (WordPress, Joomla, Nextcloud …) with auto-updates.", "softaculous",
		tri{USD: 200, EUR: 180, GBP: 150}, []collections.ProductKind{collections.ProductKindHosting}},
}

// addons creates the add-ons, each linked to the products it fits.
func (s *seeder) addons() error {
	for i, spec := range addonSpecs {
		a, err := collections.NewAddon(s.app)
		if err != nil {
			return err
		}
		a.SetName(spec.name)
		a.SetDescription(spec.description)
		a.SetPricing(linearPricing(spec.monthly))
		a.SetProvisionerKey(spec.provisionerKey)
		a.SetProductIDs(s.productIDs(spec.kinds...))
		a.SetSort(int64((i + 1) * 10))
		if err := s.save(a, spec.name); err != nil {
			return err
		}
	}
	return nil
}

// findBy returns the record of collection whose field equals value, or nil
// if there is none.
func (s *seeder) findBy(collection, field string, value any) (*core.Record, error) {
	r, err := s.app.FindFirstRecordByData(collection, field, value)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("demo: find %s by %s: %w", collection, field, err)
	}
	return r, nil
}
