package host

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

func TestListDescribesEveryPluginFileAndKeepsServingTheGoodOnes(t *testing.T) {
	h := newHost(t, Config{})
	infos := h.List(context.Background())

	// Each broken file is named with what a person must do about it.
	wantErr := map[string]string{
		"Bad.Name":   "must be lowercase letters, digits, _ and -",
		"impostor":   `declares the name "testplugin"; rename the file to hostbase-provisioner-testplugin`,
		"noexec":     "is not executable",
		"notaplugin": "hello, I am not a plugin",
		"oldproto":   "plugin oldproto speaks protocol 2, this Hostbase speaks 1; rebuild the plugin against plugins/sdk of this version",
		"quits":      "is not a working Hostbase plugin",
	}
	var names []string
	for _, info := range infos {
		names = append(names, info.Name)
		if info.Path != filepath.Join(pluginDir, sdk.BinaryPrefix+info.Name) {
			t.Errorf("%s: path %s", info.Name, info.Path)
		}
		want, broken := wantErr[info.Name]
		if !broken {
			if info.Err != nil {
				t.Errorf("%s: unexpected error %v", info.Name, info.Err)
			} else if info.Metadata.Name != info.Name || info.Metadata.Version != "1.2.3" {
				t.Errorf("%s: metadata %+v", info.Name, info.Metadata)
			}
			continue
		}
		if info.Err == nil {
			t.Errorf("%s: listed as working", info.Name)
			continue
		}
		e := asError(t, info.Err)
		if e.Kind != sdk.KindInvalidConfig || e.Reason != ReasonPluginUnusable || !strings.Contains(e.Message, want) {
			t.Errorf("%s: got %s %q %q, want invalid_config plugin_unusable containing %q", info.Name, e.Kind, e.Reason, e.Message, want)
		}
	}
	want := []string{"Bad.Name", "impostor", "noexec", "notaplugin", "oldproto", "quits", "second", "testplugin"}
	if !slices.Equal(names, want) {
		t.Fatalf("List names %v, want %v (sorted, README ignored)", names, want)
	}
	if got, err := h.Names(); err != nil || !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, %v; want %v", got, err, want)
	}

	// The broken neighbours do not stop the good plugins from serving.
	st, err := mustProvisioner(t, h, "testplugin").Status(context.Background(), request(nil))
	if err != nil || st.State != sdk.StateMissing {
		t.Fatalf("Status after List = %+v, %v", st, err)
	}
	// No process is left behind by the plugins that failed to start.
	for _, name := range []string{"impostor", "oldproto"} {
		if pids := processesOf(t, filepath.Join(pluginDir, sdk.BinaryPrefix+name)); len(pids) > 0 {
			t.Errorf("%s: processes %v still running", name, pids)
		}
	}
}

func TestUnknownPluginNameIsNotFoundNamingTheDir(t *testing.T) {
	h := newHost(t, Config{})
	for _, name := range []string{"nope", "../" + filepath.Base(pluginDir) + "/hostbase-provisioner-testplugin", ""} {
		_, err := h.Provisioner(name)
		if err == nil {
			t.Fatalf("Provisioner(%q) succeeded", name)
		}
		e := asError(t, err)
		if e.Kind != sdk.KindInvalidConfig || e.Reason != ReasonPluginNotFound || !strings.Contains(e.Message, pluginDir) {
			t.Errorf("Provisioner(%q): %v; want plugin_not_found naming %s", name, err, pluginDir)
		}
		if _, err := h.Metadata(context.Background(), name); err == nil {
			t.Errorf("Metadata(%q) succeeded", name)
		}
	}
}

func TestOldProtocolPluginIsRefusedOnCallWithBothVersions(t *testing.T) {
	h := newHost(t, Config{})
	_, err := mustProvisioner(t, h, "oldproto").Status(context.Background(), request(nil))
	e := asError(t, err)
	want := "plugin oldproto speaks protocol 2, this Hostbase speaks 1; rebuild the plugin against plugins/sdk of this version"
	if e.Kind != sdk.KindInvalidConfig || e.Reason != ReasonPluginUnusable || e.Message != want {
		t.Fatalf("got %s %s %q; want invalid_config plugin_unusable %q", e.Kind, e.Reason, e.Message, want)
	}
	if h.Pid("oldproto") != 0 {
		t.Fatal("a refused plugin is still running")
	}
}

func TestMissingDirListsNothingAndNamesSaysWhy(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "absent")
	h := newHost(t, Config{Dir: dir})
	if infos := h.List(context.Background()); len(infos) != 0 {
		t.Fatalf("List = %v", infos)
	}
	if _, err := h.Names(); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Names error %v, want not exist", err)
	}
}

func TestPluginSilentAtStartIsUnusableAfterStartTimeout(t *testing.T) {
	dir := t.TempDir()
	script := "#!/bin/sh\nexec /bin/sleep 30\n"
	if err := os.WriteFile(filepath.Join(dir, sdk.BinaryPrefix+"silent"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	h := newHost(t, Config{Dir: dir, StartTimeout: 300 * time.Millisecond})
	began := time.Now()
	_, err := h.Metadata(context.Background(), "silent")
	if took := time.Since(began); took > 3*time.Second {
		t.Fatalf("start took %s with a 300ms start timeout", took)
	}
	e := asError(t, err)
	if e.Reason != ReasonPluginUnusable || !strings.Contains(e.Message, "no handshake before the start timeout") {
		t.Fatalf("got %v", err)
	}
	if pids := processesOf(t, "/bin/sleep"); len(pids) > 0 {
		for _, pid := range pids {
			if ppid(pid) == os.Getpid() {
				t.Fatalf("the silent plugin (pid %d) is still running", pid)
			}
		}
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("HOSTBASE_PLUGINS_DIR", "/opt/hostbase/plugins")
	if got := DefaultDir(); got != "/opt/hostbase/plugins" {
		t.Fatalf("with HOSTBASE_PLUGINS_DIR: %s", got)
	}
	t.Setenv("HOSTBASE_PLUGINS_DIR", "")
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	if got, want := DefaultDir(), filepath.Join(filepath.Dir(exe), "plugins"); got != want {
		t.Fatalf("DefaultDir() = %s, want %s", got, want)
	}
}
