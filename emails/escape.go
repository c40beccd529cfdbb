package emails

import (
	"fmt"
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"
)

// escapeFunc is the template function appended to every output action of a
// body rendered as HTML; in the plain-text pass it is the identity.
const escapeFunc = "escapeMarkdown"

// escapeActions appends escapeFunc to the pipeline of every action that
// writes output, in every template t defines, the way html/template adds its
// escapers: whatever a field prints reaches the markdown as literal text.
func escapeActions(t *template.Template) {
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			escapeList(tt.Tree.Root)
		}
	}
}

func escapeList(l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			// {{$x := …}} and {{$x = …}} print nothing
			if len(n.Pipe.Decl) == 0 {
				n.Pipe.Cmds = append(n.Pipe.Cmds, &parse.CommandNode{
					NodeType: parse.NodeCommand,
					Pos:      n.Pos,
					Args:     []parse.Node{parse.NewIdentifier(escapeFunc).SetTree(nil).SetPos(n.Pos)},
				})
			}
		case *parse.IfNode:
			escapeList(n.List)
			escapeList(n.ElseList)
		case *parse.RangeNode:
			escapeList(n.List)
			escapeList(n.ElseList)
		case *parse.WithNode:
			escapeList(n.List)
			escapeList(n.ElseList)
		}
	}
}

// EscapeMarkdown returns s as markdown that renders to the text s: every
// ASCII punctuation character is backslash-escaped (so no link, tag,
// emphasis, table cell or entity can start), and each run of spaces, tabs
// and line breaks becomes one space (so no new block or indented code can
// start; HTML shows a run of whitespace as one space anyway). Backslash
// escapes are not processed inside code spans and autolinks, so fields
// belong in plain text and in [text](destination) links, not in `code` or
// <autolinks>.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isASCIISpace(c) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if isASCIIPunct(c) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// escapeValues prints args as text/template would print the pipeline's value
// and escapes the result for markdown.
func escapeValues(args ...any) string {
	return EscapeMarkdown(printValues(args...))
}

// identity is escapeFunc in the plain-text pass.
func identity(args ...any) string { return printValues(args...) }

// printValues formats like text/template's own printing: a single pointer
// is followed to what it points at unless it is a Stringer or an error.
func printValues(args ...any) string {
	if len(args) == 1 {
		v := reflect.ValueOf(args[0])
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			if _, ok := v.Interface().(fmt.Stringer); ok {
				break
			}
			if _, ok := v.Interface().(error); ok {
				break
			}
			v = v.Elem()
		}
		if v.IsValid() {
			return fmt.Sprint(v.Interface())
		}
	}
	return fmt.Sprint(args...)
}
