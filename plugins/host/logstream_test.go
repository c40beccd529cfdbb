package host

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestPluginLogsReachTheAppLogWithPluginNameAndLevel(t *testing.T) {
	logs := &capture{}
	h := newHost(t, Config{Logger: slog.New(logs)})
	p := mustProvisioner(t, h, "testplugin")
	_, err := p.Create(context.Background(), request(map[string]string{"log": "building the vm", "log_level": "warn"}))
	if err != nil {
		t.Fatal(err)
	}

	// Logged inside a call, after sdk.Serve took over stderr.
	var rec capturedRecord
	eventually(t, 2*time.Second, "the plugin's log line arrives", func() (ok bool) {
		rec, ok = logs.find("building the vm")
		return ok
	})
	if rec.level != slog.LevelWarn || rec.attrs["plugin"] != "testplugin" || rec.attrs["service"] != "svc1" {
		t.Fatalf("record %+v; want warn with plugin=testplugin service=svc1", rec)
	}
	// Logged by main before sdk.Serve, on the process's own stderr.
	eventually(t, 2*time.Second, "the startup line arrives", func() (ok bool) {
		rec, ok = logs.find("testplugin starting")
		return ok
	})
	if rec.level != slog.LevelInfo || rec.attrs["plugin"] != "testplugin" || rec.attrs["name"] != "testplugin" {
		t.Fatalf("startup record %+v", rec)
	}
	// A JSON line hclog did not write is kept as text (go-plugin's own
	// parser would have panicked on it).
	if _, ok := logs.find(`{"@level":"info","@message":5}`); !ok {
		t.Fatal("the odd JSON line was not logged as text")
	}
	// The host's own record of the start.
	if rec, ok := logs.find("plugin started"); !ok || rec.attrs["plugin"] != "testplugin" || rec.attrs["version"] != "1.2.3" {
		t.Fatalf("start record %+v, found %v", rec, ok)
	}
}

func TestLogStreamSplitsLinesAndKeepsLevels(t *testing.T) {
	logs := &capture{}
	s := newLogStream(slog.New(logs).With("plugin", "p"), slog.LevelInfo)
	chunks := []string{
		`{"@level":"debug","@message":"half`, ` a line","@timestamp":"2026-01-02T03:04:05.123456Z","n":3}` + "\n",
		"plain text\r\n\n",
		`{"@level":"trace","@message":"fine detail","@module":"panel"}` + "\n",
		"panic: boom\n", "goroutine 1 [running]:\n",
	}
	for _, c := range chunks {
		s.Write([]byte(c))
	}
	s.Write([]byte(strings.Repeat("x", maxLogLine+1)))

	want := []struct {
		msg   string
		level slog.Level
	}{
		{"half a line", slog.LevelDebug},
		{"plain text", slog.LevelInfo},
		{"fine detail", slog.LevelDebug - 4},
		{"panic: boom", slog.LevelError},
		{"goroutine 1 [running]:", slog.LevelError},
	}
	if len(logs.records) != len(want)+1 {
		t.Fatalf("%d records: %+v", len(logs.records), logs.records)
	}
	for i, w := range want {
		got := logs.records[i]
		if got.msg != w.msg || got.level != w.level || got.attrs["plugin"] != "p" {
			t.Errorf("record %d = %+v, want %q at %s", i, got, w.msg, w.level)
		}
	}
	if n := logs.records[0].attrs["n"]; n != float64(3) {
		t.Errorf("attribute n = %v", n)
	}
	if m := logs.records[2].attrs["module"]; m != "panel" {
		t.Errorf("module = %v", m)
	}
	if long := logs.records[len(want)].msg; len(long) != maxLogLine+1 {
		t.Errorf("an endless line was logged as %d bytes", len(long))
	}
}
