package examplepanel

import (
	"crypto/sha256"
	"encoding/binary"
)

// plan is what a product's plan gives a server.
type plan struct {
	vcpus        int64
	diskGiB      int64
	bandwidthGiB int64
}

// plans are the choices of the product config's plan field.
var plans = map[string]plan{
	"small":  {vcpus: 1, diskGiB: 20, bandwidthGiB: 1024},
	"medium": {vcpus: 2, diskGiB: 40, bandwidthGiB: 2048},
	"large":  {vcpus: 4, diskGiB: 80, bandwidthGiB: 4096},
}

// usedFractions are the percentages of disk (10–59) and bandwidth (0–39)
// a server reports as used, fixed by its id.
func usedFractions(id string) (disk, bandwidth int64) {
	sum := sha256.Sum256([]byte("usage:" + id))
	return 10 + int64(binary.BigEndian.Uint16(sum[0:2])%50), int64(binary.BigEndian.Uint16(sum[2:4]) % 40)
}
