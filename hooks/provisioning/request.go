package provisioning

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/secrets"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// target is everything one plugin call about a service needs, read from
// the database and opened: the request, and the secret values to redact
// from anything logged about it.
type target struct {
	plugin  string
	service *collections.Service
	product *collections.Product
	server  *collections.Server
	req     sdk.ServiceRequest
	secrets []string
}

// serviceKey is the idempotency key a plugin tags the service's remote
// resource with: stable for the life of the service, so that every Create
// for it, on any job and after any crash, finds the same resource.
func serviceKey(serviceID string) string { return "hostbase-" + serviceID }

// loadTarget reads the service, its product and its server. The server
// must already be placed (see place).
func loadTarget(app core.App, keys *secrets.Keyring, serviceID string) (*target, error) {
	svc, err := collections.FindService(app, serviceID)
	if err != nil {
		return nil, fmt.Errorf("service %s: %w", serviceID, err)
	}
	product, err := findProductForCall(app, svc.ProductID())
	if err != nil {
		return nil, fmt.Errorf("product of service %s: %w", serviceID, err)
	}
	return loadTargetOf(app, keys, svc, product)
}

// loadTargetOf is loadTarget for a service and its product already read.
func loadTargetOf(app core.App, keys *secrets.Keyring, svc *collections.Service, product *collections.Product) (*target, error) {
	serviceID := svc.Id
	if svc.ServerID() == "" {
		return nil, &sdk.Error{Kind: sdk.KindInvalidConfig, Message: "the service has no server"}
	}
	server, err := collections.FindServer(app, svc.ServerID())
	if err != nil {
		return nil, fmt.Errorf("server of service %s: %w", serviceID, err)
	}
	srv, srvSecrets, err := sdkServer(keys, server)
	if err != nil {
		return nil, err
	}
	// Only what a plugin is told of the customer, without loading the record.
	var customer struct {
		Email   string `db:"email"`
		Name    string `db:"name"`
		Company string `db:"company"`
		Country string `db:"country"`
	}
	cf := collections.CustomerFields
	if err := app.DB().Select("email", cf.Name, cf.Company, cf.Country).From(collections.Customers).
		Where(dbx.HashExp{"id": svc.CustomerID()}).One(&customer); err != nil {
		return nil, fmt.Errorf("customer of service %s: %w", serviceID, err)
	}
	productConfig, err := ProductConfig(app, product, svc)
	if err != nil {
		return nil, err
	}
	svcCreds, err := openObject(keys, collections.Services+"."+collections.ServiceFields.Credentials, svc.Credentials())
	if err != nil {
		return nil, fmt.Errorf("credentials of service %s: %w", serviceID, err)
	}
	first, last := splitName(customer.Name)
	t := &target{
		plugin: server.Plugin(), service: svc, product: product, server: server,
		req: sdk.ServiceRequest{Server: srv, Service: sdk.Service{
			ID: svc.Id, IdempotencyKey: serviceKey(svc.Id), RemoteID: svc.RemoteID(),
			Hostname: svc.Hostname(), Username: svc.Username(), Domain: svc.Hostname(),
			ProductID: product.Id, ProductName: product.Name(), ProductConfig: productConfig, Credentials: svcCreds,
			Customer: sdk.Customer{ID: svc.CustomerID(), Email: customer.Email, FirstName: first, LastName: last,
				Company: customer.Company, Country: customer.Country},
		}},
		secrets: srvSecrets,
	}
	for _, v := range svcCreds {
		t.secrets = append(t.secrets, v)
	}
	return t, nil
}

// sdkServer opens a server record for a plugin call, returning also its
// secret values for redaction.
func sdkServer(keys *secrets.Keyring, server *collections.Server) (sdk.Server, []string, error) {
	config, err := stringMap(server.ConfigJSON())
	if err != nil {
		return sdk.Server{}, nil, &sdk.Error{Kind: sdk.KindInvalidConfig, Field: "config", Message: "server " + server.Name() + ": config is not a JSON object: " + err.Error()}
	}
	creds, err := openObject(keys, collections.Servers+"."+collections.ServerFields.Credentials, server.Credentials())
	if err != nil {
		return sdk.Server{}, nil, &sdk.Error{Kind: sdk.KindInvalidConfig, Field: "credentials", Message: "server " + server.Name() + ": " + err.Error()}
	}
	var values []string
	for _, v := range creds {
		values = append(values, v)
	}
	return sdk.Server{ID: server.Id, Name: server.Name(), Endpoint: server.Endpoint(), Config: config, Credentials: creds}, values, nil
}

// openObject opens a sealed JSON object of named secrets ("" is none).
func openObject(keys *secrets.Keyring, context, sealed string) (map[string]string, error) {
	if sealed == "" {
		return map[string]string{}, nil
	}
	raw := []byte(sealed)
	if secrets.IsSealed(sealed) {
		c, err := keys.Cipher()
		if err != nil {
			return nil, err
		}
		if raw, err = c.Open(sealed, context); err != nil {
			return nil, fmt.Errorf("cannot open the stored secrets (was the encryption key changed?): %w", err)
		}
	}
	return stringMap(raw)
}

