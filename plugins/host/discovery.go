package host

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Info is what List knows of one plugin file.
type Info struct {
	// Name is the file name without its hostbase-provisioner- prefix.
	Name string
	Path string
	// Metadata is the plugin's own description, when it started.
	Metadata sdk.Metadata
	// Err says why the plugin cannot be used; nil when it can.
	Err error
}

// pluginNameRE is what a plugin name may be (the SDK's rule for
// Metadata.Name); it also keeps a name from leaving Dir.
var pluginNameRE = regexp.MustCompile(`^[a-z0-9_-]+$`)

// Names returns the plugin names of the hostbase-provisioner-* files in
// Dir, sorted, whether or not they work (List tells).
func (h *Host) Names() ([]string, error) {
	files, err := h.files()
	if err != nil {
		return nil, err
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return names, nil
}

// List describes every hostbase-provisioner-* file in Dir, sorted by name,
// starting each plugin not yet started to read its metadata. A broken one
// has Err set; a missing Dir lists nothing.
func (h *Host) List(ctx context.Context) []Info {
	files, err := h.files()
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return []Info{{Path: h.cfg.Dir, Err: err}}
	}
	var wg sync.WaitGroup
	for i := range files {
		if files[i].Err != nil {
			continue
		}
		wg.Go(func() {
			files[i].Metadata, files[i].Err = h.Metadata(ctx, files[i].Name)
		})
	}
	wg.Wait()
	return files
}

// files lists the candidate files of Dir, with Err set on those that cannot
// be plugins at all.
func (h *Host) files() ([]Info, error) {
	entries, err := os.ReadDir(h.cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("plugins directory: %w", err)
	}
	var files []Info
	for _, e := range entries { // ReadDir sorts by file name
		if !strings.HasPrefix(e.Name(), sdk.BinaryPrefix) {
			continue
		}
		name := strings.TrimPrefix(e.Name(), sdk.BinaryPrefix)
		path := filepath.Join(h.cfg.Dir, e.Name())
		files = append(files, Info{Name: name, Path: path, Err: checkExecutable(name, path)})
	}
	return files, nil
}

// executable returns the path of the plugin called name, or why there is
// none.
func (h *Host) executable(name string) (string, error) {
	if !pluginNameRE.MatchString(name) {
		return "", notFound(name, h.cfg.Dir)
	}
	path := filepath.Join(h.cfg.Dir, sdk.BinaryPrefix+name)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", notFound(name, h.cfg.Dir)
	}
	if err := checkExecutable(name, path); err != nil {
		return "", err
	}
	return path, nil
}

// checkExecutable says what keeps the file at path from being run as the
// plugin called name.
func checkExecutable(name, path string) error {
	if !pluginNameRE.MatchString(name) {
		return unusable("%s: the name after %s must be lowercase letters, digits, _ and -", path, sdk.BinaryPrefix)
	}
	st, err := os.Stat(path) // follows a symlink, which may point anywhere
	switch {
	case err != nil:
		return unusable("plugin %s: %v", name, err)
	case !st.Mode().IsRegular():
		return unusable("plugin %s: %s is not a regular file", name, path)
	case st.Mode().Perm()&0o111 == 0:
		return unusable("plugin %s: %s is not executable (chmod +x it)", name, path)
	}
	return nil
}
