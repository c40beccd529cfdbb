package host

import (
	"context"
	"fmt"
	"sort"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// InProcess is a Registry of implementations running in this process,
// keyed by each one's Metadata().Name, with the host's capability gating
// but no process, timeout or concurrency limit. It serves tests and the
// in-process baseline of the benchmarks. It panics on an implementation
// whose Metadata fails or on a name given twice: both are mistakes in the
// calling code.
func InProcess(impls ...sdk.Provisioner) Registry {
	r := inProcess{}
	for _, impl := range impls {
		meta, err := impl.Metadata(context.Background())
		if err != nil {
			panic(fmt.Sprintf("host.InProcess: Metadata of %T: %v", impl, err))
		}
		if _, dup := r[meta.Name]; dup {
			panic(fmt.Sprintf("host.InProcess: two implementations named %q", meta.Name))
		}
		r[meta.Name] = &local{impl: impl, meta: meta}
	}
	return r
}

type inProcess map[string]*local

func (r inProcess) Names() ([]string, error) {
	names := make([]string, 0, len(r))
	for name := range r {
		names = append(names, name)
	}
	sort.Strings(names)
	return names, nil
}

func (r inProcess) Metadata(_ context.Context, name string) (sdk.Metadata, error) {
	l, ok := r[name]
	if !ok {
		return sdk.Metadata{}, notRegistered(name)
	}
	return l.meta, nil
}

func (r inProcess) Provisioner(name string) (sdk.Provisioner, error) {
	l, ok := r[name]
	if !ok {
		return nil, notRegistered(name)
	}
	return provisioner{l}, nil
}

func notRegistered(name string) error {
	return &sdk.Error{Kind: sdk.KindInvalidConfig, Reason: ReasonPluginNotFound,
		Message: fmt.Sprintf("plugin %q not found: no implementation of that name in process", name)}
}

// local runs calls on an implementation in this process.
type local struct {
	impl sdk.Provisioner
	meta sdk.Metadata
}

func (l *local) metadata(context.Context) (sdk.Metadata, error) { return l.meta, nil }

func (l *local) run(ctx context.Context, method string, fn func(context.Context, sdk.Provisioner) error) error {
	if err := refuseUndeclared(l.meta.Name, method, l.meta.Capabilities); err != nil {
		return err
	}
	return fn(ctx, l.impl)
}
