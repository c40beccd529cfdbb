package sdk

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ConfigErrors maps a config key to what is wrong with its value.
type ConfigErrors map[string]string

func (e ConfigErrors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e[k]
	}
	return "invalid config: " + strings.Join(parts, "; ")
}

// ValidateConfig checks values against schema: required fields present,
// numbers within bounds, selects among their options, text matching its
// pattern, URLs absolute http(s), and no key the schema does not know. It
// returns nil when all is well. Defaults count as values.
func ValidateConfig(schema []ConfigField, values map[string]string) ConfigErrors {
	errs := ConfigErrors{}
	known := make(map[string]bool, len(schema))
	for _, f := range schema {
		known[f.Key] = true
		v, ok := values[f.Key]
		if !ok || v == "" {
			v = f.Default
		}
		if v == "" {
			if f.Required {
				errs[f.Key] = "is required"
			}
			continue
		}
		if msg := checkValue(f, v); msg != "" {
			errs[f.Key] = msg
		}
	}
	for k := range values {
		if !known[k] {
			errs[k] = "is not a setting of this plugin"
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func checkValue(f ConfigField, v string) string {
	switch f.Type {
	case FieldNumber:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "must be a whole number"
		}
		if f.Min != nil && n < *f.Min {
			return fmt.Sprintf("must be at least %d", *f.Min)
		}
		if f.Max != nil && n > *f.Max {
			return fmt.Sprintf("must be at most %d", *f.Max)
		}
	case FieldBool:
		if _, err := strconv.ParseBool(v); err != nil {
			return "must be true or false"
		}
	case FieldSelect:
		if !slices.ContainsFunc(f.Options, func(o Option) bool { return o.Value == v }) {
			return fmt.Sprintf("must be one of %s", optionValues(f.Options))
		}
	case FieldURL:
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "must be an http(s) URL such as https://panel.example.com"
		}
	case FieldText, FieldTextarea, "":
		if f.Pattern != "" {
			re, err := regexp.Compile("^(?:" + f.Pattern + ")$")
			if err != nil {
				return "the plugin's pattern for this field is broken: " + err.Error()
			}
			if !re.MatchString(v) {
				return "does not match the expected format " + f.Pattern
			}
		}
	}
	return ""
}

func optionValues(opts []Option) string {
	vals := make([]string, len(opts))
	for i, o := range opts {
		vals[i] = strconv.Quote(o.Value)
	}
	return strings.Join(vals, ", ")
}

// WithDefaults returns values with each schema default filled in where
// values has none.
func WithDefaults(schema []ConfigField, values map[string]string) map[string]string {
	out := make(map[string]string, len(values)+len(schema))
	for k, v := range values {
		out[k] = v
	}
	for _, f := range schema {
		if out[f.Key] == "" && f.Default != "" {
			out[f.Key] = f.Default
		}
	}
	return out
}

// SecretKeys returns the keys of the schema's secret fields.
func SecretKeys(schema []ConfigField) []string {
	var keys []string
	for _, f := range schema {
		if f.Secret {
			keys = append(keys, f.Key)
		}
	}
	return keys
}

// CheckSettings is what a plugin does with the settings a call brings:
// ValidateConfig over the schema's own keys only (Hostbase may send more,
// such as a customer's configurable options the plugin has no use for),
// with the first problem, by key so the message is stable, returned as an
// InvalidConfig naming its field. nil when all is well.
func CheckSettings(schema []ConfigField, values map[string]string) error {
	own := make(map[string]string, len(schema))
	for _, f := range schema {
		if v, ok := values[f.Key]; ok {
			own[f.Key] = v
		}
	}
	errs := ValidateConfig(schema, own)
	if errs == nil {
		return nil
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return InvalidConfig(keys[0], "%s", errs[keys[0]])
}
