package invoicepdf

import (
	"fmt"
	"sync"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// face is one of the embedded fonts.
type face uint8

const (
	regular face = iota
	bold
)

// family is the name a face is registered under in the PDF (its BaseFont).
func (f face) family() string {
	if f == bold {
		return "GoBold"
	}
	return "GoRegular"
}

// embedded holds the Go fonts, parsed once: gopdf's copy (each document
// takes its own subset of it) and sfnt's, which answers which runes the
// fonts have.
var embedded struct {
	once      sync.Once
	err       error
	container gopdf.FontContainer
	cover     [2]*sfnt.Font
}

func loadFonts() error {
	embedded.once.Do(func() {
		for f, data := range [][]byte{regular: goregular.TTF, bold: gobold.TTF} {
			if err := embedded.container.AddTTFFontData(face(f).family(), data); err != nil {
				embedded.err = fmt.Errorf("invoicepdf: load %s: %w", face(f).family(), err)
				return
			}
			sf, err := sfnt.Parse(data)
			if err != nil {
				embedded.err = fmt.Errorf("invoicepdf: parse %s: %w", face(f).family(), err)
				return
			}
			embedded.cover[f] = sf
		}
	})
	return embedded.err
}

// glyphChecker answers whether every embedded face has a glyph for a rune.
// It is not safe for concurrent use; each render has its own.
type glyphChecker struct {
	buf   sfnt.Buffer
	known map[rune]bool
}

func (c *glyphChecker) has(r rune) bool {
	if r >= 0x20 && r < 0x7f {
		return true // printable ASCII: the Go fonts have all of it
	}
	if ok, seen := c.known[r]; seen {
		return ok
	}
	ok := true
	for _, sf := range embedded.cover {
		if i, err := sf.GlyphIndex(&c.buf, r); err != nil || i == 0 {
			ok = false
			break
		}
	}
	if c.known == nil {
		c.known = make(map[rune]bool)
	}
	c.known[r] = ok
	return ok
}
