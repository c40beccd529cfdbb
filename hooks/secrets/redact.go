package secrets

import "strings"

// Redacted replaces a secret in logs.
const Redacted = "[redacted]"

// secretKeyParts mark a map key whose value is a secret.
var secretKeyParts = []string{"password", "secret", "token", "credential", "api_key", "apikey", "private", "authorization"}

// IsSecretKey reports whether a field or map key names a secret.
func IsSecretKey(key string) bool {
	k := strings.ToLower(key)
	for _, p := range secretKeyParts {
		if strings.Contains(k, p) {
			return true
		}
	}
	return false
}

// RedactMap returns a copy of m, recursively, with the values of secret keys
// and every sealed value replaced by Redacted.
func RedactMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if IsSecretKey(k) {
			out[k] = Redacted
			continue
		}
		out[k] = redactValue(v)
	}
	return out
}

func redactValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return RedactMap(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redactValue(e)
		}
		return out
	case string:
		if IsSealed(x) {
			return Redacted
		}
		return x
	default:
		return v
	}
}

// RedactString replaces every occurrence of each known secret value in s.
// Secrets shorter than 4 characters are left alone: they would shred the text
// and reveal nothing worth hiding.
func RedactString(s string, secretValues ...string) string {
	for _, v := range secretValues {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, Redacted)
		}
	}
	return s
}
