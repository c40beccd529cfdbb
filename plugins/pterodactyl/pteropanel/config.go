package pteropanel

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// panel is one server's settings, checked, with its API clients.
type panel struct {
	url       string // without a trailing slash
	app       *client
	cli       *client // nil without a client API key
	locations []int64
}

// plan is a product's settings, checked.
type plan struct {
	nest, egg      int64
	limits         limits
	features       featureLimits
	image, startup string
	environment    map[string]string
}

// open checks the server's settings against the schema before any call is
// made, and builds its clients.
func (p *Provisioner) open(s sdk.Server) (*panel, error) {
	values := maps.Clone(s.Config)
	if values == nil {
		values = map[string]string{}
	}
	maps.Copy(values, s.Credentials)
	if errs := sdk.ValidateConfig(serverConfig, values); errs != nil {
		return nil, configError(errs)
	}
	values = sdk.WithDefaults(serverConfig, values)
	base := strings.TrimRight(values[cfgURL], "/")
	if base == "" {
		base = strings.TrimRight(s.Endpoint, "/")
	}
	if errs := sdk.ValidateConfig([]sdk.ConfigField{{Key: cfgURL, Type: sdk.FieldURL, Required: true}}, map[string]string{cfgURL: base}); errs != nil {
		return nil, sdk.InvalidConfig(cfgURL, "set the panel URL (or the server's endpoint) to the panel's https address")
	}
	rate, _ := strconv.Atoi(values[cfgRate])
	pn := &panel{url: base}
	hc := p.httpClient
	if hc == nil {
		hc = http.DefaultClient
	}
	pn.app = &client{base: base + "/api/application", key: values[cfgAppKey], keyName: cfgAppKey, http: hc,
		limit: p.limits.get(limiterKey(base, values[cfgAppKey]), rate)}
	if k := values[cfgClientKey]; k != "" {
		// The client API has its own, higher limit (720 a minute); the
		// application API's rate is the safe one to share.
		pn.cli = &client{base: base + "/api/client", key: k, keyName: cfgClientKey, http: hc,
			limit: p.limits.get(limiterKey(base, k), rate)}
	}
	if v := values[cfgLocations]; v != "" {
		for _, f := range strings.Split(v, ",") {
			id, _ := strconv.ParseInt(f, 10, 64)
			pn.locations = append(pn.locations, id)
		}
	}
	return pn, nil
}

// limiterKey names a panel and key without keeping the key itself.
func limiterKey(base, key string) string {
	h := sha256.Sum256([]byte(base + "\x00" + key))
	return hex.EncodeToString(h[:])
}

// parsePlan checks a product's settings.
func parsePlan(values map[string]string) (plan, error) {
	if errs := sdk.ValidateConfig(productConfig, values); errs != nil {
		return plan{}, configError(errs)
	}
	v := sdk.WithDefaults(productConfig, values)
	n := func(k string) int64 { x, _ := strconv.ParseInt(v[k], 10, 64); return x }
	pl := plan{
		nest: n(cfgNest), egg: n(cfgEgg),
		limits:   limits{Memory: n(cfgMemory), Swap: n(cfgSwap), Disk: n(cfgDisk), IO: n(cfgIO), CPU: n(cfgCPU)},
		features: featureLimits{Databases: n(cfgDatabases), Allocations: n(cfgAllocations), Backups: n(cfgBackups)},
		image:    v[cfgImage], startup: v[cfgStartup],
	}
	if raw := strings.TrimSpace(v[cfgEnvironment]); raw != "" {
		var env map[string]any
		if err := json.Unmarshal([]byte(raw), &env); err != nil {
			return plan{}, sdk.InvalidConfig(cfgEnvironment, "must be a JSON object of variable names to values: %v", err)
		}
		pl.environment = map[string]string{}
		for k, x := range env {
			switch t := x.(type) {
			case string:
				pl.environment[k] = t
			case nil:
				pl.environment[k] = ""
			default:
				b, _ := json.Marshal(t)
				pl.environment[k] = string(b)
			}
		}
	}
	return pl, nil
}

// configError reports the first field at fault (sorted, so the same
// settings always name the same field) with all the problems.
func configError(errs sdk.ConfigErrors) error {
	field := ""
	for k := range errs {
		if field == "" || k < field {
			field = k
		}
	}
	return &sdk.Error{Kind: sdk.KindInvalidConfig, Field: field, Message: errs.Error(), Err: errs}
}

func keyPrefix(field string) string {
	if field == cfgClientKey {
		return "ptlc_ client"
	}
	return "ptla_ application"
}
