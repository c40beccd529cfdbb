package kb

import (
	"html"
	"strings"
	"unicode/utf8"
)

// maxExcerptRunes bounds a generated excerpt (the field holds 500).
const maxExcerptRunes = 240

// blockTags end a line of text: without a break the last word of one
// paragraph would run into the first of the next.
var blockTags = map[string]bool{
	"p": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"tr": true, "td": true, "th": true, "pre": true, "blockquote": true, "div": true, "hr": true, "ul": true, "ol": true, "table": true,
}

// PlainText returns the text of HTML rendered by hooks/markdown: tags
// removed, entities decoded, one space between words. It is what search
// indexes and what excerpts are cut from. The characters search uses to
// mark hits (U+0002, U+0003) are removed, so an article cannot fake them.
func PlainText(renderedHTML string) string {
	var b strings.Builder
	b.Grow(len(renderedHTML))
	rest := renderedHTML
	for {
		lt := strings.IndexByte(rest, '<')
		if lt < 0 {
			b.WriteString(html.UnescapeString(rest))
			break
		}
		b.WriteString(html.UnescapeString(rest[:lt]))
		gt := strings.IndexByte(rest[lt:], '>')
		if gt < 0 {
			break
		}
		tag := strings.TrimPrefix(rest[lt+1:lt+gt], "/")
		if i := strings.IndexAny(tag, " \t\n/"); i >= 0 {
			tag = tag[:i]
		}
		if blockTags[strings.ToLower(tag)] {
			b.WriteByte('\n')
		}
		rest = rest[lt+gt+1:]
	}
	return collapseSpace(b.String())
}

// collapseSpace joins words with single spaces and drops control characters.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == '\u00a0' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Excerpt cuts plain text to about maxExcerptRunes, at a word boundary,
// with an ellipsis when something was cut.
func Excerpt(text string) string {
	if utf8.RuneCountInString(text) <= maxExcerptRunes {
		return text
	}
	cut, n := 0, 0
	for i := range text {
		if n == maxExcerptRunes {
			cut = i
			break
		}
		n++
	}
	head := text[:cut]
	if sp := strings.LastIndexByte(head, ' '); sp > maxExcerptRunes/2 {
		head = head[:sp]
	}
	return strings.TrimRight(head, " ,;:.-–—") + "…"
}
