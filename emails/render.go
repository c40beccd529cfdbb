package emails

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"text/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// Rendered is an email ready to send.
type Rendered struct {
	// Subject is one line of plain text.
	Subject string
	// HTML is a whole HTML document: the markdown body rendered safely.
	HTML string
	// Text is the plain-text alternative: the markdown body with the values
	// substituted as they are.
	Text string
}

// Error is a template that does not parse or does not render with the data
// given; Field says which part is at fault, "subject" or "body".
type Error struct {
	Field string
	Err   error
}

// Error returns the field and the template's error.
func (e *Error) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap returns the template's error.
func (e *Error) Unwrap() error { return e.Err }

// markdown renders the body: GFM (tables, strikethrough, autolinked URLs)
// with hard wraps, since email text is written line by line (a signature
// under "Thanks,"). Without html.WithUnsafe, raw HTML is dropped and
// javascript:, vbscript:, file: and data: (but images) links are blanked.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(gmhtml.WithHardWraps()),
)

// scriptScheme finds a script URL scheme left as visible text (a customer
// named "[x](javascript:…)" is shown as typed); its colon is written as an
// entity so that no mail client can take the text for a link.
var scriptScheme = regexp.MustCompile(`(?i)\b(javascript|vbscript):`)

// Render renders tmpl with data: the subject as one line of text, the body
// through text/template into markdown, and the markdown into HTML. Every
// value a template field prints is escaped as markdown in the HTML, so data
// cannot add markup, links or HTML. A template that does not parse or does
// not render returns an *Error naming the field.
func Render(tmpl Template, data any) (Rendered, error) {
	subject, err := execute("subject", tmpl.Subject, data, identity, false)
	if err != nil {
		return Rendered{}, &Error{Field: "subject", Err: err}
	}
	// one line: a line break in a header would end it
	subject = strings.Join(strings.Fields(subject), " ")
	if subject == "" {
		return Rendered{}, &Error{Field: "subject", Err: errors.New("renders to an empty subject")}
	}

	text, err := execute("body", tmpl.Body, data, identity, false)
	if err != nil {
		return Rendered{}, &Error{Field: "body", Err: err}
	}
	md, err := execute("body", tmpl.Body, data, escapeValues, true)
	if err != nil {
		return Rendered{}, &Error{Field: "body", Err: err}
	}
	if strings.TrimSpace(text) == "" {
		return Rendered{}, &Error{Field: "body", Err: errors.New("renders to an empty body")}
	}

	var body bytes.Buffer
	if err := markdown.Convert([]byte(md), &body); err != nil {
		return Rendered{}, &Error{Field: "body", Err: fmt.Errorf("markdown: %w", err)}
	}
	return Rendered{
		Subject: subject,
		HTML:    scriptScheme.ReplaceAllString(layout(subject, body.String()), "${1}&#58;"),
		Text:    strings.TrimSpace(text) + "\n",
	}, nil
}

// execute parses and runs one template. A field missing from data is an
// error rather than "<no value>" in a customer's inbox.
func execute(name, src string, data any, escape func(...any) string, escapeOutput bool) (string, error) {
	t, err := template.New(name).Funcs(funcs(escape)).Option("missingkey=error").Parse(src)
	if err != nil {
		return "", err
	}
	if escapeOutput {
		escapeActions(t)
	}
	var out strings.Builder
	if err := t.Execute(&out, data); err != nil {
		return "", err
	}
	return out.String(), nil
}

// layout wraps a rendered body in a plain HTML document with inline styles,
// the only styling most mail clients keep.
func layout(subject, body string) string {
	return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>` + html.EscapeString(subject) + `</title>
</head>
<body style="margin:0;padding:24px;background:#ffffff;color:#1f2328;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5">
<div style="max-width:600px;margin:0 auto">
` + body + `</div>
</body>
</html>
`
}
