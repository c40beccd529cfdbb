package sdk

import (
	"strings"
	"testing"
)

func TestCheckMetadata(t *testing.T) {
	good := Metadata{Name: "my-panel_2", Version: "1.0.0", DisplayName: "My panel",
		ServerConfig:  []ConfigField{{Key: "url", Type: FieldURL}},
		ProductConfig: []ConfigField{{Key: "plan", Type: FieldSelect, Options: []Option{{Value: "s"}}}}}
	if err := CheckMetadata(good); err != nil {
		t.Fatalf("good metadata: %v", err)
	}
	cases := []struct {
		name   string
		change func(*Metadata)
		want   string
	}{
		{"uppercase name", func(m *Metadata) { m.Name = "MyPanel" }, `name "MyPanel" must be lowercase`},
		{"no version", func(m *Metadata) { m.Version = "" }, "version is empty"},
		{"no display name", func(m *Metadata) { m.DisplayName = "" }, "display name is empty"},
		{"field without key", func(m *Metadata) { m.ServerConfig = append(m.ServerConfig, ConfigField{}) }, "server config field 1 has no key"},
		{"key twice", func(m *Metadata) { m.ProductConfig = append(m.ProductConfig, ConfigField{Key: "plan"}) }, `product config field "plan" appears twice`},
		{"select without options", func(m *Metadata) { m.ServerConfig[0] = ConfigField{Key: "os", Type: FieldSelect} }, `server config field "os" is a select without options`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := good
			m.ServerConfig = append([]ConfigField(nil), good.ServerConfig...)
			m.ProductConfig = append([]ConfigField(nil), good.ProductConfig...)
			c.change(&m)
			err := CheckMetadata(m)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("CheckMetadata: %v, want it to say %q", err, c.want)
			}
		})
	}
}
