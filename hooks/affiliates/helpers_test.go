package affiliates_test

import "strings"

func lower(s string) string { return strings.ToLower(s) }

func contains(body []byte, s string) bool { return strings.Contains(string(body), s) }
