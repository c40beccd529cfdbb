package kb

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/text/unicode/norm"
)

// maxSlugLen keeps generated slugs readable in a URL; a -N suffix may follow.
const maxSlugLen = 80

// transliterations are letters that do not decompose into an ASCII base
// letter plus marks.
var transliterations = map[rune]string{
	'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'đ': "d", 'ł': "l", 'þ': "th", 'ð': "d", 'ı': "i",
}

// Slugify turns a title into a slug that matches the schema's pattern
// (lowercase ASCII words joined by single hyphens): accents are dropped,
// everything that is not a letter or digit separates words. A title with
// no letters or digits gives "".
func Slugify(title string) string {
	var b strings.Builder
	pendingHyphen := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		var piece string
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // the accent of a decomposed letter
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			piece = string(r)
		case transliterations[r] != "":
			piece = transliterations[r]
		default:
			pendingHyphen = b.Len() > 0
			continue
		}
		if b.Len()+len(piece)+1 > maxSlugLen {
			break
		}
		if pendingHyphen {
			b.WriteByte('-')
			pendingHyphen = false
		}
		b.WriteString(piece)
	}
	return b.String()
}

// uniqueSlug returns base, or base-2, base-3… for the first one that no
// other record of collection holds. It must run in the saving transaction,
// so that two saves of the same title cannot both pick the same suffix.
func uniqueSlug(app core.App, collection, base, selfID string) (string, error) {
	var taken []string
	err := app.DB().Select("slug").From(collection).
		Where(dbx.Or(dbx.HashExp{"slug": base}, dbx.Like("slug", base+"-").Match(false, true))).
		AndWhere(dbx.Not(dbx.HashExp{"id": selfID})).
		Column(&taken)
	if err != nil {
		return "", fmt.Errorf("slugs of %s: %w", collection, err)
	}
	used := make(map[string]bool, len(taken))
	for _, s := range taken {
		used[s] = true
	}
	if !used[base] {
		return base, nil
	}
	for n := 2; ; n++ {
		candidate := fmt.Sprintf("%s-%d", base, n)
		if !used[candidate] {
			return candidate, nil
		}
	}
}
