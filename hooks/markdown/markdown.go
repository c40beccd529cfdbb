// Package markdown renders what customers and staff write (ticket
// messages, knowledge base articles, announcements) to HTML that is safe to
// put in a page as is, and refuses text that tries to smuggle script in.
//
// Rendering happens once, when a record is saved, so reading is a plain
// record fetch: the stored HTML is what every page shows.
package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Without gmhtml.WithUnsafe goldmark drops raw HTML; the transformer below
// keeps only links and images whose scheme a page may follow.
var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(linkPolicy{}, 100)),
	),
	goldmark.WithRendererOptions(gmhtml.WithHardWraps()),
)

// inspect parses as md does, without the link policy, so that Check sees
// the links Render would drop.
var inspect = goldmark.New(goldmark.WithExtensions(extension.GFM))

// Render returns src as safe HTML: GFM (tables, strikethrough, task lists,
// autolinks), raw HTML dropped, links and images limited to http, https,
// mailto and relative addresses, and every link marked rel="nofollow ugc
// noopener".
func Render(src string) string {
	var out bytes.Buffer
	// goldmark writes to a bytes.Buffer without error.
	_ = md.Convert([]byte(src), &out)
	return out.String()
}

// Check reports why src must be refused rather than rendered: a script,
// an event handler or a frame in raw HTML, or a link to a script URL. Safe
// raw HTML (<b>, <br>) is not refused; Render simply drops it.
func Check(src string) error {
	if m := dangerousHTML.FindString(src); m != "" {
		return fmt.Errorf("remove %q: scripts, frames and event handlers are not allowed", strings.TrimSpace(m))
	}
	source := []byte(src)
	doc := inspect.Parser().Parse(text.NewReader(source), parser.WithContext(parser.NewContext()))
	var bad string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if dest, ok := destination(n, source); ok && !allowed(dest) {
			bad = dest
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if bad != "" {
		return fmt.Errorf("the link %q is not allowed: use an http, https or mailto address", bad)
	}
	return nil
}

// dangerousHTML matches the markup that is only ever written to run code:
// script-bearing tags, event handler attributes, and script URLs inside a
// tag. Prose that merely mentions "javascript:" passes; links are checked
// on the parsed document.
var dangerousHTML = regexp.MustCompile(`(?i)<\s*/?\s*(script|iframe|object|embed|frame|frameset|applet|base|meta|link|style|form|svg|math)\b` +
	`|<[a-z][^>]*\s(on[a-z]+)\s*=` +
	`|<[a-z][^>]*(javascript|vbscript|livescript)\s*:` +
	`|<[a-z][^>]*data\s*:\s*text/html`)

// linkPolicy unlinks what allowed refuses: the text of a refused link
// stays, the address goes; a refused image becomes its alt text.
type linkPolicy struct{}

func (linkPolicy) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var refused []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		dest, ok := destination(n, reader.Source())
		if !ok {
			return ast.WalkContinue, nil
		}
		if !allowed(dest) {
			refused = append(refused, n)
			return ast.WalkSkipChildren, nil
		}
		if link, isLink := n.(*ast.Link); isLink {
			link.SetAttributeString("rel", []byte("nofollow ugc noopener"))
		}
		if auto, isAuto := n.(*ast.AutoLink); isAuto {
			auto.SetAttributeString("rel", []byte("nofollow ugc noopener"))
		}
		return ast.WalkContinue, nil
	})
	for _, n := range refused {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if auto, isAuto := n.(*ast.AutoLink); isAuto {
			parent.ReplaceChild(parent, n, ast.NewString(auto.Label(reader.Source())))
			continue
		}
		// Move the link's text (or the image's alt text) up in its place.
		for child := n.FirstChild(); child != nil; {
			next := child.NextSibling()
			parent.InsertBefore(parent, n, child)
			child = next
		}
		parent.RemoveChild(parent, n)
	}
}

// destination returns the address of a link, autolink or image.
func destination(n ast.Node, source []byte) (string, bool) {
	switch v := n.(type) {
	case *ast.Link:
		return string(v.Destination), true
	case *ast.Image:
		return string(v.Destination), true
	case *ast.AutoLink:
		if v.AutoLinkType == ast.AutoLinkEmail {
			return "mailto:x", true
		}
		return string(v.URL(source)), true
	}
	return "", false
}

// allowed reports whether a page may link to dest: http, https, mailto,
// or an address without a scheme (relative, or an anchor).
func allowed(dest string) bool {
	dest = strings.TrimSpace(dest)
	// Browsers ignore control characters and whitespace inside a scheme.
	cleaned := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, dest)
	u, err := url.Parse(cleaned)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		// "//host/x" is an absolute link too; fine. A colon before any
		// slash without a parsed scheme would be odd: refuse it.
		return u.Scheme != "" || !strings.Contains(strings.SplitN(cleaned, "/", 2)[0], ":")
	}
	return false
}