// stringMap reads a JSON object whose values are strings, numbers or
// booleans as strings, the form plugins receive settings in.
func stringMap(raw []byte) (map[string]string, error) {
	out := map[string]string{}
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return out, nil
	}
	obj, err := decodeObject(raw)
	if err != nil {
		return nil, err
	}
	for k, v := range obj {
		str, err := scalarString(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = str
	}
	return out, nil
}

func scalarString(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case json.Number:
		return x.String(), nil
	}
	return "", fmt.Errorf("must be a string, number or boolean")
}

// ProductConfig is what a plugin gets as a service's product settings: the
// product's provisioner_config, with each configurable option the service
// has (by the option's provisioner key) and each of its live addons (by the
// addon's provisioner key, as a quantity) merged over it.
func ProductConfig(app core.App, product *collections.Product, svc *collections.Service) (map[string]string, error) {
	if svc == nil {
		return productConfigWith(app, product, nil)
	}
	chosen, err := decodeObject(svc.ConfigJSON())
	if err != nil {
		return nil, fmt.Errorf("config of service %s: %w", svc.Id, err)
	}
	config, err := productConfigWith(app, product, chosen)
	if err != nil {
		return nil, err
	}
	var addons []struct {
		Key      string `db:"key"`
		Quantity int64  `db:"quantity"`
	}
	af := collections.ServiceAddonFields
	err = app.DB().Select("a."+collections.AddonFields.ProvisionerKey+" AS key", "sa."+af.Quantity+" AS quantity").
		From(collections.ServiceAddons+" sa").
		InnerJoin(collections.Addons+" a", dbx.NewExp("a.id = sa."+af.Addon)).
		Where(dbx.HashExp{"sa." + af.Service: svc.Id}).
		AndWhere(dbx.NotIn("sa."+af.Status, string(collections.ServiceAddonStatusCancelled), string(collections.ServiceAddonStatusTerminated))).
		AndWhere(dbx.NewExp("a." + collections.AddonFields.ProvisionerKey + " != ''")).
		All(&addons)
	if err != nil {
		return nil, err
	}
	for _, a := range addons {
		n, _ := strconv.ParseInt(config[a.Key], 10, 64)
		config[a.Key] = strconv.FormatInt(n+a.Quantity, 10)
	}
	return config, nil
}

// productConfigWith is the product's provisioner_config with the chosen
// configurable options (option id → value) merged over it.
func productConfigWith(app core.App, product *collections.Product, chosen map[string]any) (map[string]string, error) {
	config, err := stringMap(product.ProvisionerConfigJSON())
	if err != nil {
		return nil, &sdk.Error{Kind: sdk.KindInvalidConfig, Field: "provisioner_config", Message: "product " + product.Name() + ": " + err.Error()}
	}
	optionIDs := make([]string, 0, len(chosen))
	for id := range chosen {
		optionIDs = append(optionIDs, id)
	}
	sort.Strings(optionIDs)
	if len(optionIDs) == 0 {
		return config, nil
	}
	options, err := app.FindRecordsByIds(collections.ConfigOptions, optionIDs)
	if err != nil {
		return nil, err
	}
	for _, rec := range options {
		opt := collections.WrapConfigOption(rec)
		if opt.ProvisionerKey() == "" {
			continue
		}
		value, err := optionValue(app, opt, chosen[opt.Id])
		if err != nil {
			return nil, err
		}
		config[opt.ProvisionerKey()] = value
	}
	return config, nil
}

// optionValue is what a chosen option means to the plugin: a select's
// value's provisioner_value, a quantity's number, a yes/no's true/false.
func optionValue(app core.App, opt *collections.ConfigOption, chosen any) (string, error) {
	switch opt.Kind() {
	case collections.ConfigOptionKindSelect:
		id, _ := chosen.(string)
		v, err := collections.FindConfigOptionValue(app, id)
		if err != nil {
			return "", fmt.Errorf("option %s: value %q: %w", opt.Name(), id, err)
		}
		return v.ProvisionerValue(), nil
	}
	return scalarString(chosen)
}

func splitName(name string) (first, last string) {
	name = strings.TrimSpace(name)
	if i := strings.LastIndex(name, " "); i > 0 {
		return name[:i], name[i+1:]
	}
	return name, ""
}

// decodeObject reads a JSON object keeping numbers as json.Number, so that
// no setting passes through a float. Empty or null is an empty object.
func decodeObject(raw []byte) (map[string]any, error) {
	obj := map[string]any{}
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return obj, nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// findProductForCall reads only what a plugin call needs of a product:
// its catalog fields (pricing, descriptions) are large and the queue reads
// the product for every job.
func findProductForCall(app core.App, id string) (*collections.Product, error) {
	f := collections.ProductFields
	rec, err := app.FindRecordById(collections.Products, id, func(q *dbx.SelectQuery) error {
		q.Select("id", f.Name, f.Provisioner, f.ProvisionerConfig, f.ServerGroup, f.AutoSetup)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return collections.WrapProduct(rec), nil
}
