package sdk

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Metadata describes a plugin to Hostbase and to the staff who configure it.
type Metadata struct {
	// Name is the plugin's key, e.g. "virtfusion": lowercase letters,
	// digits, "_" and "-", the same as in the binary's name
	// hostbase-provisioner-<name>.
	Name string
	// Version is the plugin's own version, e.g. "1.4.0".
	Version     string
	DisplayName string
	Description string
	// ServerConfig is what staff fill in for each server (URL, API token,
	// location…); ProductConfig what they fill in for each product (plan,
	// OS template…). The dashboard validates both against these schemas
	// before any call is made.
	ServerConfig  []ConfigField
	ProductConfig []ConfigField
	// Capabilities say which optional operations the plugin implements;
	// Hostbase never calls one the plugin does not declare.
	Capabilities Capabilities
}

// Capabilities are the optional operations. TestConnection, Create,
// Terminate and Status are always required.
type Capabilities struct {
	CheckAvailability bool
	// Suspend covers Suspend and Unsuspend.
	Suspend        bool
	ChangePackage  bool
	ChangePassword bool
	Usage          bool
	ClientActions  bool
	SingleSignOn   bool
	ListRemote     bool
}

// FieldType is how a config field is entered and checked.
type FieldType string

const (
	FieldText     FieldType = "text"
	FieldNumber   FieldType = "number"
	FieldBool     FieldType = "bool"
	FieldSelect   FieldType = "select"
	FieldURL      FieldType = "url"
	FieldTextarea FieldType = "textarea"
)

// ConfigField is one setting in a config schema.
type ConfigField struct {
	Key   string
	Label string
	Help  string
	Type  FieldType
	// Required fields must have a non-empty value (after Default).
	Required bool
	// Secret fields (tokens, passwords) are stored encrypted, reach the
	// plugin in Server.Credentials, and are never logged or shown again.
	Secret  bool
	Default string
	// Options are the choices of a FieldSelect field.
	Options []Option
	// Pattern is an RE2 expression a FieldText value must match in full.
	Pattern string
	// Min and Max bound a FieldNumber value when set.
	Min, Max *int64
}

// Option is one choice of a select field.
type Option struct {
	Value, Label string
}

// Int64 returns a pointer to v, for ConfigField.Min and Max.
func Int64(v int64) *int64 { return &v }

// CheckMetadata reports what is wrong with a plugin's metadata: a name
// that is not a key, a missing version or display name, config fields
// without keys or with a key twice, selects without options.
func CheckMetadata(m Metadata) error {
	var problems []string
	if !nameRE.MatchString(m.Name) {
		problems = append(problems, fmt.Sprintf("name %q must be lowercase letters, digits, _ and -", m.Name))
	}
	if m.Version == "" {
		problems = append(problems, "version is empty")
	}
	if m.DisplayName == "" {
		problems = append(problems, "display name is empty")
	}
	for schema, fields := range map[string][]ConfigField{"server config": m.ServerConfig, "product config": m.ProductConfig} {
		seen := map[string]bool{}
		for i, f := range fields {
			switch {
			case f.Key == "":
				problems = append(problems, fmt.Sprintf("%s field %d has no key", schema, i))
			case seen[f.Key]:
				problems = append(problems, fmt.Sprintf("%s field %q appears twice", schema, f.Key))
			case f.Type == FieldSelect && len(f.Options) == 0:
				problems = append(problems, fmt.Sprintf("%s field %q is a select without options", schema, f.Key))
			}
			seen[f.Key] = true
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return errors.New("plugin metadata: " + strings.Join(problems, "; "))
}

var nameRE = regexp.MustCompile(`^[a-z0-9_-]+$`)
