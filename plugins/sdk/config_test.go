package sdk

import (
	"errors"
	"reflect"
	"testing"
)

func TestValidateConfig(t *testing.T) {
	schema := []ConfigField{
		{Key: "url", Type: FieldURL, Required: true},
		{Key: "token", Type: FieldText, Required: true, Secret: true},
		{Key: "nodes", Type: FieldNumber, Min: Int64(1), Max: Int64(10), Default: "3"},
		{Key: "ipv6", Type: FieldBool},
		{Key: "plan", Type: FieldSelect, Options: []Option{{Value: "s"}, {Value: "m"}}},
		{Key: "slug", Type: FieldText, Pattern: "[a-z]+"},
	}
	valid := map[string]string{"url": "https://panel.example", "token": "t"}
	cases := []struct {
		name   string
		change map[string]string
		want   ConfigErrors
	}{
		{"valid with defaults", nil, nil},
		{"every kind of value right", map[string]string{"nodes": "10", "ipv6": "true", "plan": "m", "slug": "abc"}, nil},
		{"required missing", map[string]string{"token": ""}, ConfigErrors{"token": "is required"}},
		{"not a URL", map[string]string{"url": "panel.example"}, ConfigErrors{"url": "must be an http(s) URL such as https://panel.example.com"}},
		{"ftp URL", map[string]string{"url": "ftp://panel.example"}, ConfigErrors{"url": "must be an http(s) URL such as https://panel.example.com"}},
		{"not a number", map[string]string{"nodes": "3.5"}, ConfigErrors{"nodes": "must be a whole number"}},
		{"below min", map[string]string{"nodes": "0"}, ConfigErrors{"nodes": "must be at least 1"}},
		{"above max", map[string]string{"nodes": "11"}, ConfigErrors{"nodes": "must be at most 10"}},
		{"not a bool", map[string]string{"ipv6": "yes please"}, ConfigErrors{"ipv6": "must be true or false"}},
		{"not an option", map[string]string{"plan": "xl"}, ConfigErrors{"plan": `must be one of "s", "m"`}},
		{"pattern must match whole value", map[string]string{"slug": "abc1"}, ConfigErrors{"slug": "does not match the expected format [a-z]+"}},
		{"unknown key", map[string]string{"colour": "blue"}, ConfigErrors{"colour": "is not a setting of this plugin"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			values := map[string]string{}
			for k, v := range valid {
				values[k] = v
			}
			for k, v := range c.change {
				values[k] = v
			}
			if got := ValidateConfig(schema, values); !reflect.DeepEqual(got, c.want) {
				t.Errorf("ValidateConfig: %v, want %v", got, c.want)
			}
		})
	}
}

func TestWithDefaultsAndSecretKeys(t *testing.T) {
	schema := []ConfigField{{Key: "a", Default: "1"}, {Key: "b", Default: "2", Secret: true}, {Key: "c"}}
	got := WithDefaults(schema, map[string]string{"a": "9", "b": "", "x": "y"})
	if want := map[string]string{"a": "9", "b": "2", "x": "y"}; !reflect.DeepEqual(got, want) {
		t.Errorf("WithDefaults: %v, want %v", got, want)
	}
	if got := SecretKeys(schema); !reflect.DeepEqual(got, []string{"b"}) {
		t.Errorf("SecretKeys: %v, want [b]", got)
	}
}

// A plugin's check of a call's settings ignores what its schema does not
// know and names the first field at fault.
func TestCheckSettingsNamesTheFirstFieldAndIgnoresOthers(t *testing.T) {
	schema := []ConfigField{
		{Key: "plan", Type: FieldSelect, Required: true, Options: []Option{{Value: "s"}}},
		{Key: "memory", Type: FieldNumber, Min: Int64(512)},
	}
	if err := CheckSettings(schema, map[string]string{"plan": "s", "ipv4_extra": "2"}); err != nil {
		t.Fatalf("an unknown option key was refused: %v", err)
	}
	err := CheckSettings(schema, map[string]string{"plan": "xl", "memory": "1"})
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindInvalidConfig || e.Field != "memory" {
		t.Fatalf("CheckSettings: %v, want invalid config naming memory (the first by key)", err)
	}
}
