package virtfusionpanel

import (
	"maps"
	"strconv"
	"strings"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// settings are a server's settings, checked.
type settings struct {
	// apiBase is the API's root, ending in /api/v1.
	apiBase string
	// site is the control server's origin, for single sign-on links.
	site            string
	token           string
	hypervisorGroup int64
	requestsPerMin  int64
}

// parseServer checks the server's settings before any call is made:
// Hostbase sends them with every call and the plugin keeps none.
func parseServer(s sdk.Server) (settings, error) {
	values := maps.Clone(s.Config)
	if values == nil {
		values = map[string]string{}
	}
	maps.Copy(values, s.Credentials)
	if err := sdk.CheckSettings(serverSchema, values); err != nil {
		return settings{}, err
	}
	values = sdk.WithDefaults(serverSchema, values)
	raw := values[keyURL]
	if raw == "" {
		raw = s.Endpoint
	}
	if raw == "" {
		return settings{}, sdk.InvalidConfig(keyURL, "is required (or set the server's endpoint)")
	}
	if msg := checkURL(raw); msg != "" {
		return settings{}, sdk.InvalidConfig(keyURL, "%s", msg)
	}
	// Staff paste either the panel's address or the API's; both work.
	site := strings.TrimRight(raw, "/")
	site = strings.TrimSuffix(site, "/api/v1")
	group, _ := strconv.ParseInt(values[keyHypervisorGroup], 10, 64)
	rpm, _ := strconv.ParseInt(values[keyRateLimit], 10, 64)
	return settings{apiBase: site + "/api/v1", site: site, token: values[keyAPIToken], hypervisorGroup: group, requestsPerMin: rpm}, nil
}

func checkURL(v string) string {
	errs := sdk.ValidateConfig([]sdk.ConfigField{{Key: keyURL, Type: sdk.FieldURL}}, map[string]string{keyURL: v})
	return errs[keyURL]
}

// product is a product config, checked. An override of 0 or less means
// "the package's own value" (traffic, where 0 is unlimited, uses -1).
type product struct {
	packageID, templateID, ipv4            int64
	memoryMB, cpuCores, storageGB, traffic int64
}

func parseProduct(config map[string]string) (product, error) {
	if err := sdk.CheckSettings(productSchema, config); err != nil {
		return product{}, err
	}
	v := sdk.WithDefaults(productSchema, config)
	num := func(k string, unset int64) int64 {
		if v[k] == "" {
			return unset
		}
		n, _ := strconv.ParseInt(v[k], 10, 64) // ValidateConfig checked it
		return n
	}
	return product{packageID: num(keyPackageID, 0), templateID: num(keyTemplateID, 0), ipv4: num(keyIPv4, 1),
		memoryMB: num(keyMemoryMB, 0), cpuCores: num(keyCPUCores, 0), storageGB: num(keyStorageGB, 0),
		traffic: num(keyTrafficGB, -1)}, nil
}
