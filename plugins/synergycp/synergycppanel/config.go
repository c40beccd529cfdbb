package synergycppanel

import (
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// open checks a server's settings and returns the client they describe.
// Every call starts here: Hostbase sends the settings with each call.
func (p *Provisioner) open(s sdk.Server) (*client, error) {
	values := maps.Clone(s.Config)
	if values == nil {
		values = map[string]string{}
	}
	maps.Copy(values, s.Credentials)
	if strings.TrimSpace(values[keyURL]) == "" && s.Endpoint != "" {
		values[keyURL] = s.Endpoint
	}
	if err := sdk.CheckSettings(serverSchema, values); err != nil {
		return nil, err
	}
	values = sdk.WithDefaults(serverSchema, values)
	base := strings.TrimRight(strings.TrimSpace(values[keyURL]), "/")
	if base == "" {
		return nil, sdk.InvalidConfig(keyURL, "is required (or set the server's endpoint)")
	}
	u, err := url.Parse(base)
	if err != nil || u.RawQuery != "" {
		return nil, sdk.InvalidConfig(keyURL, "must be the API's base URL without a query")
	}
	// ValidateConfig has checked both are whole numbers within bounds.
	timeout, _ := strconv.ParseInt(values[keyTimeout], 10, 64)
	rate, _ := strconv.ParseInt(values[keyRateLimit], 10, 64)
	return &client{
		base:    base,
		key:     values[keyAPIKey],
		http:    &http.Client{Timeout: time.Duration(timeout) * time.Second},
		limiter: p.limiters.get(base, rate),
		retry:   p.retry,
	}, nil
}

// product is a product config, checked.
type product struct {
	cpu, memory, location, ips, os, portSpeed, bandwidth string
	disks, addons                                        []string
	pxe, ipmi, sw                                        bool
}

func parseProduct(config map[string]string) (product, error) {
	if err := sdk.CheckSettings(productSchema, config); err != nil {
		return product{}, err
	}
	v := sdk.WithDefaults(productSchema, config)
	flag := func(k string) bool { b, _ := strconv.ParseBool(v[k]); return b }
	return product{
		cpu: strings.TrimSpace(v[keyCPU]), memory: strings.TrimSpace(v[keyMemory]),
		location: strings.TrimSpace(v[keyLocation]), ips: strings.TrimSpace(v[keyIPs]),
		os: strings.TrimSpace(v[keyOS]), portSpeed: strings.TrimSpace(v[keyPortSpeed]),
		bandwidth: strings.TrimSpace(v[keyBandwidth]),
		disks:     list(v[keyDisks]), addons: list(v[keyAddons]),
		pxe: flag(keyAccessPXE), ipmi: flag(keyAccessIPMI), sw: flag(keyAccessSw),
	}, nil
}

// describe names the product for a buyer or staff, e.g. "E3-1230, 16GB,
// 1TB-HDD+1TB-HDD in LOC-LA1".
func (pr product) describe() string {
	parts := []string{pr.cpu}
	if pr.memory != "" {
		parts = append(parts, pr.memory)
	}
	if len(pr.disks) > 0 {
		parts = append(parts, strings.Join(pr.disks, "+"))
	}
	return strings.Join(parts, ", ") + " in " + pr.location
}

// list splits a comma-separated setting, dropping blanks.
func list(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
