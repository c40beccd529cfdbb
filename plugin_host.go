package main

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/plugins/host"
)

// newPluginHost is the host of the provisioner plugins found in
// HOSTBASE_PLUGINS_DIR (default: bin/plugins beside the binary), stopped
// with the app. HOSTBASE_PLUGIN_TIMEOUT (a Go duration) bounds each call.
func newPluginHost(app core.App) (*host.Host, error) {
	cfg := host.Config{Dir: host.DefaultDir(), Logger: slog.New(appLogHandler{app})}
	if v := os.Getenv("HOSTBASE_PLUGIN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, &envError{name: "HOSTBASE_PLUGIN_TIMEOUT", value: v, want: "a duration such as 60s"}
		}
		cfg.CallTimeout = d
	}
	if v := os.Getenv("HOSTBASE_PLUGIN_CONCURRENCY"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, &envError{name: "HOSTBASE_PLUGIN_CONCURRENCY", value: v, want: "a whole number ≥ 1"}
		}
		cfg.MaxConcurrent = n
	}
	h := host.New(cfg)
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		_ = h.Close()
		return e.Next()
	})
	return h, nil
}

type envError struct{ name, value, want string }

func (e *envError) Error() string { return e.name + "=" + strconv.Quote(e.value) + ": want " + e.want }

// appLogHandler writes the plugins' logs to the app's logger, which exists
// only once the app has bootstrapped (the host is made before).
type appLogHandler struct{ app core.App }

func (h appLogHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.app.Logger().Handler().Enabled(ctx, l)
}

func (h appLogHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.app.Logger().Handler().Handle(ctx, r)
}

func (h appLogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return boundHandler{app: h.app, attrs: attrs}
}

func (h appLogHandler) WithGroup(name string) slog.Handler {
	return boundHandler{app: h.app, group: name}
}

// boundHandler is appLogHandler with attributes or a group, applied when a
// record is handled so that the app's logger is still read late.
type boundHandler struct {
	app   core.App
	attrs []slog.Attr
	group string
}

func (h boundHandler) handler() slog.Handler {
	base := h.app.Logger().Handler()
	if h.group != "" {
		base = base.WithGroup(h.group)
	}
	if len(h.attrs) > 0 {
		base = base.WithAttrs(h.attrs)
	}
	return base
}

func (h boundHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.handler().Enabled(ctx, l)
}
func (h boundHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.handler().Handle(ctx, r)
}
func (h boundHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return boundHandler{app: h.app, group: h.group, attrs: append(append([]slog.Attr(nil), h.attrs...), attrs...)}
}
func (h boundHandler) WithGroup(name string) slog.Handler {
	return boundHandler{app: h.app, group: name, attrs: h.attrs}
}
