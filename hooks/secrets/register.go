package secrets

import (
	"encoding/json"
	"os"
	"sync"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// SealedField is a field whose value is stored sealed.
type SealedField struct {
	Collection string
	Field      string
	// JSONObject fields hold a JSON object of named secrets once opened.
	JSONObject bool
}

// Context is the additional data a field's values are sealed with.
func (f SealedField) Context() string { return f.Collection + "." + f.Field }

// SealedFields lists every field kept encrypted at rest. Each is also a
// Hidden field in the schema, so the API shows it to superusers only (and
// even they see only the sealed form).
var SealedFields = []SealedField{
	{Collection: collections.Servers, Field: collections.ServerFields.Credentials, JSONObject: true},
	{Collection: collections.Services, Field: collections.ServiceFields.Credentials, JSONObject: true},
	{Collection: collections.WebhookEndpoints, Field: collections.WebhookEndpointFields.Secret},
}

// Keyring loads the cipher once, on first use, so that commands that never
// touch a secret never need the key.
type Keyring struct {
	once   sync.Once
	load   func() (*Cipher, error)
	cipher *Cipher
	err    error
}

// NewKeyring returns a Keyring that calls load on first use.
func NewKeyring(load func() (*Cipher, error)) *Keyring { return &Keyring{load: load} }

// StaticKeyring returns a Keyring holding c.
func StaticKeyring(c *Cipher) *Keyring {
	return NewKeyring(func() (*Cipher, error) { return c, nil })
}

// AppKeyring loads the key from HOSTBASE_ENCRYPTION_KEY or the app's data
// dir, warning in the app log when it falls back to a generated key file.
func AppKeyring(app core.App) *Keyring {
	return NewKeyring(func() (*Cipher, error) {
		key, fromFile, err := LoadKey(os.Getenv, app.DataDir())
		if err != nil {
			return nil, err
		}
		if fromFile {
			app.Logger().Warn("encryption key read from the data dir; set " + KeyEnv + " and keep the key out of backups")
		}
		return NewCipher(key)
	})
}

// Cipher returns the loaded cipher.
func (k *Keyring) Cipher() (*Cipher, error) {
	k.once.Do(func() { k.cipher, k.err = k.load() })
	return k.cipher, k.err
}

// Register seals every SealedField on create and update, whether the write
// comes from the API, the dashboard or Go code: a plaintext value never
// reaches the database.
func Register(app core.App, keys *Keyring) {
	byCollection := map[string][]SealedField{}
	var names []string
	for _, f := range SealedFields {
		if byCollection[f.Collection] == nil {
			names = append(names, f.Collection)
		}
		byCollection[f.Collection] = append(byCollection[f.Collection], f)
	}
	seal := func(e *core.RecordEvent) error {
		for _, f := range byCollection[e.Record.Collection().Name] {
			v := e.Record.GetString(f.Field)
			if v == "" || IsSealed(v) {
				continue
			}
			if f.JSONObject {
				var obj map[string]any
				if err := json.Unmarshal([]byte(v), &obj); err != nil || obj == nil {
					return validation.Errors{f.Field: validation.NewError("validation_not_json_object",
						`Must be a JSON object of named secrets, e.g. {"api_token":"…"}.`)}
				}
			}
			c, err := keys.Cipher()
			if err != nil {
				return err
			}
			sealed, err := c.Seal([]byte(v), f.Context())
			if err != nil {
				return err
			}
			e.Record.Set(f.Field, sealed)
		}
		return e.Next()
	}
	app.OnRecordCreate(names...).BindFunc(seal)
	app.OnRecordUpdate(names...).BindFunc(seal)
}
