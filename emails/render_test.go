package emails

import (
	"errors"
	"strings"
	"testing"
)

type sample struct {
	Name  string
	Link  string
	Total int64
	Items []string
	Ptr   *string
}

func TestRenderEscapesEveryValueButNotTheTemplate(t *testing.T) {
	evil := `<script>alert(1)</script> [x](javascript:alert(1)) **loud** | cell`
	tmpl := Template{
		Key:     "t",
		Subject: "Hello {{.Name}}\r\nBcc: everyone@example.com",
		Body: `{{define "sig"}}Regards, {{.Name}}{{end}}Hello {{.Name}}, this is **bold** and <b>raw</b>.

Total: {{money .Total "EUR"}}

[Open {{.Name}}]({{.Link}})
{{range .Items}}
- {{.}}{{end}}

{{with .Ptr}}Note: {{.}}{{end}}

| Item | Who |
|------|-----|
| one  | {{.Name}} |

{{$n := .Name}}{{template "sig" .}} ({{$n | printf "%s!"}})
`,
	}
	note := "<img src=x onerror=alert(1)>"
	r, err := Render(tmpl, sample{Name: evil, Link: "https://example.com/a?b=1&c=2", Total: 123456, Items: []string{evil}, Ptr: &note})
	if err != nil {
		t.Fatal(err)
	}

	if r.Subject != "Hello "+evil+" Bcc: everyone@example.com" {
		t.Errorf("the subject must be one line: %q", r.Subject)
	}
	for _, bad := range []string{"<script", "<img", "javascript:", `href=""`, "<strong>loud", "<b>raw"} {
		if strings.Contains(r.HTML, bad) {
			t.Errorf("HTML holds %q:\n%s", bad, r.HTML)
		}
	}
	for _, good := range []string{
		"<strong>bold</strong>",
		"1,234.56 EUR",
		`<a href="https://example.com/a?b=1&amp;c=2">Open &lt;script&gt;`,
		"<td>&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript&#58;alert(1)) **loud** | cell</td>",
		"Note: &lt;img src=x onerror=alert(1)&gt;",
		"Regards, &lt;script&gt;",
		"cell!)",
		"<title>Hello &lt;script&gt;",
	} {
		if !strings.Contains(r.HTML, good) {
			t.Errorf("HTML lacks %q:\n%s", good, r.HTML)
		}
	}
	if strings.Count(r.HTML, "<li>") != 1 || strings.Count(r.HTML, "<td>") != 2 {
		t.Errorf("a value must not add list items or table cells:\n%s", r.HTML)
	}
	// The text part is read as text: values appear as typed.
	if !strings.Contains(r.Text, "Hello "+evil+", this is **bold**") || !strings.Contains(r.Text, "Total: 1,234.56 EUR") {
		t.Errorf("text part:\n%s", r.Text)
	}
}

func TestRenderBlanksScriptLinks(t *testing.T) {
	r, err := Render(Template{Subject: "s", Body: "[pay]({{.Link}}) [here](javascript:alert(1))"}, sample{Link: "javascript:alert(1)"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(r.HTML), "javascript") || strings.Count(r.HTML, `<a href="">`) != 2 {
		t.Errorf("script links must be blanked:\n%s", r.HTML)
	}
}

func TestRenderNamesTheFieldAtFault(t *testing.T) {
	for name, s := range map[string]struct {
		tmpl  Template
		field string
	}{
		"subject does not parse": {Template{Subject: "{{.Name", Body: "b"}, "subject"},
		"subject unknown field":  {Template{Subject: "{{.Nope}}", Body: "b"}, "subject"},
		"subject renders empty":  {Template{Subject: "{{if false}}x{{end}}  ", Body: "b"}, "subject"},
		"body does not parse":    {Template{Subject: "s", Body: "{{range .Items}}"}, "body"},
		"body unknown field":     {Template{Subject: "s", Body: "{{.Customer.Name}}"}, "body"},
		"body unknown function":  {Template{Subject: "s", Body: "{{upper .Name}}"}, "body"},
		"body bad currency":      {Template{Subject: "s", Body: `{{money .Total "XYZ"}}`}, "body"},
		"body renders empty":     {Template{Subject: "s", Body: "\n{{/* nothing */}}\n"}, "body"},
	} {
		_, err := Render(s.tmpl, sample{Name: "n"})
		var e *Error
		if !errors.As(err, &e) || e.Field != s.field {
			t.Errorf("%s: got %v, want an *Error on %s", name, err, s.field)
		}
	}
}
