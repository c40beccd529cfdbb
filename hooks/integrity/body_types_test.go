package integrity

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

func TestWrongType(t *testing.T) {
	num := &core.NumberField{Name: "n"}
	boolean := &core.BoolField{Name: "b"}
	text := &core.TextField{Name: "t"}
	single := &core.SelectField{Name: "s", MaxSelect: 1, Values: []string{"a", "b"}}
	multi := &core.SelectField{Name: "m", MaxSelect: 2, Values: []string{"a", "b"}}
	rel := &core.RelationField{Name: "r", MaxSelect: 1}
	rels := &core.RelationField{Name: "rs", MaxSelect: 9}
	json := &core.JSONField{Name: "j"}

	cases := []struct {
		field core.Field
		value any
		want  string
	}{
		{num, 12.0, ""}, {num, "12", "a number"}, {num, "ten", "a number"}, {num, true, "a number"}, {num, nil, ""},
		{boolean, true, ""}, {boolean, "yes", "true or false"}, {boolean, 1.0, "true or false"},
		{text, "x", ""}, {text, 5.0, "a string"}, {text, []any{"x"}, "a string"},
		{single, "a", ""}, {single, []any{"a"}, ""}, {single, []any{"a", "b"}, "a string"}, {single, 3.0, "a string"},
		{multi, []any{"a", "b"}, ""}, {multi, []any{"a", 2.0}, "a list of strings"},
		{rel, "abc", ""}, {rel, 42.0, "a record id"}, {rels, []any{"a", "b"}, ""}, {rels, map[string]any{}, "a list of record ids"},
		{json, map[string]any{"x": 1.0}, ""}, {json, "anything", ""},
	}
	for _, c := range cases {
		if got := wrongType(c.field, c.value); got != c.want {
			t.Errorf("%s = %#v: got %q, want %q", c.field.GetName(), c.value, got, c.want)
		}
	}
}

func TestBodyTypeErrorsHiddenFields(t *testing.T) {
	col := core.NewBaseCollection("servers")
	col.Fields.Add(&core.TextField{Name: "credentials", Hidden: true}, &core.NumberField{Name: "capacity"})
	body := map[string]any{"credentials": `{"k":"v"}`, "capacity+": "1", "unknown": 5.0}

	errs := bodyTypeErrors(col, body, false)
	if errs["credentials"] == nil || errs["capacity"] == nil || len(errs) != 2 {
		t.Fatalf("want errors for the hidden field and the modifier's value, got %v", errs)
	}
	if errs := bodyTypeErrors(col, body, true); errs["credentials"] != nil || errs["capacity"] == nil {
		t.Fatalf("a superuser may set hidden fields but not send a string for a number: %v", errs)
	}
}
