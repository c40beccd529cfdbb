package emails

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Template is one notification's email: a subject line and a markdown body,
// both Go text/template source.
type Template struct {
	// Key names the notification, e.g. "invoice_created".
	Key string
	// Subject is the subject line's template; it renders to one line.
	Subject string
	// Body is the markdown body's template.
	Body string
	// Description says when the notification is sent, for staff.
	Description string
}

//go:embed templates/*.md
var templateFiles embed.FS

// defaults are the embedded templates by key, parsed once: a malformed file
// is a build mistake, so it panics at start and in the tests.
var defaults = mustLoadDefaults(templateFiles)

// Default returns the embedded default template for key, and false when
// there is none.
func Default(key string) (Template, bool) {
	t, ok := defaults[key]
	return t, ok
}

// Keys lists the keys of the embedded templates, sorted.
func Keys() []string {
	keys := make([]string, 0, len(defaults))
	for k := range defaults {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func mustLoadDefaults(fsys fs.FS) map[string]Template {
	files, err := fs.Glob(fsys, "templates/*.md")
	if err != nil {
		panic(err)
	}
	out := make(map[string]Template, len(files))
	for _, name := range files {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(err)
		}
		t, err := parseFile(strings.TrimSuffix(path.Base(name), ".md"), string(raw))
		if err != nil {
			panic(fmt.Sprintf("emails: %s: %v", name, err))
		}
		out[t.Key] = t
	}
	return out
}

// parseFile splits a template file into its front matter (subject,
// description) and body.
func parseFile(key, raw string) (Template, error) {
	raw = strings.ReplaceAll(raw, "\r\n", "\n")
	rest, ok := strings.CutPrefix(raw, "---\n")
	if !ok {
		return Template{}, fmt.Errorf("no front matter: the file must start with ---")
	}
	head, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return Template{}, fmt.Errorf("front matter is not closed with ---")
	}
	t := Template{Key: key, Body: strings.TrimLeft(body, "\n")}
	for line := range strings.SplitSeq(head, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return Template{}, fmt.Errorf("front matter line %q is not name: value", line)
		}
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(name) {
		case "subject":
			t.Subject = value
		case "description":
			t.Description = value
		default:
			// a typo here would silently lose a subject
			return Template{}, fmt.Errorf("unknown front matter field %q", name)
		}
	}
	if t.Subject == "" {
		return Template{}, fmt.Errorf("no subject")
	}
	if strings.TrimSpace(t.Body) == "" {
		return Template{}, fmt.Errorf("empty body")
	}
	return t, nil
}
