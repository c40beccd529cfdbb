package provisioning

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/secrets"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// metadataTimeout bounds the start of a plugin to read its schema while a
// record is saved.
const metadataTimeout = 15 * time.Second

// registerValidation checks, whenever a server, a product or the settings
// are saved (dashboard, API or Go), that the plugin settings fit the
// plugin's schema, so that a mistake is refused with the field named
// instead of failing a customer's order later.
func registerValidation(app core.App) {
	app.OnRecordCreate(collections.Servers).BindFunc(validateServer)
	app.OnRecordUpdate(collections.Servers).BindFunc(func(e *core.RecordEvent) error {
		// Renaming or disabling a server whose plugin is gone must work.
		if !pluginSettingsChanged(e.Record) {
			return e.Next()
		}
		return validateServer(e)
	})
	app.OnRecordCreate(collections.Products).BindFunc(validateProduct)
	app.OnRecordUpdate(collections.Products).BindFunc(validateProduct)
	app.OnRecordUpdate(collections.Settings).BindFunc(func(e *core.RecordEvent) error {
		if _, err := ParsePolicy([]byte(e.Record.GetString(collections.CompanySettingsFields.Provisioning))); err != nil {
			return validationError(collections.CompanySettingsFields.Provisioning, "validation_invalid_provisioning", err.Error())
		}
		return e.Next()
	})
}

// validateServer checks a server's settings against its plugin's server
// schema: non-secret settings in config, secret ones in credentials (sealed
// on save by the secrets hook, opened here to check them).
func validateServer(e *core.RecordEvent) error {
	server := collections.WrapServer(e.Record)
	plugins := pluginsOf(e.App)
	if plugins == nil {
		return e.Next()
	}
	meta, err := metadata(e.App, server.Plugin())
	if err != nil {
		return validationError(collections.ServerFields.Plugin, "validation_plugin_unusable", err.Error())
	}
	config, err := stringMap(server.ConfigJSON())
	if err != nil {
		return validationError(collections.ServerFields.Config, "validation_not_object", "Must be a JSON object of settings: "+err.Error())
	}
	creds, err := openObject(keyring(e.App), collections.Servers+"."+collections.ServerFields.Credentials, server.Credentials())
	if err != nil {
		return validationError(collections.ServerFields.Credentials, "validation_not_object", `Must be a JSON object of secrets, e.g. {"api_token":"…"}: `+err.Error())
	}
	secretKeys := map[string]bool{}
	for _, k := range sdk.SecretKeys(meta.ServerConfig) {
		secretKeys[k] = true
	}
	for k := range config {
		if secretKeys[k] {
			return validationError(collections.ServerFields.Config, "validation_secret_in_config",
				k+" is a secret: put it in credentials, which are stored encrypted.")
		}
	}
	all := map[string]string{}
	for k, v := range config {
		all[k] = v
	}
	for k, v := range creds {
		all[k] = v
	}
	if errs := sdk.ValidateConfig(meta.ServerConfig, all); errs != nil {
		field := collections.ServerFields.Config
		for k := range errs {
			if secretKeys[k] {
				field = collections.ServerFields.Credentials
			}
		}
		return validationError(field, "validation_plugin_config", redactSecretsIn(errs, creds).Error())
	}
	if server.Capacity() < 0 {
		return validationError(collections.ServerFields.Capacity, "validation_min", "Must be 0 (no limit) or more.")
	}
	return e.Next()
}

