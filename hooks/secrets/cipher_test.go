package secrets

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testCipher(t *testing.T) *Cipher {
	t.Helper()
	c, err := NewCipher(bytes.Repeat([]byte{7}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSealOpenRoundTrip(t *testing.T) {
	c := testCipher(t)
	sealed, err := c.Seal([]byte("hunter2-token"), "servers.credentials")
	if err != nil {
		t.Fatal(err)
	}
	if !IsSealed(sealed) || strings.Contains(sealed, "hunter2") {
		t.Fatalf("sealed value leaks or lacks prefix: %q", sealed)
	}
	again, _ := c.Seal([]byte("hunter2-token"), "servers.credentials")
	if again == sealed {
		t.Fatal("two seals of the same value must differ (random nonce)")
	}
	plain, err := c.Open(sealed, "servers.credentials")
	if err != nil || string(plain) != "hunter2-token" {
		t.Fatalf("open = %q, %v", plain, err)
	}
}

func TestOpenRefusesWrongContextKeyOrTampering(t *testing.T) {
	c := testCipher(t)
	sealed, _ := c.Seal([]byte("secret"), "servers.credentials")

	if _, err := c.Open(sealed, "services.credentials"); err == nil {
		t.Error("a value moved to another field must not open")
	}
	other, _ := NewCipher(bytes.Repeat([]byte{8}, KeySize))
	if _, err := other.Open(sealed, "servers.credentials"); err == nil {
		t.Error("another key must not open the value")
	}
	tampered := sealed[:len(sealed)-2] + "AA"
	if _, err := c.Open(tampered, "servers.credentials"); err == nil {
		t.Error("a tampered value must not open")
	}
	if _, err := c.Open("plaintext", "servers.credentials"); err != ErrNotSealed {
		t.Errorf("plaintext: got %v, want ErrNotSealed", err)
	}
	if _, err := c.Open(Prefix+"!!", "x"); err == nil {
		t.Error("malformed base64 must fail")
	}
}

func TestJSONHelpers(t *testing.T) {
	c := testCipher(t)
	sealed, err := c.SealJSON(map[string]string{"api_token": "abc"}, "ctx")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := c.OpenJSON(sealed, "ctx", &got); err != nil || got["api_token"] != "abc" {
		t.Fatalf("got %v, %v", got, err)
	}
	var untouched map[string]string
	if err := c.OpenJSON("", "ctx", &untouched); err != nil || untouched != nil {
		t.Fatalf("empty value must leave dst alone: %v %v", untouched, err)
	}
}

func TestNewCipherRefusesShortKey(t *testing.T) {
	if _, err := NewCipher(make([]byte, 16)); err == nil {
		t.Fatal("a 16-byte key must be refused: we promise AES-256")
	}
}

func TestParseKey(t *testing.T) {
	raw := bytes.Repeat([]byte{0xab}, KeySize)
	for _, in := range []string{
		hex.EncodeToString(raw),
		"q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=",
		"q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s",
		"  q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
	} {
		got, err := ParseKey(in)
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("ParseKey(%q) = %x, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "short", hex.EncodeToString(raw[:16]), "q6urq6urq6urq6urq6urq6urq6urq6urq6ur"} {
		if _, err := ParseKey(bad); err == nil || !strings.Contains(err.Error(), KeyEnv) {
			t.Errorf("ParseKey(%q) should fail naming %s, got %v", bad, KeyEnv, err)
		}
	}
}

func TestLoadKeyPrefersEnvThenFile(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }

	first, fromFile, err := LoadKey(getenv, dir)
	if err != nil || !fromFile || len(first) != KeySize {
		t.Fatalf("generated key: %x %v %v", first, fromFile, err)
	}
	info, err := os.Stat(filepath.Join(dir, KeyFileName))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file must exist with mode 0600: %v %v", info, err)
	}
	second, _, err := LoadKey(getenv, dir)
	if err != nil || !bytes.Equal(first, second) {
		t.Fatal("the generated key must be reused on the next start")
	}

	env[KeyEnv] = hex.EncodeToString(bytes.Repeat([]byte{1}, KeySize))
	fromEnv, fromFile, err := LoadKey(getenv, dir)
	if err != nil || fromFile || !bytes.Equal(fromEnv, bytes.Repeat([]byte{1}, KeySize)) {
		t.Fatalf("env key must win: %x %v %v", fromEnv, fromFile, err)
	}
	env[KeyEnv] = "nonsense"
	if _, _, err := LoadKey(getenv, dir); err == nil {
		t.Fatal("a malformed env key must be an error, not a silent fallback")
	}
}
