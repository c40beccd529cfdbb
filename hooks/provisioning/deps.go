package provisioning

import (
	"context"
	"time"

	"github.com/ezscale/hostbase/hooks/secrets"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// Plugins finds provisioner plugins by name: the plugin host
// (plugins/host) in the binary, host.InProcess in tests.
type Plugins interface {
	Names() ([]string, error)
	Metadata(ctx context.Context, name string) (sdk.Metadata, error)
	Provisioner(name string) (sdk.Provisioner, error)
}

// Deps are what provisioning needs from outside the database.
type Deps struct {
	Plugins Plugins
	// Keys opens server and service credentials.
	Keys *secrets.Keyring
	// Workers is the size of the job worker pool under `serve`; 0 means 4,
	// negative means none (jobs then run only through RunDue).
	Workers int
	// Poll is how often idle workers look for due jobs; 0 means 1s. New
	// jobs wake a worker at once.
	Poll time.Duration
	// CallTimeout bounds one plugin call; 0 means 60s.
	CallTimeout time.Duration
}

func (d Deps) workers() int {
	switch {
	case d.Workers < 0:
		return 0
	case d.Workers == 0:
		return 4
	}
	return d.Workers
}

func (d Deps) poll() time.Duration {
	if d.Poll <= 0 {
		return time.Second
	}
	return d.Poll
}

func (d Deps) callTimeout() time.Duration {
	if d.CallTimeout <= 0 {
		return 60 * time.Second
	}
	return d.CallTimeout
}
