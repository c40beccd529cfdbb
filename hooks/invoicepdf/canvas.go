package invoicepdf

import (
	"fmt"
	"strings"

	"github.com/signintech/gopdf"
)

// The layout is computed first into a display list of pages (so that the
// footer can say "Page 1 of N"), then drawn with gopdf. Coordinates are PDF
// points from the page's top-left corner; floats are used for geometry
// only, never for money.

// A4 in points and the margins of a DIN 5008 letter.
const (
	pageW    = 595.28
	pageH    = 841.89
	marginL  = 70.87 // 25 mm
	marginR  = 56.69 // 20 mm
	marginT  = 42.52 // 15 mm
	contentR = pageW - marginR
	contentW = contentR - marginL
)

type rgb struct{ r, g, b uint8 }

var (
	colText   = rgb{31, 41, 55}
	colMuted  = rgb{107, 114, 128}
	colRule   = rgb{209, 213, 219}
	colLight  = rgb{229, 231, 235}
	colFill   = rgb{243, 244, 246}
	colAccent = rgb{30, 64, 110}
	colWhite  = rgb{255, 255, 255}
)

type opKind uint8

const (
	opText  opKind = iota // text with its baseline at (x, y)
	opFill                // filled rectangle (x, y, w, h), rounded by radius
	opLine                // line from (x, y) to (x2, y2), width w
	opImage               // the logo in (x, y, w, h)
)

type op struct {
	kind       opKind
	x, y, w, h float64
	x2, y2     float64
	radius     float64
	face       face
	size       float64
	color      rgb
	text       string
}

type page struct {
	ops []op
}

// canvas measures text with gopdf's metrics and records drawing operations.
type canvas struct {
	gp    *gopdf.GoPdf
	pages []*page
	pg    *page
	// the face and size gopdf currently measures with
	mFace face
	mSize float64
	err   error
}

func (c *canvas) fail(err error) {
	if c.err == nil && err != nil {
		c.err = err
	}
}

func (c *canvas) addPage() {
	c.pg = &page{}
	c.pages = append(c.pages, c.pg)
}

// width returns the width of s in points.
func (c *canvas) width(f face, size float64, s string) float64 {
	if s == "" {
		return 0
	}
	if f != c.mFace || size != c.mSize {
		if err := c.gp.SetFont(f.family(), "", size); err != nil {
			c.fail(fmt.Errorf("invoicepdf: set font: %w", err))
			return 0
		}
		c.mFace, c.mSize = f, size
	}
	w, err := c.gp.MeasureTextWidth(s)
	if err != nil {
		c.fail(fmt.Errorf("invoicepdf: measure text: %w", err))
		return 0
	}
	return w
}

// text draws s with its baseline at (x, y).
func (c *canvas) text(x, y float64, f face, size float64, col rgb, s string) {
	if s == "" {
		return
	}
	c.pg.ops = append(c.pg.ops, op{kind: opText, x: x, y: y, face: f, size: size, color: col, text: s})
}

// textRight draws s ending at x.
func (c *canvas) textRight(x, y float64, f face, size float64, col rgb, s string) {
	c.text(x-c.width(f, size, s), y, f, size, col, s)
}

// fit returns size, or a smaller size at which s is at most maxW wide.
func (c *canvas) fit(f face, size float64, s string, maxW float64) float64 {
	w := c.width(f, size, s)
	if w <= maxW || w == 0 {
		return size
	}
	return max(size*maxW/w, 4)
}

// fitWords returns size, or a smaller size (not below minSize) at which the
// widest word of s is at most maxW wide, so that wrapping s needs no break
// inside a word.
func (c *canvas) fitWords(f face, size float64, s string, maxW, minSize float64) float64 {
	widest := 0.0
	for _, w := range words(s) {
		widest = max(widest, c.width(f, size, w))
	}
	if widest <= maxW {
		return size
	}
	return max(size*maxW/widest, minSize)
}

func (c *canvas) fill(x, y, w, h float64, col rgb, radius float64) {
	c.pg.ops = append(c.pg.ops, op{kind: opFill, x: x, y: y, w: w, h: h, color: col, radius: radius})
}

