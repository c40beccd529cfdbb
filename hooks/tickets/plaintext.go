package tickets

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockElements end a line of text.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Tr: true, atom.Table: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Pre: true, atom.Hr: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true,
}

// skippedElements hold no text a reader wants: scripts, styles, and the
// quoted earlier mail that mail clients put in a blockquote or a quote
// container.
var skippedElements = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Head: true, atom.Title: true}

var blankRuns = regexp.MustCompile(`\n{3,}`)

// PlainText turns HTML (a rendered message, or the HTML part of a mail)
// into text: blocks on their own lines, links as "text (url)", scripts and
// styles dropped, blank lines collapsed.
func PlainText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	var skipDepth int
	var skipTag atom.Atom
	var href string
	var linkStart int
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidy(b.String())
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if skipDepth > 0 {
				if tok.DataAtom == skipTag && tt == html.StartTagToken {
					skipDepth++
				}
				continue
			}
			if skippedElements[tok.DataAtom] || quoteContainer(tok) {
				if tt == html.StartTagToken && tok.DataAtom != atom.Br {
					skipDepth, skipTag = 1, tok.DataAtom
				}
				continue
			}
			if blockElements[tok.DataAtom] {
				b.WriteString("\n")
			}
			if tok.DataAtom == atom.Li {
				b.WriteString("- ")
			}
			if tok.DataAtom == atom.A {
				href, linkStart = attr(tok, "href"), b.Len()
			}
			if tok.DataAtom == atom.Img {
				if alt := attr(tok, "alt"); alt != "" {
					b.WriteString(alt)
				}
			}
		case html.EndTagToken:
			tok := z.Token()
			if skipDepth > 0 {
				if tok.DataAtom == skipTag {
					skipDepth--
				}
				continue
			}
			// A list item's line ends where the next one starts.
			if blockElements[tok.DataAtom] && tok.DataAtom != atom.Li {
				b.WriteString("\n")
			}
			if tok.DataAtom == atom.A && href != "" {
				text := strings.TrimSpace(b.String()[linkStart:])
				if text != href && !strings.HasPrefix(href, "mailto:") {
					b.WriteString(" (" + href + ")")
				}
				href = ""
			}
		case html.TextToken:
			if skipDepth > 0 {
				continue
			}
			b.WriteString(collapseSpace(string(z.Text())))
		}
	}
}

// quoteContainer reports an element in which a mail client put the
// message being answered: a blockquote, Gmail's gmail_quote, Outlook's
// divRplyFwdMsg, Apple Mail's type=cite.
func quoteContainer(tok html.Token) bool {
	if tok.DataAtom == atom.Blockquote && attr(tok, "type") == "cite" {
		return true
	}
	class, id := attr(tok, "class"), attr(tok, "id")
	return strings.Contains(class, "gmail_quote") || strings.Contains(class, "yahoo_quoted") ||
		id == "divRplyFwdMsg" || id == "appendonsend" || strings.Contains(class, "moz-cite-prefix")
}

func attr(tok html.Token, name string) string {
	for _, a := range tok.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// collapseSpace turns each run of whitespace into one space, as a browser
// shows it.
func collapseSpace(s string) string {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		if s != "" {
			return " "
		}
		return ""
	}
	out := strings.Join(fields, " ")
	if strings.TrimLeft(s[:1], " \t\r\n") == "" {
		out = " " + out
	}
	if strings.TrimRight(s[len(s)-1:], " \t\r\n") == "" {
		out += " "
	}
	return out
}

// tidy trims each line and collapses runs of blank lines to one.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	s = strings.Join(lines, "\n")
	s = blankRuns.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}
