package examplepanel

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// panel is a server's settings, checked, and the store they point at.
type panel struct {
	name       string
	store      store
	maxServers int64
	build      time.Duration
	ssoBase    string
}

// open checks the server's settings and token and returns the panel they
// describe. Every call starts here: Hostbase sends the settings with each
// call and the plugin keeps none.
func open(s sdk.Server) (*panel, error) {
	values := maps.Clone(s.Config)
	if values == nil {
		values = map[string]string{}
	}
	maps.Copy(values, s.Credentials)
	if err := sdk.CheckSettings(serverSchema, values); err != nil {
		return nil, err
	}
	values = sdk.WithDefaults(serverSchema, values)

	dir := values[keyDirectory]
	if !filepath.IsAbs(dir) {
		// The plugin runs in Hostbase's working directory, which staff do
		// not choose: a relative path would land somewhere unexpected.
		return nil, sdk.InvalidConfig(keyDirectory, "%q is not an absolute path", dir)
	}
	if err := checkToken(dir, values[keyAPIToken]); err != nil {
		return nil, err
	}
	// ValidateConfig has checked both are whole numbers within bounds.
	maxServers, _ := strconv.ParseInt(values[keyMaxServers], 10, 64)
	buildMS, _ := strconv.ParseInt(values[keyBuildMS], 10, 64)
	name := s.Name
	if name == "" {
		name = "The example panel"
	}
	return &panel{name: name, store: store{dir: dir}, maxServers: maxServers,
		build: time.Duration(buildMS) * time.Millisecond, ssoBase: values[keySSOBaseURL]}, nil
}

// checkToken compares the token with <dir>/.token, the way a panel's API
// would answer 401. With no .token file any token is accepted, once the
// directory is known to exist.
func checkToken(dir, token string) error {
	want, err := os.ReadFile(filepath.Join(dir, ".token"))
	switch {
	case err == nil:
		if subtle.ConstantTimeCompare(bytes.TrimSpace(want), []byte(token)) != 1 {
			return sdk.InvalidConfig(keyAPIToken, "the panel refused the API token")
		}
		return nil
	case errors.Is(err, fs.ErrNotExist):
		info, statErr := os.Stat(dir)
		if statErr != nil || !info.IsDir() {
			return sdk.InvalidConfig(keyDirectory, "%s is not a directory", dir)
		}
		return nil
	default:
		return sdk.Retryable(fmt.Errorf("read the panel's token: %w", err))
	}
}

// product is a product config, checked.
type product struct {
	plan     string
	memoryMB int64
	os       string
}

func parseProduct(config map[string]string) (product, error) {
	if err := sdk.CheckSettings(productSchema, config); err != nil {
		return product{}, err
	}
	values := sdk.WithDefaults(productSchema, config)
	memory, _ := strconv.ParseInt(values[keyMemoryMB], 10, 64)
	return product{plan: values[keyPlan], memoryMB: memory, os: values[keyOS]}, nil
}
