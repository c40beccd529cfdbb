package examplepanel

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"regexp"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// remoteID is the id of the server made for an idempotency key: the first
// 16 hex digits of its SHA-256. Deriving it, rather than numbering servers,
// is what lets Create find an earlier server by key with one file read.
func remoteID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

var idRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

// serviceID is the id of the server a call is about: its RemoteID once
// Create gave one, else the one its key would have made. ok is false for a
// RemoteID this panel never gives, which names no server (and must not
// reach a file path).
func serviceID(svc sdk.Service) (id string, ok bool) {
	if svc.RemoteID != "" {
		return svc.RemoteID, idRE.MatchString(svc.RemoteID)
	}
	if svc.IdempotencyKey == "" {
		return "", false
	}
	return remoteID(svc.IdempotencyKey), true
}

// hostname is "<plan>-<short id>.example.test" (a reserved name, RFC 2606).
func hostname(plan, id string) string { return fmt.Sprintf("%s-%s.example.test", plan, id[:8]) }

// ipFor picks the server's address in 192.0.2.0/24 (TEST-NET-1, RFC 5737,
// never routed) from its id, .1 to .254.
func ipFor(id string) string {
	sum := sha256.Sum256([]byte("ip:" + id))
	return fmt.Sprintf("192.0.2.%d", 1+binary.BigEndian.Uint16(sum[:2])%254)
}

const passwordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

// newPassword returns a random 20-character root password, without the
// look-alike characters a customer would mistype.
func newPassword() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = passwordAlphabet[int(b[i])%len(passwordAlphabet)]
	}
	return string(b)
}

// randomToken returns 32 random hex digits.
func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// logID is the server id to log for a call: the one it is about, or what
// it was given when that names no server.
func logID(svc sdk.Service) string {
	if id, ok := serviceID(svc); ok {
		return id
	}
	return svc.RemoteID
}
