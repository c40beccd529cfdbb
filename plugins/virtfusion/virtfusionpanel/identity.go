package virtfusionpanel

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// tagPrefix starts the name of every server this plugin builds: the rest
// of the name is the service's idempotency key. VirtFusion keeps no
// external id on servers, only on users, so the name is the tag.
const tagPrefix = "hb-"

func tagFor(key string) string { return tagPrefix + key }

// keyOf is the idempotency key a server's name carries, "" if none.
func keyOf(name string) string {
	key, ok := strings.CutPrefix(name, tagPrefix)
	if !ok {
		return ""
	}
	return key
}

// extRelationID is the VirtFusion user for the service's customer: one
// panel login per Hostbase customer, found again by its ext relation id.
// VirtFusion's ext relation ids are integers and Hostbase's ids strings,
// so the id is a 48-bit hash (exact in JSON and in any 64-bit column).
func extRelationID(svc sdk.Service) int64 {
	who := "customer:" + svc.Customer.ID
	if svc.Customer.ID == "" {
		who = "service:" + svc.IdempotencyKey
	}
	sum := sha256.Sum256([]byte("hostbase/" + who))
	return int64(binary.BigEndian.Uint64(sum[:8])>>16) + 1
}

// remoteID parses a RemoteID this plugin gave (VirtFusion's server id).
func remoteID(svc sdk.Service) (int64, bool) {
	id, err := strconv.ParseInt(svc.RemoteID, 10, 64)
	return id, err == nil && id > 0
}
