package enhancepanel

import (
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// panel is a server's settings, checked, with a client for its API.
type panel struct {
	*client
	orgID string // the master (or reseller) organisation
	// site is the panel's address without /api, for messages.
	site string
}

// open checks the server's settings and returns the panel they describe.
// Every call starts here: Hostbase sends the settings with each call and
// the plugin keeps none, only a rate limiter per panel.
func (p *Provisioner) open(s sdk.Server) (*panel, error) {
	values := maps.Clone(s.Config)
	if values == nil {
		values = map[string]string{}
	}
	maps.Copy(values, s.Credentials)
	if err := sdk.CheckSettings(serverSchema, values); err != nil {
		return nil, err
	}
	values = sdk.WithDefaults(serverSchema, values)

	raw := values[keyURL]
	if raw == "" {
		raw = s.Endpoint
	}
	site, err := siteURL(raw)
	if err != nil {
		return nil, err
	}
	rate, _ := strconv.Atoi(values[keyRateLimit])
	c := &client{base: site + "/api", token: values[keyAPIToken], http: p.http, lim: p.limiters.get(site, rate)}
	return &panel{client: c, orgID: strings.ToLower(values[keyOrgID]), site: site}, nil
}

// siteURL checks the panel's address and drops a trailing /api, which staff
// often paste from the API docs.
func siteURL(raw string) (string, error) {
	if raw == "" {
		return "", sdk.InvalidConfig(keyURL, "is required (or set the server's endpoint)")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", sdk.InvalidConfig(keyURL, "must be an http(s) URL such as https://cp.example.com")
	}
	u.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), "/api")
	u.RawQuery, u.Fragment = "", ""
	return strings.TrimRight(u.String(), "/"), nil
}

// product is a product config, checked.
type product struct {
	planID        int64
	serverGroupID string
}

func parseProduct(config map[string]string) (product, error) {
	if err := sdk.CheckSettings(productSchema, config); err != nil {
		return product{}, err
	}
	values := sdk.WithDefaults(productSchema, config)
	plan, _ := strconv.ParseInt(values[keyPlanID], 10, 64)
	return product{planID: plan, serverGroupID: strings.ToLower(values[keyServerGroupID])}, nil
}

// defaultHTTP is the HTTP client used when New is given none.
func defaultHTTP() *http.Client { return &http.Client{} }
