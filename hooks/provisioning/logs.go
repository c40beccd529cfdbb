package provisioning

import (
	"github.com/pocketbase/pocketbase/core"

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

func (l callLog) write(txApp core.App) error {
	rec, err := collections.NewProvisioningLog(txApp)
	if err != nil {
		return err
	}
	rec.SetJobID(l.job)
	rec.SetServiceID(l.service)
	rec.SetLevel(l.level)
	msg := secrets.RedactString(l.message, l.secretValues...)
	if len(msg) > 5000 {
		msg = msg[:4990] + " […]"
	}
	if msg == "" {
		msg = "-"
	}
	rec.SetMessage(msg)
	if l.data != nil {
		rec.SetData(redactData(l.data, l.secretValues))
	}
	return txApp.Save(rec)
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
