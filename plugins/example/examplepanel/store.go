package examplepanel

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The states a server file records.
const (
	stateBuilding  = "building"
	stateRunning   = "running"
	stateSuspended = "suspended"
)

// The positions of a server's power switch.
const (
	powerOn  = "on"
	powerOff = "off"
)

// server is one server file: what a real panel keeps in its database.
type server struct {
	RemoteID       string `json:"remote_id"`
	IdempotencyKey string `json:"idempotency_key"`
	ServiceID      string `json:"service_id"`
	State          string `json:"state"`
	// Power is the power switch, powerOn or powerOff, apart from State:
	// a suspended server comes back in the power state it had.
	Power        string    `json:"power"`
	Plan         string    `json:"plan"`
	MemoryMB     int64     `json:"memory_mb"`
	OS           string    `json:"os"`
	Hostname     string    `json:"hostname"`
	IP           string    `json:"ip"`
	RootPassword string    `json:"root_password"`
	CreatedAt    time.Time `json:"created_at"`
	// ReadyAt is when the build finishes. The file says "building" until
	// a Create (or any later write) records it running; readers count it
	// running once ReadyAt has passed.
	ReadyAt time.Time `json:"ready_at"`
}

// errCorrupt marks a server file that is not valid JSON: someone edited
// it by hand.
var errCorrupt = errors.New("not a valid server file")

// store is the directory of server files, <remote id>.json each. Every
// write is atomic (a temporary file renamed or linked into place), so a
// reader, or a plugin killed mid-write, never sees half a file.
type store struct {
	dir string
}

func (s store) path(id string) string { return filepath.Join(s.dir, id+".json") }

// read returns the server with the id, or an error wrapping fs.ErrNotExist.
func (s store) read(id string) (*server, error) {
	b, err := os.ReadFile(s.path(id))
	if err != nil {
		return nil, err
	}
	var srv server
	if err := json.Unmarshal(b, &srv); err != nil {
		return nil, fmt.Errorf("server file %s: %w: %v", s.path(id), errCorrupt, err)
	}
	return &srv, nil
}

// create writes srv's file if there is none, and reports whether it did.
// It is the exclusive create across processes: link(2) fails when the name
// exists, as O_EXCL does, and unlike an O_EXCL open it puts the whole file
// in place at once, so a second process never finds an empty one.
func (s store) create(srv *server) (bool, error) {
	tmp, err := s.writeTemp(srv)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, s.path(srv.RemoteID)); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// write replaces srv's file.
func (s store) write(srv *server) error {
	tmp, err := s.writeTemp(srv)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path(srv.RemoteID)); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// writeTemp writes srv to a new hidden file beside its final name. There
// is no fsync: the rename is atomic against a crash of the plugin, which
// is what exactly-once needs; surviving a power cut is a real panel's job.
func (s store) writeTemp(srv *server) (string, error) {
	b, err := json.MarshalIndent(srv, "", "  ")
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(s.dir, ".tmp-"+srv.RemoteID+"-*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(b)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// remove deletes the server's file; a missing one is already removed.
func (s store) remove(id string) error {
	if err := os.Remove(s.path(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// ids lists the servers' ids. It reads the whole directory, so only
// ListRemote, CheckAvailability and TestConnection (and Create when a
// server limit is set) call it.
func (s store) ids() ([]string, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range entries {
		// Hidden files are the token and temporary files.
		name := e.Name()
		if id, ok := strings.CutSuffix(name, ".json"); ok && !strings.HasPrefix(name, ".") && idRE.MatchString(id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}
