// Package secrets keeps provider secrets (server and service credentials,
// webhook signing secrets) encrypted at rest with AES-256-GCM, and redacts
// secrets from anything written to logs.
//
//	c, _ := secrets.NewCipher(key)
//	sealed, _ := c.SealJSON(map[string]string{"api_token": "…"})
//	var creds map[string]string
//	_ = c.OpenJSON(sealed, &creds)
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Prefix marks a sealed value. A stored value without it is plaintext that
// the save hooks encrypt before it reaches the database.
const Prefix = "enc:v1:"

// KeySize is the key length in bytes (AES-256).
const KeySize = 32

// ErrNotSealed is returned when opening a value that lacks Prefix.
var ErrNotSealed = errors.New("secrets: value is not sealed")

// Cipher seals and opens values with one AES-256-GCM key.
type Cipher struct {
	aead cipher.AEAD
}

// NewCipher returns a Cipher for a 32-byte key.
func NewCipher(key []byte) (*Cipher, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secrets: key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Cipher{aead: aead}, nil
}

// IsSealed reports whether s is a sealed value.
func IsSealed(s string) bool { return strings.HasPrefix(s, Prefix) }

// Seal encrypts plaintext. context binds the ciphertext to where it is stored
// (e.g. "servers.credentials"), so a value copied to another field does not open.
func (c *Cipher) Seal(plaintext []byte, context string) (string, error) {
	nonce := make([]byte, c.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := c.aead.Seal(nonce, nonce, plaintext, []byte(context))
	return Prefix + base64.RawURLEncoding.EncodeToString(out), nil
}

// Open decrypts a value made by Seal with the same context.
func (c *Cipher) Open(sealed, context string) ([]byte, error) {
	if !IsSealed(sealed) {
		return nil, ErrNotSealed
	}
	raw, err := base64.RawURLEncoding.DecodeString(sealed[len(Prefix):])
	if err != nil {
		return nil, fmt.Errorf("secrets: malformed sealed value: %w", err)
	}
	n := c.aead.NonceSize()
	if len(raw) < n+c.aead.Overhead() {
		return nil, errors.New("secrets: sealed value too short")
	}
	plain, err := c.aead.Open(nil, raw[:n], raw[n:], []byte(context))
	if err != nil {
		return nil, errors.New("secrets: cannot open value (wrong key, wrong field, or tampered)")
	}
	return plain, nil
}

// SealJSON encodes v as JSON and seals it.
func (c *Cipher) SealJSON(v any, context string) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return c.Seal(b, context)
}

// OpenJSON opens a sealed value and decodes its JSON into dst. An empty
// value leaves dst untouched.
func (c *Cipher) OpenJSON(sealed, context string, dst any) error {
	if sealed == "" {
		return nil
	}
	b, err := c.Open(sealed, context)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}
