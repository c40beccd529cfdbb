package host

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
)

// logStream turns what a plugin writes into records of the app's log. The
// SDK's logger writes hclog JSON lines ({"@level":…,"@message":…, key:
// value…}), which keep their level, time and attributes; any other line is
// logged as text at the stream's level, and after a Go panic header at error.
type logStream struct {
	log   *slog.Logger
	level slog.Level

	mu      sync.Mutex
	buf     []byte
	inPanic bool
}

// maxLogLine cuts a line that never ends, so a plugin cannot grow the
// host's memory by writing without newlines.
const maxLogLine = 64 << 10

func newLogStream(log *slog.Logger, level slog.Level) *logStream {
	return &logStream{log: log, level: level}
}

// Write takes any chunk of output; records are made per complete line.
func (s *logStream) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = append(s.buf, p...)
	start := 0
	for {
		i := bytes.IndexByte(s.buf[start:], '\n')
		if i < 0 {
			break
		}
		s.emit(s.buf[start : start+i])
		start += i + 1
	}
	// Keep the unfinished line at the front so buf does not creep forward.
	s.buf = s.buf[:copy(s.buf, s.buf[start:])]
	if len(s.buf) > maxLogLine {
		s.emit(s.buf)
		s.buf = s.buf[:0]
	}
	return len(p), nil
}

func (s *logStream) emit(line []byte) {
	line = bytes.TrimRight(line, "\r")
	if len(bytes.TrimSpace(line)) == 0 {
		return
	}
	rec, ok := parseHCLogLine(line)
	if !ok {
		text := string(line)
		level := s.level
		if strings.HasPrefix(text, "panic: ") || strings.HasPrefix(text, "fatal error: ") {
			s.inPanic = true
		}
		if s.inPanic {
			level = slog.LevelError
		}
		rec = slog.NewRecord(time.Now(), level, text, 0)
	}
	ctx := context.Background()
	if h := s.log.Handler(); h.Enabled(ctx, rec.Level) {
		_ = h.Handle(ctx, rec)
	}
}

// parseHCLogLine reads one hclog JSON line; ok is false for anything else.
func parseHCLogLine(line []byte) (slog.Record, bool) {
	if len(line) == 0 || line[0] != '{' {
		return slog.Record{}, false
	}
	var fields map[string]any
	if json.Unmarshal(line, &fields) != nil {
		return slog.Record{}, false
	}
	msg, ok := fields["@message"].(string)
	if !ok {
		return slog.Record{}, false
	}
	levelName, _ := fields["@level"].(string)
	at := time.Now()
	if ts, ok := fields["@timestamp"].(string); ok {
		if parsed, err := time.Parse(time.RFC3339Nano, ts); err == nil {
			at = parsed
		}
	}
	rec := slog.NewRecord(at, hclogLevel(levelName), msg, 0)
	if module, ok := fields["@module"].(string); ok && module != "" {
		rec.AddAttrs(slog.String("module", module))
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		if !strings.HasPrefix(k, "@") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		rec.AddAttrs(slog.Any(k, fields[k]))
	}
	return rec, true
}

// hclogLevel maps hclog's level names onto slog's levels; trace sits below
// debug.
func hclogLevel(name string) slog.Level {
	switch strings.ToLower(name) {
	case "trace":
		return slog.LevelDebug - 4
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}
