package tickets

import (
	"regexp"
	"strings"
)

// quoteHeaders start the earlier mail a client quotes under a reply:
// "On Mon, 2 Mar 2026 at 10:00, Jane <jane@…> wrote:" (also split over two
// lines, and in a few languages), Outlook's "-----Original Message-----"
// and its "From: …" block under a rule of underscores.
var (
	onWrote        = regexp.MustCompile(`(?i)^(on|am|le|el|il|op|em)\s.*(wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu)\s*:\s*$`)
	amSchrieb      = regexp.MustCompile(`(?i)^am\s.+\sschrieb\s.*:\s*$`)
	onWroteStart   = regexp.MustCompile(`(?i)^(on|am|le|el|il|op|em)\s`)
	wroteEnd       = regexp.MustCompile(`(?i)(wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu)\s*:\s*$`)
	originalHeader = regexp.MustCompile(`(?i)^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|forwarded message)\s*-{2,}\s*$`)
	underscoreRule = regexp.MustCompile(`^_{10,}\s*$`)
	fromHeader     = regexp.MustCompile(`(?i)^(from|von|de):\s`)
)

// StripQuoted returns the new part of an emailed reply: everything above
// the quoted earlier mail and the signature ("-- "), without lines quoted
// with ">" and without trailing blank lines.
func StripQuoted(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
	var out []string
cut:
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		switch {
		case line == "-- " || line == "--":
			break cut
		case onWrote.MatchString(trimmed), amSchrieb.MatchString(trimmed), originalHeader.MatchString(trimmed):
			break cut
		case onWroteStart.MatchString(trimmed) && i+1 < len(lines) && wroteEnd.MatchString(strings.TrimSpace(lines[i+1])):
			break cut
		case underscoreRule.MatchString(trimmed) && i+1 < len(lines) && fromHeader.MatchString(strings.TrimSpace(lines[i+1])):
			break cut
		case fromHeader.MatchString(trimmed) && i > 0 && strings.TrimSpace(lines[i-1]) == "" && looksLikeHeaderBlock(lines[i:]):
			break cut
		case strings.HasPrefix(trimmed, ">"):
			continue
		}
		out = append(out, strings.TrimRight(line, " \t"))
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// looksLikeHeaderBlock reports a "From:" line followed by "Sent:"/"Date:"
// and "To:"/"Subject:" lines: Outlook's quote header without its rule.
func looksLikeHeaderBlock(lines []string) bool {
	seen := 0
	for _, l := range lines[1:min(len(lines), 5)] {
		l = strings.ToLower(strings.TrimSpace(l))
		for _, h := range []string{"sent:", "date:", "to:", "subject:", "cc:"} {
			if strings.HasPrefix(l, h) {
				seen++
			}
		}
	}
	return seen >= 2
}
