package invoicepdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"sync"

	"golang.org/x/image/draw"
)

// A logo is printed in a box of at most logoMaxW × logoMaxH points. Before
// it is embedded it is normalised once (and cached by content):
//
//   - a JPEG that fits the box at 300 dpi is embedded as is;
//   - a PNG is flattened onto white (the page) and re-encoded as an 8-bit
//     RGB PNG, which the PDF takes without decoding: gopdf refuses 16-bit
//     and interlaced PNGs and re-compresses the alpha channel of every
//     transparent one on every render;
//   - an image larger than the box at 300 dpi is scaled down, so a
//     5 MB logo does not make every invoice 5 MB.
const (
	logoMaxPxW   = 708 // logoMaxW at 300 dpi
	logoMaxPxH   = 233 // logoMaxH at 300 dpi
	logoMaxPixel = 40_000_000
	logoCacheMax = 16
)

type logoImage struct {
	data []byte
	w, h int // pixels
}

var logoCache struct {
	sync.Mutex
	m map[[sha256.Size]byte]logoImage
}

// prepareLogo returns the normalised logo; the error is for an image that
// is not a PNG or JPEG, is corrupt, or is absurdly large.
func prepareLogo(b []byte) (logoImage, error) {
	key := sha256.Sum256(b)
	logoCache.Lock()
	img, ok := logoCache.m[key]
	logoCache.Unlock()
	if ok {
		return img, nil
	}
	img, err := normaliseLogo(b)
	if err != nil {
		return logoImage{}, err
	}
	logoCache.Lock()
	if logoCache.m == nil || len(logoCache.m) >= logoCacheMax {
		logoCache.m = make(map[[sha256.Size]byte]logoImage)
	}
	logoCache.m[key] = img
	logoCache.Unlock()
	return img, nil
}

func normaliseLogo(b []byte) (logoImage, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return logoImage{}, fmt.Errorf("not a PNG or JPEG image: %v", err)
	}
	if format != "png" && format != "jpeg" {
		return logoImage{}, fmt.Errorf("a %s image, want PNG or JPEG", format)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return logoImage{}, fmt.Errorf("empty image")
	}
	if int64(cfg.Width)*int64(cfg.Height) > logoMaxPixel {
		return logoImage{}, fmt.Errorf("%d × %d pixels is too large", cfg.Width, cfg.Height)
	}
	w, h := cfg.Width, cfg.Height
	fits := w <= logoMaxPxW && h <= logoMaxPxH
	if format == "jpeg" && fits {
		return logoImage{data: b, w: w, h: h}, nil
	}

	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return logoImage{}, fmt.Errorf("cannot decode the %s image: %v", format, err)
	}
	if !fits {
		fw, fh := fitBox(float64(w), float64(h), logoMaxPxW, logoMaxPxH)
		w, h = max(int(fw), 1), max(int(fh), 1)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	if fits {
		draw.Draw(dst, dst.Bounds(), src, src.Bounds().Min, draw.Over)
	} else {
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Over, nil)
	}
	var out bytes.Buffer
	if format == "jpeg" {
		err = jpeg.Encode(&out, dst, &jpeg.Options{Quality: 90})
	} else {
		// dst is opaque, so this is an RGB PNG without alpha
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, dst)
	}
	if err != nil {
		return logoImage{}, fmt.Errorf("re-encode: %v", err)
	}
	return logoImage{data: out.Bytes(), w: w, h: h}, nil
}