// validateProduct checks a product's provisioner_config against its
// plugin's product schema. A product naming a plugin that is not installed
// is accepted (the catalog may be set up before the plugins), and its jobs
// fail with that reason until it is.
func validateProduct(e *core.RecordEvent) error {
	product := collections.WrapProduct(e.Record)
	plugins := pluginsOf(e.App)
	if plugins == nil || product.Provisioner() == "" {
		return e.Next()
	}
	meta, err := metadata(e.App, product.Provisioner())
	if err != nil {
		e.App.Logger().Warn("provisioning: product names a plugin that cannot be checked", "product", product.Name(), "plugin", product.Provisioner(), "error", err)
		return e.Next()
	}
	config, err := stringMap(product.ProvisionerConfigJSON())
	if err != nil {
		return validationError(collections.ProductFields.ProvisionerConfig, "validation_not_object", "Must be a JSON object of settings: "+err.Error())
	}
	// Options the customer chooses fill some settings in; only what the
	// product itself sets is checked against the schema's bounds here, and
	// required settings may come from an option's provisioner key.
	schema := make([]sdk.ConfigField, len(meta.ProductConfig))
	copy(schema, meta.ProductConfig)
	fromOptions, err := optionKeys(e.App, product.Id)
	if err != nil {
		return err
	}
	for i := range schema {
		if fromOptions[schema[i].Key] {
			schema[i].Required = false
		}
	}
	if errs := sdk.ValidateConfig(schema, config); errs != nil {
		return validationError(collections.ProductFields.ProvisionerConfig, "validation_plugin_config", errs.Error())
	}
	return e.Next()
}

// optionKeys are the provisioner keys the product's configurable options
// and addons set.
func optionKeys(app core.App, productID string) (map[string]bool, error) {
	keys := map[string]bool{}
	if productID == "" {
		return keys, nil
	}
	for _, c := range []struct{ collection, relation, key string }{
		{collections.ConfigOptions, collections.ConfigOptionFields.Products, collections.ConfigOptionFields.ProvisionerKey},
		{collections.Addons, collections.AddonFields.Products, collections.AddonFields.ProvisionerKey},
	} {
		recs, err := app.FindRecordsByFilter(c.collection, c.relation+".id ?= {:p}", "", 0, 0, map[string]any{"p": productID})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if k := r.GetString(c.key); k != "" {
				keys[k] = true
			}
		}
	}
	return keys, nil
}

var errNoPlugins = &sdk.Error{Kind: sdk.KindInvalidConfig, Reason: "plugin_unusable", Message: "no provisioner plugins are loaded"}

// metadata asks the registry for a plugin's metadata, bounded in time.
func metadata(app core.App, name string) (sdk.Metadata, error) {
	plugins := pluginsOf(app)
	if plugins == nil {
		return sdk.Metadata{}, errNoPlugins
	}
	ctx, cancel := context.WithTimeout(context.Background(), metadataTimeout)
	defer cancel()
	return plugins.Metadata(ctx, name)
}

// redactSecretsIn keeps secret values out of an error shown back.
func redactSecretsIn(errs sdk.ConfigErrors, creds map[string]string) sdk.ConfigErrors {
	values := make([]string, 0, len(creds))
	for _, v := range creds {
		values = append(values, v)
	}
	out := sdk.ConfigErrors{}
	for k, v := range errs {
		out[k] = secrets.RedactString(v, values...)
	}
	return out
}

// schemaJSON is a config schema as the staff pages read it.
func schemaJSON(fields []sdk.ConfigField) []map[string]any {
	out := make([]map[string]any, 0, len(fields))
	for _, f := range fields {
		m := map[string]any{"key": f.Key, "label": f.Label, "help": f.Help, "type": string(f.Type), "required": f.Required,
			"secret": f.Secret, "default": f.Default, "pattern": f.Pattern}
		if len(f.Options) > 0 {
			opts := make([]map[string]string, len(f.Options))
			for i, o := range f.Options {
				opts[i] = map[string]string{"value": o.Value, "label": o.Label}
			}
			m["options"] = opts
		}
		if f.Min != nil {
			m["min"] = *f.Min
		}
		if f.Max != nil {
			m["max"] = *f.Max
		}
		out = append(out, m)
	}
	return out
}

// pluginSettingsChanged reports whether an update touches what the plugin
// checks: the plugin, endpoint, config or credentials.
func pluginSettingsChanged(r *core.Record) bool {
	orig := r.Original()
	f := collections.ServerFields
	for _, k := range []string{f.Plugin, f.Endpoint, f.Config, f.Credentials} {
		if r.GetString(k) != orig.GetString(k) {
			return true
		}
	}
	return false
}
