package secrets

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeyEnv is the environment variable holding the encryption key: 32 bytes as
// base64 (standard or URL alphabet) or as 64 hex digits.
const KeyEnv = "HOSTBASE_ENCRYPTION_KEY"

// KeyFileName is where a generated key is kept when KeyEnv is unset.
const KeyFileName = "encryption.key"

// ParseKey decodes a key written as 64 hex digits or base64.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2*KeySize {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == KeySize {
			return b, nil
		}
	}
	return nil, fmt.Errorf("%s must be %d bytes as base64 or %d hex digits (generate one with: openssl rand -base64 32)", KeyEnv, KeySize, 2*KeySize)
}

// LoadKey returns the key from KeyEnv or, when it is unset, from
// dataDir/encryption.key, generating that file (mode 0600) on first use.
// generated reports that the file fallback was used, which callers log as a
// warning: a key beside the database protects less than one kept apart.
func LoadKey(getenv func(string) string, dataDir string) (key []byte, fromFile bool, err error) {
	if v := getenv(KeyEnv); v != "" {
		key, err := ParseKey(v)
		return key, false, err
	}
	path := filepath.Join(dataDir, KeyFileName)
	b, err := os.ReadFile(path)
	if err == nil {
		key, err := ParseKey(string(b))
		if err != nil {
			return nil, true, fmt.Errorf("%s: %w", path, err)
		}
		return key, true, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, true, err
	}
	key = make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, true, err
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, true, err
	}
	// O_EXCL: two processes starting at once must not each write a key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return LoadKey(getenv, dataDir)
	}
	if err != nil {
		return nil, true, err
	}
	defer f.Close()
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
		return nil, true, err
	}
	return key, true, f.Sync()
}
