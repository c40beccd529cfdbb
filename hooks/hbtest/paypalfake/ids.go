package paypalfake

import (
	"crypto/rand"
	"encoding/hex"
)

const idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// randomID is an id in PayPal's style: upper-case letters and digits
// (order, capture and refund ids are 17 long).
func randomID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return string(b)
}

// randomToken is an opaque token of n URL-safe characters.
func randomToken(n int) string {
	return rand.Text()[:min(n, 26)] + randomID(max(0, n-26))
}

func randomHex(n int) string {
	b := make([]byte, (n+1)/2)
	rand.Read(b)
	return hex.EncodeToString(b)[:n]
}