func (c *canvas) line(x, y, x2, y2, width float64, col rgb) {
	c.pg.ops = append(c.pg.ops, op{kind: opLine, x: x, y: y, x2: x2, y2: y2, w: width, color: col})
}

func (c *canvas) image(x, y, w, h float64) {
	c.pg.ops = append(c.pg.ops, op{kind: opImage, x: x, y: y, w: w, h: h})
}

// wrap breaks s into lines at most width wide, at spaces; a word wider than
// a line is broken between characters. Newlines in s start new lines and
// an empty paragraph gives an empty line.
func (c *canvas) wrap(f face, size float64, s string, width float64) []string {
	var out []string
	space := c.width(f, size, " ")
	for _, para := range strings.Split(s, "\n") {
		ws := words(para)
		if len(ws) == 0 {
			out = append(out, "")
			continue
		}
		var cur strings.Builder
		curW := 0.0
		for _, w := range ws {
			ww := c.width(f, size, w)
			if cur.Len() > 0 && curW+space+ww <= width {
				cur.WriteByte(' ')
				cur.WriteString(w)
				curW += space + ww
				continue
			}
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
				curW = 0
			}
			if ww <= width {
				cur.WriteString(w)
				curW = ww
				continue
			}
			// a word longer than a line (a URL, a host name): break it
			// between characters, keeping the last piece open
			pieces := c.breakWord(f, size, w, width)
			out = append(out, pieces[:len(pieces)-1]...)
			last := pieces[len(pieces)-1]
			cur.WriteString(last)
			curW = c.width(f, size, last)
		}
		out = append(out, cur.String())
	}
	return out
}

// words splits s at ASCII spaces only: a no-break space (U+00A0) keeps
// "10 GB" or "§ 3a" together, as it should.
func words(s string) []string {
	var out []string
	for _, w := range strings.Split(s, " ") {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// breakWord splits a word into pieces at most width wide (at least one
// character each).
func (c *canvas) breakWord(f face, size float64, w string, width float64) []string {
	var pieces []string
	runes := []rune(w)
	start := 0
	acc := 0.0
	for i, r := range runes {
		rw := c.width(f, size, string(r))
		if i > start && acc+rw > width {
			pieces = append(pieces, string(runes[start:i]))
			start, acc = i, 0
		}
		acc += rw
	}
	return append(pieces, string(runes[start:]))
}

// draw replays the display list into gp.
func (c *canvas) draw(logo gopdf.ImageHolder) error {
	for _, pg := range c.pages {
		c.gp.AddPage()
		curFace, curSize := face(255), -1.0
		for _, o := range pg.ops {
			switch o.kind {
			case opText:
				if o.face != curFace || o.size != curSize {
					if err := c.gp.SetFont(o.face.family(), "", o.size); err != nil {
						return fmt.Errorf("invoicepdf: set font: %w", err)
					}
					curFace, curSize = o.face, o.size
				}
				c.gp.SetTextColor(o.color.r, o.color.g, o.color.b)
				c.gp.SetXY(o.x, o.y)
				if err := c.gp.Text(o.text); err != nil {
					return fmt.Errorf("invoicepdf: draw text: %w", err)
				}
			case opFill:
				c.gp.SetFillColor(o.color.r, o.color.g, o.color.b)
				if o.radius > 0 {
					if err := c.gp.Rectangle(o.x, o.y, o.x+o.w, o.y+o.h, "F", o.radius, 8); err != nil {
						return fmt.Errorf("invoicepdf: draw box: %w", err)
					}
				} else {
					c.gp.RectFromUpperLeftWithStyle(o.x, o.y, o.w, o.h, "F")
				}
			case opLine:
				c.gp.SetStrokeColor(o.color.r, o.color.g, o.color.b)
				c.gp.SetLineWidth(o.w)
				c.gp.Line(o.x, o.y, o.x2, o.y2)
			case opImage:
				if err := c.gp.ImageByHolder(logo, o.x, o.y, &gopdf.Rect{W: o.w, H: o.h}); err != nil {
					return fmt.Errorf("invoicepdf: draw logo: %w", err)
				}
			}
		}
	}
	return nil
}
