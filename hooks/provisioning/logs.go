package provisioning

import (
	"encoding/json"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/secrets"
)

// callLog is one provisioning_logs row: what was asked of a plugin and
// what it answered, with every secret taken out.
type callLog struct {
	job, service string
	level        collections.ProvisioningLogLevel
	message      string
	data         map[string]any
	// secretValues are the values (passwords, tokens) to cut out of the
	// message wherever they appear, besides the keys RedactMap knows.
	secretValues []string
}

// write inserts the row in one statement: a log row has no hooks to run,
// and every job writes one.
func (l callLog) write(txApp core.App) error {
	msg := secrets.RedactString(l.message, l.secretValues...)
	if len(msg) > 5000 {
		msg = msg[:4990] + " […]"
	}
	if msg == "" {
		msg = "-"
	}
	data := "null"
	if l.data != nil {
		raw, err := json.Marshal(redactData(l.data, l.secretValues))
		if err != nil {
			return err
		}
		data = string(raw)
	}
	now := stamp(time.Now())
	f := collections.ProvisioningLogFields
	_, err := txApp.DB().Insert(collections.ProvisioningLogs, dbx.Params{
		"id": security.RandomStringWithAlphabet(15, core.DefaultIdAlphabet), f.Job: l.job, f.Service: l.service,
		f.Level: string(l.level), f.Message: msg, f.Data: data, "created": now, "updated": now,
	}).Execute()
	return err
}

// redactData redacts secret keys and sealed values, then any known secret
// value left in a string.
func redactData(data map[string]any, secretValues []string) map[string]any {
	out := secrets.RedactMap(data)
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case string:
			return secrets.RedactString(x, secretValues...)
		case map[string]any:
			for k, e := range x {
				x[k] = walk(e)
			}
			return x
		case map[string]string:
			m := make(map[string]any, len(x))
			for k, e := range x {
				if secrets.IsSecretKey(k) {
					m[k] = secrets.Redacted
				} else {
					m[k] = secrets.RedactString(e, secretValues...)
				}
			}
			return m
		case []any:
			for i, e := range x {
				x[i] = walk(e)
			}
			return x
		case []string:
			s := make([]string, len(x))
			for i, e := range x {
				s[i] = secrets.RedactString(e, secretValues...)
			}
			return s
		}
		return v
	}
	return walk(out).(map[string]any)
}
