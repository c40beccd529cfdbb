package invoicepdf

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

func gradient(w, h int) *image.NRGBA64 {
	img := image.NewNRGBA64(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA64{uint16(x * 65535 / w), 20000, uint16(y * 65535 / h), 40000})
		}
	}
	return img
}

func TestLogoNormalisation(t *testing.T) {
	// a 16-bit transparent PNG, larger than the box: gopdf alone refuses
	// 16-bit PNGs
	var big bytes.Buffer
	if err := png.Encode(&big, gradient(2000, 500)); err != nil {
		t.Fatal(err)
	}
	img, err := normaliseLogo(big.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if img.w != logoMaxPxW || img.h != 177 {
		t.Errorf("scaled to %d × %d, want %d × 177", img.w, img.h, logoMaxPxW)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(img.data))
	if err != nil || format != "png" || cfg.ColorModel != color.RGBAModel {
		t.Errorf("normalised logo: %v %s %v, want an 8-bit opaque PNG", err, format, cfg.ColorModel)
	}
	d := invoice10()
	d.Logo = big.Bytes()
	if _, _, err := Render(d); err != nil {
		t.Errorf("render with the 16-bit logo: %v", err)
	}

	// a small JPEG is embedded as it is
	var small bytes.Buffer
	if err := jpeg.Encode(&small, gradient(200, 60), nil); err != nil {
		t.Fatal(err)
	}
	img, err = prepareLogo(small.Bytes())
	if err != nil || !bytes.Equal(img.data, small.Bytes()) || img.w != 200 || img.h != 60 {
		t.Errorf("small JPEG: err %v, %d × %d, same bytes %v", err, img.w, img.h, bytes.Equal(img.data, small.Bytes()))
	}

	// a header claiming a huge image is refused before decoding
	huge := append([]byte(nil), big.Bytes()...)
	copy(huge[16:24], []byte{0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20}) // IHDR: 20000 × 20000
	binary.BigEndian.PutUint32(huge[29:33], crc32.ChecksumIEEE(huge[12:29]))
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(huge)); err != nil || cfg.Width != 20000 {
		t.Fatalf("the doctored header does not read as 20000 pixels wide: %v", err)
	}
	if _, err := normaliseLogo(huge); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("a 400-megapixel logo: err %v", err)
	}
}
